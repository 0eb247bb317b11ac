package dev.mutualtls.handshake.internal;

import dev.mutualtls.handshake.Side;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.internal.TrustManagers;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/** The JDK's PKIX trust manager, explained, plus the strict checks when asked for. */
public final class PolicyTrustManager extends X509ExtendedTrustManager {
  private final boolean strict;
  private final CertificateAuthority trusted;
  private final X509ExtendedTrustManager jdk;

  public PolicyTrustManager(boolean strict, CertificateAuthority trusted) {
    this.strict = strict;
    this.trusted = trusted;
    this.jdk = TrustManagers.verifyingHostnames(trusted.trustManager());
  }

  @FunctionalInterface
  private interface Check {
    void run() throws CertificateException;
  }

  private void judge(Side role, X509Certificate[] chain, String host, Check jdkCheck) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateRejection(dev.mutualtls.handshake.Reason.NO_CERTIFICATE,
          "the " + role.word() + " sent no certificate", java.util.List.of(), null);
    }
    try {
      jdkCheck.run();
    } catch (CertificateRejection e) {
      throw e;
    } catch (CertificateException e) {
      throw Judge.classify(role, chain, e, trusted, host);
    }
    if (strict) {
      Judge.strict(role, chain, trusted);
    }
  }

  private static String host(SSLSession session) {
    return session == null ? null : session.getPeerHost();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    judge(Side.CLIENT, chain, null, () -> jdk.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    judge(Side.CLIENT, chain, null, () -> jdk.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    judge(Side.CLIENT, chain, null, () -> jdk.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    judge(Side.SERVER, chain, null, () -> jdk.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = socket instanceof SSLSocket ? host(((SSLSocket) socket).getHandshakeSession()) : null;
    judge(Side.SERVER, chain, host, () -> jdk.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String host = engine == null ? null : host(engine.getHandshakeSession());
    judge(Side.SERVER, chain, host, () -> jdk.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }
}
