package dev.mutualtls.recipes.spring.hardening;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.springframework.boot.ssl.SslBundle;

/**
 * Tomcat's {@link org.apache.tomcat.util.net.SSLContext} over the JSSE context of a Spring {@link SslBundle}: the
 * bundle's own key and trust managers, which Tomcat would otherwise not use (see
 * {@link TomcatSslContextConfiguration}). Tomcat takes a context given to it as it is: it never initialises or
 * destroys it, and asks it only for engines, session settings and, for its log, the certificates it presents and
 * accepts. Thread-safe, as the JSSE context is.
 */
public final class SslBundleTomcatContext implements org.apache.tomcat.util.net.SSLContext {
  private final SslBundle bundle;
  private final SSLContext context;

  /** A context made now from {@code bundle}'s managers and protocol. */
  public SslBundleTomcatContext(SslBundle bundle) {
    this.bundle = bundle;
    this.context = bundle.createSslContext();
  }

  /** Does nothing: the context was initialised from the bundle when this object was made. */
  @Override
  public void init(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
  }

  /** Does nothing: a JSSE context holds nothing to release. */
  @Override
  public void destroy() {
  }

  @Override
  public SSLSessionContext getServerSessionContext() {
    return context.getServerSessionContext();
  }

  @Override
  public SSLEngine createSSLEngine() {
    return context.createSSLEngine();
  }

  @Override
  public SSLServerSocketFactory getServerSocketFactory() {
    return context.getServerSocketFactory();
  }

  @Override
  public SSLParameters getSupportedSSLParameters() {
    return context.getSupportedSSLParameters();
  }

  /** The chain the bundle's key managers hold under {@code alias}, or null. */
  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    for (KeyManager manager : bundle.getManagers().getKeyManagers()) {
      if (manager instanceof X509KeyManager keys && keys.getCertificateChain(alias) != null) {
        return keys.getCertificateChain(alias);
      }
    }
    return null;
  }

  /** The issuers the bundle's trust managers accept. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    List<X509Certificate> issuers = new ArrayList<>();
    for (TrustManager manager : bundle.getManagers().getTrustManagers()) {
      if (manager instanceof X509TrustManager trust) {
        issuers.addAll(List.of(trust.getAcceptedIssuers()));
      }
    }
    return issuers.toArray(new X509Certificate[0]);
  }
}
