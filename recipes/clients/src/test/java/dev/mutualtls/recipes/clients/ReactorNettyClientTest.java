package dev.mutualtls.recipes.clients;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.recipes.clients.Refusal.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.netty.http.client.HttpClient;

/** Reactor Netty's {@code HttpClient} with a {@link MutualTlsClient}'s certificate, and what a refusal looks like. */
@MutualTls
class ReactorNettyClientTest {
  @Test
  void callsTheServerWithTheClientsCertificate(MutualTlsServer server, MutualTlsClient client) throws SSLException {
    server.stubFor(get("/balance").willReturn(ok("42")));
    // tag::reactor-netty-client[]
    SslContext tls = SslContextBuilder.forClient()
        .keyManager(client.identity().keyManager())
        .trustManager(client.certificateAuthority().trustManager())
        .build();
    HttpClient http = HttpClient.create().secure(spec -> spec.sslContext(tls));
    // end::reactor-netty-client[]

    String answer = http.get().uri(server.uri("/balance"))
        .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text))
        .block(TIMEOUT);
    assertThat(answer).isEqualTo("200 42");
  }

  /** Calls {@code server} as {@code refused}, connect, handshake and response timeouts at {@link Refusal#TIMEOUT}. */
  static Refusal refusal(MutualTlsServer server, MutualTlsClient refused) throws SSLException {
    SslContext tls = SslContextBuilder.forClient()
        .keyManager(refused.identity().keyManager())
        .trustManager(refused.certificateAuthority().trustManager())
        .build();
    HttpClient http = HttpClient.create()
        .secure(spec -> spec.sslContext(tls).handshakeTimeout(TIMEOUT))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
        .responseTimeout(TIMEOUT);
    return Refusal.of(() -> http.get().uri(server.uri("/"))
        .responseSingle((response, body) -> body.asString())
        .block(TIMEOUT.multipliedBy(2)));
  }

  /** A server that accepts TLS 1.2 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.2")
  class Tls12 {
    @RepeatedTest(20)
    void showsTheAlertWrappedByBlockAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) throws SSLException {
      Refusal refusal = ReactorNettyClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      // block() wraps the checked exception in a package-private RuntimeException; Exceptions.unwrap gets it back.
      assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(RuntimeException.class)
          .hasMessageStartingWith("javax.net.ssl.SSLHandshakeException: ")
          .hasMessageEndingWith("Received fatal alert: certificate_unknown");
      assertThat(Exceptions.unwrap(refusal.thrown())).as("%s", refusal).satisfies(Refusal::isTheAlert);
    }
  }

  /** A server that accepts TLS 1.3 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.3")
  class Tls13 {
    @RepeatedTest(20)
    void showsTheAlertInADecoderExceptionAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) throws SSLException {
      Refusal refusal = ReactorNettyClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(DecoderException.class)
          .cause().satisfies(Refusal::isTheAlert);
    }
  }
}
