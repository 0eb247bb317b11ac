package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.internal.BoundedHttpClient;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The clients of {@link HttpClients} never hang: its connect timeout covers a TLS handshake that never finishes, and a
 * request without a timeout of its own gets one, which covers a server that goes silent after the handshake.
 */
class HttpClientsTimeoutTest {
  /** A loopback server that accepts connections and then never answers: plain TCP, or after a TLS handshake. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "silent-server");
      thread.setDaemon(true);
      return thread;
    });
    private final List<Socket> accepted = new ArrayList<>();
    private final int answers;

    SilentServer(ServerSocket listener) {
      this(listener, 0);
    }

    /** Answers the first {@code answers} requests of each connection with 200 "once", then nothing. */
    SilentServer(ServerSocket listener, int answers) {
      this.listener = listener;
      this.answers = answers;
      threads.execute(this::serve);
    }

    int connections() {
      synchronized (accepted) {
        return accepted.size();
      }
    }

    private void serve() {
      while (!listener.isClosed()) {
        try {
          Socket socket = listener.accept();
          synchronized (accepted) {
            accepted.add(socket);
          }
          threads.execute(() -> {
            try {
              if (socket instanceof SSLSocket) {
                ((SSLSocket) socket).startHandshake();
              }
              InputStream in = socket.getInputStream();
              for (int answered = 0; answered < answers; answered++) {
                StringBuilder head = new StringBuilder();
                for (int b; !head.toString().endsWith("\r\n\r\n") && (b = in.read()) != -1; ) {
                  head.append((char) b);
                }
                socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nonce"
                    .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
              }
              while (in.read() != -1) {
                // read everything, answer nothing
              }
            } catch (IOException ignored) {
              // the client gave up
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    }

    int port() {
      return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (accepted) {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
      threads.shutdownNow();
    }
  }

  private static BoundedHttpClient client(CertificateAuthority ca, Duration timeout) {
    return (BoundedHttpClient) HttpClients.create(ca.client("client").sslContext(ca), timeout);
  }

  @Test
  void aHandshakeThatNeverEndsIsCutOffByTheConnectTimeout() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Duration timeout = Duration.ofMillis(500);
    BoundedHttpClient client = client(ca, timeout);
    try (SilentServer server = new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/")).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpConnectTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout)
          .isLessThan(Duration.ofSeconds(5));
    } finally {
      client.close();
    }
  }

  /**
   * The second request on a kept-alive connection meets a server gone silent: no connect, no handshake, so only the
   * request's default timeout can end the wait. (A first request that must also finish its handshake within the
   * timeout races the machine's load: under load 16 a handshake once took longer than 3 s.)
   */
  @Test
  void aServerSilentAfterTheHandshakeIsCutOffByTheDefaultRequestTimeout() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Duration timeout = Duration.ofSeconds(1);
    Identity alice = ca.client("alice");
    BoundedHttpClient client = BoundedHttpClient.wrap(HttpClient.newBuilder().sslContext(alice.sslContext(ca))
        .connectTimeout(Duration.ofSeconds(60)).build(), timeout);
    SSLServerSocket listener = (SSLServerSocket) ca.server().sslContext(ca).getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    listener.setNeedClientAuth(true);
    try (SilentServer server = new SilentServer(listener, 1)) {
      URI uri = URI.create("https://localhost:" + server.port() + "/");
      HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(first.body()).isEqualTo("once");

      long start = System.nanoTime();
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class).isNotInstanceOf(HttpConnectTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout)
          .isLessThan(Duration.ofSeconds(10));
      assertThat(server.connections()).as("the second request reused the first's connection").isEqualTo(1);
    } finally {
      client.close();
    }
  }

  @Test
  void aRequestWithoutTimeoutGetsTheDefaultAndOneWithATimeoutKeepsIt() {
    CertificateAuthority ca = CertificateAuthority.create();
    SSLContext context = ca.client("client").sslContext(ca);
    BoundedHttpClient http = (BoundedHttpClient) HttpClients.create(context, Duration.ofSeconds(3));
    assertThat(http.connectTimeout()).contains(Duration.ofSeconds(3));
    assertThat(http.sslContext()).isSameAs(context);
    URI uri = URI.create("https://localhost:1/");
    assertThat(http.bounded(HttpRequest.newBuilder(uri).build()).timeout()).contains(Duration.ofSeconds(3));
    HttpRequest own = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).header("X-Kept", "yes")
        .POST(HttpRequest.BodyPublishers.ofString("body")).build();
    assertThat(http.bounded(own)).isSameAs(own);
    HttpRequest copied = http.bounded(HttpRequest.newBuilder(uri).header("X-Kept", "yes")
        .POST(HttpRequest.BodyPublishers.ofString("body")).build());
    assertThat(copied.headers().firstValue("X-Kept")).contains("yes");
    assertThat(copied.method()).isEqualTo("POST");
    assertThat(copied.bodyPublisher().orElseThrow().contentLength()).isEqualTo(4);
    http.close();
  }
}
