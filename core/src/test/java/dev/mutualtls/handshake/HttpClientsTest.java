package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HttpClient against a JDK HttpsServer that requires client certificates, judged by STRICT. */
class HttpClientsTest {
  private final CertificateAuthority ca = CertificateAuthority.create();
  private HttpsServer server;

  private void start(String protocol) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ca.server().sslContext(TrustPolicy.STRICT.trustManager(ca))) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
        parameters.setNeedClientAuth(true);
        parameters.setProtocols(new String[] {protocol});
        params.setSSLParameters(parameters);
      }
    });
    server.createContext("/", exchange -> {
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI uri() {
    return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
  }

  @ParameterizedTest(name = "a valid client gets its response over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void validClientGetsItsResponse(String protocol) throws Exception {
    start(protocol);
    HttpClient client = HttpClients.create(ca.client("alice").sslContext(ca));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
  }

  @ParameterizedTest(name = "a refused client certificate fails send() instead of hanging, over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void refusedCertificateFailsInsteadOfHanging(String protocol) throws IOException {
    start(protocol);
    HttpClient client = HttpClients.create(ca.defective(Defect.EXPIRED).sslContext(ca));
    // A guard against the JDK's hang, far above the client's timeout: not a performance assertion.
    assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri()).build(),
            HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(IOException.class));
  }
}
