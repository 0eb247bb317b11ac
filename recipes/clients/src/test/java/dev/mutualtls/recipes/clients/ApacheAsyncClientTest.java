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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Apache HttpClient 5 (async) with a {@link MutualTlsClient}'s certificate, and what a refusal looks like. */
@MutualTls
class ApacheAsyncClientTest {
  @Test
  void callsTheServerWithTheClientsCertificate(MutualTlsServer server, MutualTlsClient client) throws Exception {
    server.stubFor(get("/balance").willReturn(ok("42")));
    // tag::apache-async-client[]
    CloseableHttpAsyncClient http = HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setTlsStrategy(new DefaultClientTlsStrategy(client.sslContext()))
            .build())
        .build();
    http.start();
    // end::apache-async-client[]

    try (http) {
      SimpleHttpResponse response = http.execute(SimpleRequestBuilder.get(server.uri("/balance")).build(), null)
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(response.getCode()).isEqualTo(200);
      assertThat(response.getBodyText()).isEqualTo("42");
    }
  }

  /** Calls {@code server} as {@code refused}, the connect, socket and handshake timeouts at {@link Refusal#TIMEOUT}. */
  static Refusal refusal(MutualTlsServer server, MutualTlsClient refused) throws Exception {
    try (CloseableHttpAsyncClient http = HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setTlsStrategy(new DefaultClientTlsStrategy(refused.sslContext()))
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(TIMEOUT))
                .setSocketTimeout(Timeout.of(TIMEOUT))
                .build())
            .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(Timeout.of(TIMEOUT)).build())
            .build())
        .build()) {
      http.start();
      return Refusal.of(() -> http.execute(SimpleRequestBuilder.get(server.uri("/")).build(), null)
          .get(TIMEOUT.multipliedBy(2).toSeconds(), TimeUnit.SECONDS));
    }
  }

  /** A server that accepts TLS 1.2 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.2")
  class Tls12 {
    @RepeatedTest(20)
    void showsTheAlertInAnExecutionExceptionAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
      Refusal refusal = ApacheAsyncClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(ExecutionException.class)
          .cause().satisfies(Refusal::isTheAlert);
    }
  }

  /** A server that accepts TLS 1.3 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.3")
  class Tls13 {
    @RepeatedTest(20)
    void showsAClosedConnectionNotTheAlertAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
      Refusal refusal = ApacheAsyncClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(RequestNotExecutedException.class).hasMessage("Connection is closed");
    }
  }
}
