package dev.mutualtls.junit;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** {@code eventuallyPresents} against a real TLS server that changes its certificate after a number of handshakes. */
class EventuallyPresentsTest {
  private static CertificateAuthority ca;
  private static Identity old;
  private static Identity renewed;

  @BeforeAll
  static void identities() {
    ca = CertificateAuthority.create();
    old = ca.server("localhost");
    renewed = ca.server("localhost");
  }

  @Test
  void passesAtOnceWhenTheServerAlreadyPresentsIt() throws Exception {
    try (SwitchingServer server = new SwitchingServer(old, renewed, 0, false)) {
      assertThatServer(server.address()).eventuallyPresents(renewed, Duration.ofSeconds(10));
      assertThat(server.handshakes.get()).isEqualTo(1);
    }
  }

  @Test
  void passesOnceTheServerSwitchesMidWait() throws Exception {
    try (SwitchingServer server = new SwitchingServer(old, renewed, 3, false)) {
      assertThatServer("127.0.0.1", server.address().getPort())
          .eventuallyPresents(renewed.certificate().getSerialNumber(), Duration.ofSeconds(10));
      assertThat(server.handshakes.get()).isEqualTo(4);
    }
  }

  @Test
  void seesTheCertificateOfAServerThatRequiresAClientCertificate() throws Exception {
    try (SwitchingServer server = new SwitchingServer(old, renewed, 1, true)) {
      assertThatServer(server.address()).eventuallyPresents(renewed, Duration.ofSeconds(10));
    }
    try (SwitchingServer server = new SwitchingServer(old, renewed, 1, true)) {
      assertThatServer(server.address()).presenting(ca.client("alice")).hostname("localhost")
          .eventuallyPresents(renewed, Duration.ofSeconds(10));
    }
  }

  @Test
  void failsWithWhatItSawAtEachPoll() throws Exception {
    try (SwitchingServer server = new SwitchingServer(old, renewed, Integer.MAX_VALUE, false)) {
      AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
          () -> assertThatServer(server.address()).eventuallyPresents(renewed, Duration.ofSeconds(2)));

      int polls = server.handshakes.get();
      assertThat(polls).isGreaterThan(1);
      String seen = "serial " + old.certificate().getSerialNumber().toString(16) + " (CN=localhost,O=mutualtls)";
      assertThat(error.getMessage())
          .startsWith("Expected the server at " + server.address().getHostString() + ":" + server.address().getPort()
              + " to present the"
              + " certificate with serial " + renewed.certificate().getSerialNumber().toString(16)
              + " within 2.000 s, but in " + polls + " polls it never did:\n  0.0")
          .matches("(?s).* to \\d\\.\\d{3} s \\(" + polls + " polls\\): " + seen.replace("(", "\\(")
              .replace(")", "\\)") + "\n");
      assertThat(error.getActual().getValue()).isEqualTo(seen);
    }
  }

  @Test
  void failsListingConnectionFailuresWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
        () -> assertThatServer("127.0.0.1", port).eventuallyPresents(renewed, Duration.ofMillis(200)));

    assertThat(error.getMessage()).contains("no certificate: ConnectException: Connection refused");
  }

  /** Presents {@code before} for the first {@code switchAfter} handshakes, then {@code after}. */
  private static final class SwitchingServer implements AutoCloseable {
    final AtomicInteger handshakes = new AtomicInteger();
    private final ServerSocket socket;
    private final Thread thread;

    SwitchingServer(Identity before, Identity after, int switchAfter, boolean needClientAuth) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket accepted = socket.accept()) {
            Identity identity = handshakes.getAndIncrement() < switchAfter ? before : after;
            try (SSLSocket tls = (SSLSocket) identity.sslContext(ca).getSocketFactory()
                .createSocket(accepted, null, true)) {
              tls.setUseClientMode(false);
              tls.setNeedClientAuth(needClientAuth);
              tls.startHandshake();
              tls.getInputStream().read();
            } catch (IOException refused) {
              // a refused or abandoned handshake is part of the test
            }
          } catch (IOException closed) {
            return;
          }
        }
      }, "switching-server");
      thread.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
