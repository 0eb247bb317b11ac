package dev.mutualtls.demo;

import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS 1.3 server that refuses every client certificate the rudest way a server can: it resets the TCP
 * connection the moment it sees the certificate, so no alert ever reaches the client. What a client sees is
 * then exactly what a server that closes without draining (Jetty, for one) sometimes makes it see: the reset
 * overtaking the alert. One connection at a time; close it to stop.
 */
final class ResettingPartner implements AutoCloseable {
  private final ServerSocket listener;
  private final SSLContext context;
  private volatile Socket current;

  ResettingPartner(Identity server) throws IOException, GeneralSecurityException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    context = SSLContext.getInstance("TLSv1.3");
    context.init(new KeyManager[] {server.keyManager()}, new TrustManager[] {new Resetting()}, null);
    Thread thread = new Thread(this::serve, "resetting-partner");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket raw = listener.accept()) {
        current = raw;
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, null, raw.getPort(), false);
        tls.setUseClientMode(false);
        tls.setNeedClientAuth(true);
        tls.setEnabledProtocols(new String[] {"TLSv1.3"});
        tls.startHandshake();
      } catch (IOException expected) {
        // the reset, or the listener closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  /** Resets the connection instead of judging the certificate. */
  private final class Resetting extends X509ExtendedTrustManager {
    private CertificateException reset() throws CertificateException {
      try {
        current.setSoLinger(true, 0);
        current.close();
      } catch (IOException e) {
        throw new CertificateException(e);
      }
      return new CertificateException("connection reset instead of an alert");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw reset();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw reset();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw reset();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
