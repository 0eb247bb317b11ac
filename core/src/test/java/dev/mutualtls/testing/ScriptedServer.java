package dev.mutualtls.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A loopback server that behaves exactly as a test scripts it, to pin how the probe reads each behaviour: a TCP
 * listener that never speaks TLS, or a TLS server that asks for (and trusts any) client certificate and then stays
 * silent, speaks first, or answers the first request with given bytes. Not a model of any product. Thread-safe.
 */
public final class ScriptedServer implements AutoCloseable {
  /** What the server does once a connection is accepted (and, for TLS, its handshake completed). */
  public enum Behaviour {
    /** Reads everything and never answers. */
    SILENT,
    /** Writes the script at once, without waiting for the client, then reads until the client closes. */
    SPEAKS_FIRST,
    /** Reads the request head (up to a blank line), answers with the script, and closes. */
    ANSWERS
  }

  private final ServerSocket listener;
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "scripted-server");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private ScriptedServer(ServerSocket listener, SSLContext tls, String[] protocols, Behaviour behaviour,
      byte[] script) {
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
        threads.execute(() -> serve(socket, tls, protocols, behaviour, script));
      }
    });
  }

  /** A TCP listener that accepts connections and never sends a byte: no TLS, no answer. */
  public static ScriptedServer tcpOnly() throws IOException {
    return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null, null,
        Behaviour.SILENT, new byte[0]);
  }

  /**
   * A TLS server presenting {@code key}'s certificate, over {@code protocols}, asking for a client certificate and
   * trusting any, then behaving as {@code behaviour} with {@code script}.
   */
  public static ScriptedServer tls(KeyManager key, String[] protocols, Behaviour behaviour, String script)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {key}, new TrustManager[] {new TrustingAnything()}, null);
    return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), context, protocols,
        behaviour, script.getBytes(StandardCharsets.UTF_8));
  }

  /** The address to connect to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  private void serve(Socket raw, SSLContext tls, String[] protocols, Behaviour behaviour, byte[] script) {
    try (raw) {
      Socket socket = raw;
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, false);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setWantClientAuth(true);
        parameters.setProtocols(protocols);
        ssl.setSSLParameters(parameters);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        socket = ssl;
      }
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      switch (behaviour) {
        case SPEAKS_FIRST:
          out.write(script);
          out.flush();
          in.transferTo(OutputStream.nullOutputStream());
          break;
        case ANSWERS:
          readHead(in);
          out.write(script);
          out.flush();
          break;
        default:
          in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException ignored) {
      // the client went away
    } finally {
      open.remove(raw);
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1; ) {
      head.write(b);
      if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        return;
      }
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

  /** Trusts every client certificate: the scripted server is about the probe, not about validation. */
  private static final class TrustingAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
