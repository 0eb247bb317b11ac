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
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.http2.ConnectionShutdownException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** OkHttp 5 with a {@link MutualTlsClient}'s certificate, and what its caller sees when the server refuses it. */
@MutualTls
class OkHttpClientTest {
  @Test
  void callsTheServerWithTheClientsCertificate(MutualTlsServer server, MutualTlsClient client) throws IOException {
    server.stubFor(get("/balance").willReturn(ok("42")));
    // tag::okhttp-client[]
    OkHttpClient http = new OkHttpClient.Builder()
        .sslSocketFactory(client.sslContext().getSocketFactory(), client.certificateAuthority().trustManager())
        .build();
    // end::okhttp-client[]

    try (Response response = http.newCall(new Request.Builder().url(server.uri("/balance").toString()).build())
        .execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("42");
    }
  }

  /** Calls {@code server} as {@code refused}, OkHttp's connect, read and write timeouts at {@link Refusal#TIMEOUT}. */
  static Refusal refusal(MutualTlsServer server, MutualTlsClient refused) {
    OkHttpClient http = new OkHttpClient.Builder()
        .sslSocketFactory(refused.sslContext().getSocketFactory(), refused.certificateAuthority().trustManager())
        .connectTimeout(TIMEOUT)
        .readTimeout(TIMEOUT)
        .writeTimeout(TIMEOUT)
        .build();
    return Refusal.of(() -> {
      try (Response response = http.newCall(new Request.Builder().url(server.uri("/").toString()).build())
          .execute()) {
        response.body().string();
      }
    });
  }

  /** A server that accepts TLS 1.2 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.2")
  class Tls12 {
    @RepeatedTest(20)
    void showsTheAlertOrABrokenPipeAtOnce(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
      Refusal refusal = OkHttpClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      assertThat(refusal.thrown()).as("%s", refusal).satisfiesAnyOf(Refusal::isTheAlert, Refusal::isBrokenPipe);
    }
  }

  /** A server that accepts TLS 1.3 only. */
  @Nested
  @MutualTls(protocols = "TLSv1.3")
  class Tls13 {
    @RepeatedTest(20)
    void showsTheAlertOrAClosedConnectionAtOnce(
        MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
      Refusal refusal = OkHttpClientTest.refusal(server, expired);
      assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
      // The handshake finished on the client's side and OkHttp chose HTTP/2: the server's close can reach it as the
      // alert, a failed write, or the HTTP/2 connection shut down or closed under the call.
      assertThat(refusal.thrown()).as("%s", refusal).satisfiesAnyOf(Refusal::isTheAlert, Refusal::isBrokenPipe,
          Refusal::isOutboundClosed,
          thrown -> assertThat(thrown).isExactlyInstanceOf(ConnectionShutdownException.class),
          thrown -> assertThat(thrown).isExactlyInstanceOf(IOException.class).hasMessage("closed"));
    }
  }
}
