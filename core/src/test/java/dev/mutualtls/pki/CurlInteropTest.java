package dev.mutualtls.pki;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.testing.Peers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * curl (OpenSSL underneath) completes an HTTPS request with its client certificate to a JDK
 * {@code HttpsServer} that requires one, both built from {@link Identity#writePem} files and
 * {@link Identity#sslContext}: curl checks the server's chain and name, the server checks curl's chain.
 */
class CurlInteropTest {

  /** What the server saw of one request. */
  private record Seen(X509Certificate client, String protocol) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(KeyType.EC_P256, "TLSv1.3", 0, "localhost"),
        Arguments.of(KeyType.EC_P256, "TLSv1.2", 0, "localhost"),
        Arguments.of(KeyType.EC_P256, "TLSv1.3", 2, "127.0.0.1"),
        Arguments.of(KeyType.EC_P256, "TLSv1.2", 2, "127.0.0.1"),
        Arguments.of(KeyType.EC_P384, "TLSv1.3", 1, "localhost"),
        Arguments.of(KeyType.RSA_2048, "TLSv1.3", 1, "localhost"),
        Arguments.of(KeyType.RSA_2048, "TLSv1.2", 1, "localhost"),
        Arguments.of(KeyType.ED25519, "TLSv1.3", 1, "localhost"),
        Arguments.of(KeyType.ED25519, "TLSv1.2", 1, "localhost"));
  }

  @ParameterizedTest(name = "{0} over {1} with {2} intermediates, to https://{3}")
  @MethodSource("cases")
  void curlPresentsItsCertificateAndTheServerSeesIt(KeyType type, String protocol, int depth, String host,
      @TempDir Path dir) throws Exception {
    Path curl = Peers.require("curl");
    CertificateAuthority root = CertificateAuthority.builder().keyType(type).build();
    CertificateAuthority issuing = root;
    for (int i = 1; i <= depth; i++) {
      issuing = issuing.intermediate("Intermediate " + i);
    }
    Identity server = issuing.server();
    Identity client = issuing.client("curl-client");
    client.writePem(dir, "client");
    Files.writeString(dir.resolve("ca.pem"), root.certificatePem());

    CompletableFuture<Seen> seen = new CompletableFuture<>();
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(server.sslContext(root)) {
      @Override
      public void configure(HttpsParameters params) {
        // Not params.setNeedClientAuth(true): before JDK 23 the server then calls setWantClientAuth(false),
        // which clears it, and no client certificate is ever requested (JDK-8326381).
        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        params.setSSLParameters(ssl);
      }
    });
    https.createContext("/", exchange -> {
      try (exchange) {
        SSLSession session = ((HttpsExchange) exchange).getSSLSession();
        seen.complete(new Seen((X509Certificate) session.getPeerCertificates()[0], session.getProtocol()));
        byte[] body = ("hello " + session.getPeerPrincipal().getName()).getBytes(UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (RuntimeException | IOException e) {
        seen.completeExceptionally(e);
        throw e;
      }
    });
    https.start();
    try {
      int port = https.getAddress().getPort();
      List<String> command = new ArrayList<>(List.of(curl.toString(), "--silent", "--show-error", "--fail",
          "--max-time", "30", "--noproxy", "*", "--cacert", "ca.pem", "--cert", "client.pem", "--key",
          "client-key.pem"));
      command.addAll(protocol.equals("TLSv1.3") ? List.of("--tlsv1.3") : List.of("--tlsv1.2", "--tls-max", "1.2"));
      // Pins the name to the IPv4 loopback the server listens on, whatever localhost resolves to here.
      command.addAll(List.of("--resolve", "localhost:" + port + ":127.0.0.1"));
      command.add("https://" + host + ":" + port + "/");

      Peers.Result result = Peers.run(dir, command);

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.stdout()).as(result.describe()).isEqualTo("hello CN=curl-client,O=mutualtls");
      Seen request = seen.get(10, TimeUnit.SECONDS);
      assertThat(request.client()).isEqualTo(client.certificate());
      assertThat(request.protocol()).isEqualTo(protocol);
    } finally {
      https.stop(0);
    }
  }
}
