package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server certificate swapped under a running server: new connections get it at once, open ones keep theirs. */
class RotationServerTest {

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void newConnectionsGetTheNewCertificateWhileAnOpenConnectionKeepsTheOld(String protocol) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice");
    // tag::rotate[]
    Identity first = ca.server();
    Identity second = ca.server();
    try (HandshakeServer server = HandshakeServer.start(first, ca, TrustPolicy.STRICT, protocol);
        SSLSocket open = connect(alice, ca, server, protocol)) {
      assertThat(echo(open, "before")).isEqualTo("before");
      assertThat(server.probe(alice, ca).serverSerial()).contains(serial(first));

      server.rotate(second);

      HandshakeResult after = server.probe(alice, ca);
      assertThat(after.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(after.serverSerial()).contains(serial(second));
      // The connection opened before the rotation keeps its certificate, and works.
      assertThat(peerSerial(open)).isEqualTo(serial(first));
      assertThat(echo(open, "after")).isEqualTo("after");
    }
    // end::rotate[]
  }

  @Test
  void explainNamesTheSerialThePresentedCertificateHas() {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity second = ca.server();
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT)) {
      server.rotate(second);
      HandshakeResult result = server.probe(ca.client("alice"), ca);
      assertThat(result.explain()).contains("3. Certificate         server -> client  serial "
          + serial(second).toString(16) + " CN=localhost,O=mutualtls, issued by " + ca.subject().getName());
      assertThat(server.identity()).containsSame(second);
    }
  }

  @Test
  void everyHandshakeDuringRotationsGetsOneWholeIdentity() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice");
    List<Identity> identities = List.of(ca.server(), ca.server(), ca.server(), ca.server());
    Set<BigInteger> issued = identities.stream().map(RotationServerTest::serial).collect(Collectors.toSet());
    Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (HandshakeServer server = HandshakeServer.start(identities.get(0), ca, TrustPolicy.STRICT)) {
      List<Future<List<HandshakeResult>>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        // Each thread rotates before each of its probes, so rotations land in the middle of the others' handshakes.
        running.add(threads.submit(() -> {
          List<HandshakeResult> results = new ArrayList<>();
          for (int i = 0; i < 25; i++) {
            server.rotate(identities.get((thread + i) % identities.size()));
            results.add(server.probe(alice, ca));
          }
          return results;
        }));
      }
      for (Future<List<HandshakeResult>> future : running) {
        for (HandshakeResult result : future.get()) {
          assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.ACCEPTED);
          assertThat(result.serverSerial()).as(result.explain())
              .hasValueSatisfying(s -> assertThat(issued).contains(s));
          seen.add(result.serverSerial().orElseThrow());
        }
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(seen).hasSizeGreaterThan(1);
  }

  static SSLSocket connect(Identity client, CertificateAuthority ca, HandshakeServer server, String protocol)
      throws IOException {
    SSLSocket socket = (SSLSocket) client.sslContext(ca).getSocketFactory().createSocket("localhost", server.port());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {protocol});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  static String echo(SSLSocket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    byte[] back = socket.getInputStream().readNBytes(bytes.length);
    return new String(back, StandardCharsets.US_ASCII);
  }

  static BigInteger peerSerial(SSLSocket socket) throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
  }

  static BigInteger serial(Identity identity) {
    return identity.certificate().getSerialNumber();
  }
}
