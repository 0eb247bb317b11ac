package dev.mutualtls.recipes.servers;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that trusts every certificate: the one servers in {@link Mode#ACCEPT_ANY} use to ask for a client
 * certificate without judging it. Never ship it. It extends {@link X509ExtendedTrustManager} so that JSSE does not
 * wrap it with its own algorithm checks, and it has a public no-argument constructor so that Tomcat can load it by
 * class name ({@code trustManagerClassName}). It names no acceptable issuers. Thread-safe: stateless.
 */
public final class TrustAnything extends X509ExtendedTrustManager {
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
