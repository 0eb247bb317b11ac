package dev.mutualtls.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain JDK TLS server, as users write one: an {@code SSLServerSocket} whose trust manager is the JDK's PKIX one
 * over a trust store, so its CertificateRequest names the trust store's CAs; it requires a client certificate unless
 * told otherwise, and answers an accepted client's request with {@code 200 OK}. Thread-safe.
 */
public final class JdkServer implements Closeable {
  private final SSLServerSocket listener;
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "jdk-server");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private JdkServer(SSLServerSocket listener) {
    this.listener = listener;
    threads.execute(() -> {
      while (!listener.isClosed()) {
        Socket socket;
        try {
          socket = listener.accept();
        } catch (IOException e) {
          return;
        }
        open.add(socket);
        threads.execute(() -> serve((SSLSocket) socket));
      }
    });
  }

  /**
   * Starts a server presenting {@code key}, trusting {@code trustStore}'s certificates, with its parameters changed
   * by {@code parameters} after {@code needClientAuth} is set.
   */
  public static JdkServer start(KeyManager key, KeyStore trustStore, Consumer<SSLParameters> parameters)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {key}, trust.getTrustManagers(), null);
    SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    SSLParameters sslParameters = listener.getSSLParameters();
    sslParameters.setNeedClientAuth(true);
    parameters.accept(sslParameters);
    listener.setSSLParameters(sslParameters);
    return new JdkServer(listener);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  private void serve(SSLSocket socket) {
    try (socket) {
      socket.startHandshake();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      int b;
      while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) != -1) {
        head.append((char) b);
      }
      socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // a refused client: the probe reports what it saw
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : open) {
      socket.close();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
