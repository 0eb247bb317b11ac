package dev.mutualtls.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.pki.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The injected HttpClient never hangs: its connect timeout covers a TLS handshake that never finishes, and a
 * request without a timeout of its own gets one, which covers a server that goes silent after the handshake.
 */
class HttpClientTimeoutTest {
  /** A loopback server that accepts connections and then never answers: plain TCP, or after a TLS handshake. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "silent-server");
      thread.setDaemon(true);
      return thread;
    });
    private final List<Socket> accepted = new ArrayList<>();

    SilentServer(ServerSocket listener) {
      this.listener = listener;
      threads.execute(this::serve);
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

  private static MutualTlsClient client(CertificateAuthority ca, Duration timeout) {
    return new MutualTlsClient("client", null, ca.client("client"), ca, timeout, result -> {});
  }

  @Test
  void aHandshakeThatNeverEndsIsCutOffByTheConnectTimeout() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Duration timeout = Duration.ofMillis(500);
    MutualTlsClient client = client(ca, timeout);
    try (SilentServer server = new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/")).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.httpClient().send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpConnectTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout)
          .isLessThan(Duration.ofSeconds(5));
    } finally {
      client.close();
    }
  }

  @Test
  void aServerSilentAfterTheHandshakeIsCutOffByTheDefaultRequestTimeout() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Duration timeout = Duration.ofSeconds(3);
    MutualTlsClient client = client(ca, timeout);
    SSLServerSocket listener = (SSLServerSocket) ca.server().sslContext(ca).getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    listener.setNeedClientAuth(true);
    try (SilentServer server = new SilentServer(listener)) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/")).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.httpClient().send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class).isNotInstanceOf(HttpConnectTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout)
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      client.close();
    }
  }

  @Test
  void aRequestWithoutTimeoutGetsTheDefaultAndOneWithATimeoutKeepsIt() {
    CertificateAuthority ca = CertificateAuthority.create();
    MutualTlsClient client = client(ca, Duration.ofSeconds(3));
    TimeoutHttpClient http = (TimeoutHttpClient) client.httpClient();
    assertThat(http).isSameAs(client.httpClient());
    assertThat(http.connectTimeout()).contains(Duration.ofSeconds(3));
    assertThat(http.sslContext()).isSameAs(client.sslContext());
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
    client.close();
  }
}
