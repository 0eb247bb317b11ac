package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.testing.Peers;
import java.io.IOException;
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
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Python's {@code ssl} module, configured as applications configure it
 * ({@code create_default_context(cafile=...)}, {@code load_cert_chain}) and with X.509 strict checks on,
 * completes a mutual handshake with a JDK {@code SSLServerSocket} that requires a client certificate, and
 * reads a byte back: under TLS 1.3 that read is what proves the server accepted the client.
 */
class PythonSslInteropTest {
  private static final String CLIENT = """
      import socket, ssl, sys
      port, protocol = int(sys.argv[1]), sys.argv[2]
      context = ssl.create_default_context(cafile="ca.pem")
      # Python 3.13 sets this by default; older ones are made as strict here.
      context.verify_flags |= ssl.VERIFY_X509_STRICT
      version = ssl.TLSVersion.TLSv1_3 if protocol == "TLSv1.3" else ssl.TLSVersion.TLSv1_2
      context.minimum_version = context.maximum_version = version
      context.load_cert_chain("client.pem", "client-key.pem")
      with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
          with context.wrap_socket(raw, server_hostname="localhost") as tls:
              tls.sendall(b"*")
              echoed = tls.recv(1)
              subject = dict(field[0] for field in tls.getpeercert()["subject"])
              print(tls.version(), echoed.decode(), subject["commonName"])
      """;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (KeyType type : List.of(KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_2048, KeyType.ED25519)) {
      for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
        for (int depth : new int[] {0, 2}) {
          cases.add(Arguments.of(type, protocol, depth));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} over {1} with {2} intermediates")
  @MethodSource("cases")
  void pythonCompletesAMutualHandshakeAndReadsAByteBack(KeyType type, String protocol, int depth,
      @TempDir Path dir) throws Exception {
    Path python = Peers.require("python3");
    CertificateAuthority root = CertificateAuthority.builder().keyType(type).build();
    CertificateAuthority issuing = root;
    for (int i = 1; i <= depth; i++) {
      issuing = issuing.intermediate("Intermediate " + i);
    }
    Identity server = issuing.server();
    Identity client = issuing.client("python-client");
    client.writePem(dir, "client");
    Files.writeString(dir.resolve("ca.pem"), root.certificatePem());

    try (SSLServerSocket listener = (SSLServerSocket) server.sslContext(root).getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      listener.setNeedClientAuth(true);
      // A client that never connects must fail the test, not hang it.
      listener.setSoTimeout(60_000);
      CompletableFuture<X509Certificate> seenByServer = new CompletableFuture<>();
      Thread serverThread = new Thread(() -> serve(listener, seenByServer), "python-interop-server");
      serverThread.setDaemon(true);
      serverThread.start();

      Peers.Result result = Peers.run(dir, python.toString(), "-I", "-c", CLIENT,
          String.valueOf(((InetSocketAddress) listener.getLocalSocketAddress()).getPort()), protocol);

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.stdout()).as(result.describe()).isEqualTo(protocol + " * localhost\n");
      assertThat(seenByServer.get(10, TimeUnit.SECONDS)).isEqualTo(client.certificate());
    }
  }

  /** Accepts one connection, records the client's certificate and echoes one byte. */
  private static void serve(SSLServerSocket listener, CompletableFuture<X509Certificate> seen) {
    try (SSLSocket socket = (SSLSocket) listener.accept()) {
      socket.setSoTimeout(60_000);
      socket.startHandshake();
      seen.complete((X509Certificate) socket.getSession().getPeerCertificates()[0]);
      int b = socket.getInputStream().read();
      socket.getOutputStream().write(b);
      socket.getOutputStream().flush();
    } catch (IOException | RuntimeException e) {
      seen.completeExceptionally(e);
    }
  }
}
