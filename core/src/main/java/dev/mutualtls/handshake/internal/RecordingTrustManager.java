package dev.mutualtls.handshake.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/** Remembers the server chain the client was shown and what the client thought of it. */
public final class RecordingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private volatile List<X509Certificate> serverChain = List.of();
  private volatile CertificateException refusal;
  private volatile boolean checked;
  private volatile String protocol;

  public RecordingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /** The protocol being negotiated when the server's certificate arrived, if seen. */
  public String protocol() {
    return protocol;
  }

  private void protocol(SSLSession session) {
    if (session != null && session.getProtocol() != null && !session.getProtocol().startsWith("NONE")) {
      protocol = session.getProtocol();
    }
  }

  public List<X509Certificate> serverChain() {
    return serverChain;
  }

  /** Whether the client got as far as checking the server's certificate. */
  public boolean checked() {
    return checked;
  }

  /** Why the client refused the server's certificate, if it did. */
  public CertificateException refusal() {
    return refusal;
  }

  @FunctionalInterface
  private interface Check {
    void run() throws CertificateException;
  }

  private void record(X509Certificate[] chain, Check check) throws CertificateException {
    serverChain = chain == null ? List.of() : List.copyOf(Arrays.asList(chain));
    checked = true;
    try {
      check.run();
    } catch (CertificateException e) {
      refusal = e;
      throw e;
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    record(chain, () -> delegate.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (socket instanceof SSLSocket) {
      protocol(((SSLSocket) socket).getHandshakeSession());
    }
    record(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (engine != null) {
      protocol(engine.getHandshakeSession());
    }
    record(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
