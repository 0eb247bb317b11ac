package dev.mutualtls.recipes.jetty;

import static dev.mutualtls.recipes.clients.Refusal.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.clients.Refusal;
import dev.mutualtls.recipes.servers.Mode;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Jetty 12's {@link HttpClient} with a {@link MutualTlsClient}'s certificate, and what its caller sees when the server
 * refuses it. WireMock's Jetty 11 cannot share a class path with Jetty 12, so the server is this module's Jetty 12
 * ({@link JettyServer}, {@code setNeedClientAuth(true)}, the JDK's TLS like {@code MutualTlsServer}), once per TLS
 * version.
 */
@MutualTls
class JettyClientTest {
  private static JettyServer tls12;
  private static JettyServer tls13;

  @BeforeAll
  static void start(CertificateAuthority ca, @ServerIdentity Identity identity) {
    tls12 = JettyServer.start(identity, ca, Mode.REQUIRE, "TLSv1.2");
    tls13 = JettyServer.start(identity, ca, Mode.REQUIRE, "TLSv1.3");
  }

  @AfterAll
  static void stop() {
    tls12.close();
    tls13.close();
  }

  @Test
  void callsTheServerWithTheClientsCertificate(MutualTlsClient client) throws Exception {
    // tag::jetty-client[]
    HttpClient http = new HttpClient();
    http.setSslContextFactory(new SslContextFactory.Client());
    http.getSslContextFactory().setSslContext(client.sslContext());
    http.start();
    // end::jetty-client[]

    try {
      ContentResponse response = http.newRequest(uri(tls13)).timeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).send();
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).contains("CN=client,O=mutualtls");
    } finally {
      http.stop();
    }
  }

  @RepeatedTest(20)
  void underTls12TheRefusalSurfacesAtOnceAsTheAlertOrAClosedConnection(
      @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
    Refusal refusal = refusal(tls12, expired);
    assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
    // The server's close may overtake the alert: Jetty then reports the failed write, wrapped or not.
    assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(ExecutionException.class).cause().satisfiesAnyOf(
        Refusal::isTheAlert,
        thrown -> assertThat(thrown).isExactlyInstanceOf(SSLHandshakeException.class).hasMessage("Broken pipe"),
        thrown -> assertThat(thrown).isExactlyInstanceOf(EofException.class).hasMessage("Broken pipe"),
        thrown -> assertThat(thrown).isExactlyInstanceOf(EofException.class)
            .cause().isExactlyInstanceOf(ClosedChannelException.class));
  }

  @RepeatedTest(20)
  void underTls13TheRefusalSurfacesAtOnceAsTheAlert(
      @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
    Refusal refusal = refusal(tls13, expired);
    assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
    assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(ExecutionException.class)
        .cause().satisfies(Refusal::isTheAlert);
  }

  private static Refusal refusal(JettyServer server, MutualTlsClient refused) throws Exception {
    HttpClient http = new HttpClient();
    http.setSslContextFactory(new SslContextFactory.Client());
    http.getSslContextFactory().setSslContext(refused.sslContext());
    http.setConnectTimeout(TIMEOUT.toMillis());
    http.setIdleTimeout(TIMEOUT.toMillis());
    http.start();
    try {
      return Refusal.of(() -> http.newRequest(uri(server)).timeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).send());
    } finally {
      http.stop();
    }
  }

  private static URI uri(JettyServer server) {
    return URI.create("https://localhost:" + server.address().getPort() + "/");
  }
}
