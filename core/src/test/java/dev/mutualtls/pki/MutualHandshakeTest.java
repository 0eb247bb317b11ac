package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real mutual handshakes on loopback between contexts made by {@link Identity#sslContext}. */
class MutualHandshakeTest {

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (KeyType type : KeyType.values()) {
      for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
        for (int depth : new int[] {0, 2}) {
          cases.add(Arguments.of(type, protocol, depth));
        }
      }
    }
    return cases.stream();
  }

  /** One hierarchy per key type, shared by its cases: an RSA-4096 key alone can cost seconds. */
  private static final Map<KeyType, List<CertificateAuthority>> HIERARCHIES = new ConcurrentHashMap<>();

  private static List<CertificateAuthority> hierarchy(KeyType type) {
    return HIERARCHIES.computeIfAbsent(type, t -> {
      CertificateAuthority root = CertificateAuthority.builder().keyType(t).build();
      CertificateAuthority first = root.intermediate("Intermediate 1");
      return List.of(root, first, first.intermediate("Intermediate 2"));
    });
  }

  @ParameterizedTest(name = "{0} over {1} with {2} intermediates")
  @MethodSource("cases")
  void serverAndClientAuthenticateEachOther(KeyType type, String protocol, int depth) throws Exception {
    CertificateAuthority root = hierarchy(type).get(0);
    CertificateAuthority issuing = hierarchy(type).get(depth);
    Identity server = issuing.server();
    Identity client = issuing.client("alice");
    assertThat(client.chain()).hasSize(depth + 1);

    SSLContext serverContext = server.sslContext(root);
    try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      listener.setEnabledProtocols(new String[] {protocol});
      CompletableFuture<X509Certificate> seenByServer = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
          socket.startHandshake();
          X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
          InputStream in = socket.getInputStream();
          OutputStream out = socket.getOutputStream();
          out.write(in.read());
          out.flush();
          return peer;
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });

      SSLContext clientContext = client.sslContext(root);
      try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        socket.getOutputStream().write(42);
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().read()).isEqualTo(42);
        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(server.certificate());
      }
      assertThat(seenByServer.get(10, TimeUnit.SECONDS)).isEqualTo(client.certificate());
    }
  }
}
