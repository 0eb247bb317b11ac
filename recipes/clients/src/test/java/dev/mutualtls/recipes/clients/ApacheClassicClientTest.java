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
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Apache HttpClient 5 (classic) with a {@link MutualTlsClient}'s certificate, and what a refusal looks like. */
@MutualTls
class ApacheClassicClientTest {
  @Test
  void callsTheServerWithTheClientsCertificate(MutualTlsServer server, MutualTlsClient client) throws IOException {
    server.stubFor(get("/balance").willReturn(ok("42")));
    // tag::apache-classic-client[]
    CloseableHttpClient http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(client.sslContext()))
            .build())
        .build();
    // end::apache-classic-client[]

    try (http) {
      String answer = http.execute(new HttpGet(server.uri("/balance")),
          response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
      assertThat(answer).isEqualTo("200 42");
    }
  }

  /** Calls {@code server} as {@code refused}, the connect, socket and handshake timeouts at {@link Refusal#TIMEOUT}. */
  static Refusal refusal(MutualTlsServer server, MutualTlsClient refused) throws IOException {
    try (CloseableHttpClient http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(refused.sslContext()))
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(TIMEOUT))
                .setSocketTimeout(Timeout.of(TIMEOUT))
                .build())
            .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(Timeout.of(TIMEOUT)).build())
            .build())
        .build()) {
      return Refusal.of(() -> http.execute(new HttpGet(server.uri("/")), response -> response.getCode()));
    }
  }

  /** A server that accepts TLS 1.2 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.2")
  class Tls12 {
    @RepeatedTest(20)
    void showsTheAlertOrABrokenPipeAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) throws IOException {
      Refusal refusal = ApacheClassicClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      assertThat(refusal.thrown()).as("%s", refusal).satisfiesAnyOf(Refusal::isTheAlert, Refusal::isBrokenPipe);
    }
  }

  /** A server that accepts TLS 1.3 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.3")
  class Tls13 {
    @RepeatedTest(20)
    void showsTheAlertOrABrokenPipeAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) throws IOException {
      Refusal refusal = ApacheClassicClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      assertThat(refusal.thrown()).as("%s", refusal).satisfiesAnyOf(Refusal::isTheAlert, Refusal::isBrokenPipe);
    }
  }
}
