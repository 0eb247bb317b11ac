package dev.mutualtls.pki.internal;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The JDK's PKIX trust manager over explicit trust anchors, and hostname checking for clients. */
public final class TrustManagers {
  private TrustManagers() {}

  /** PKIX builder parameters trusting exactly {@code anchors}, revocation off (the JDK default). */
  public static PKIXBuilderParameters parameters(Collection<X509Certificate> anchors) {
    try {
      Set<TrustAnchor> trustAnchors = new HashSet<>();
      for (X509Certificate anchor : anchors) {
        trustAnchors.add(new TrustAnchor(anchor, null));
      }
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustAnchors, new X509CertSelector());
      parameters.setRevocationEnabled(false);
      return parameters;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JDK's own PKIX trust manager (what {@code TrustManagerFactory} gives) over these parameters. */
  public static X509ExtendedTrustManager jdk(PKIXBuilderParameters parameters) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(new CertPathTrustManagerParameters(parameters));
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager) {
          return (X509ExtendedTrustManager) manager;
        }
      }
      throw new IllegalStateException("the PKIX TrustManagerFactory made no X509ExtendedTrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Wraps a trust manager so that a client checks the server's name even when the socket or engine was
   * not told to ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}). A plain
   * {@code SSLSocket} otherwise accepts a server certificate issued for any name.
   */
  public static X509ExtendedTrustManager verifyingHostnames(X509ExtendedTrustManager delegate) {
    return new HostnameVerifying(delegate);
  }

  private static final class HostnameVerifying extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    HostnameVerifying(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
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
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType, socket);
      if (socket instanceof SSLSocket) {
        SSLSocket ssl = (SSLSocket) socket;
        if (ssl.getSSLParameters().getEndpointIdentificationAlgorithm() == null) {
          verify(chain[0], ssl.getHandshakeSession());
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType, engine);
      if (engine != null && engine.getSSLParameters().getEndpointIdentificationAlgorithm() == null) {
        verify(chain[0], engine.getHandshakeSession());
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  private static void verify(X509Certificate leaf, SSLSession session) throws CertificateException {
    String host = session == null ? null : session.getPeerHost();
    if (host != null && !host.isEmpty()) {
      verifyHostname(leaf, host);
    }
  }

  /**
   * Checks {@code host} against the certificate as RFC 6125 and the JDK's HTTPS rules do: IP literals
   * against IP SANs, names against DNS SANs (a wildcard matches one left-most label), the CN only when
   * there is no DNS SAN. The messages are the JDK's, so failures read the same either way.
   */
  public static void verifyHostname(X509Certificate leaf, String host) throws CertificateException {
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (Names.isIpAddress(name)) {
      InetAddress wanted = literal(name);
      for (String ip : subjectAltNames(leaf, 7)) {
        if (Names.isIpAddress(ip) && literal(ip).equals(wanted)) {
          return;
        }
      }
      throw new CertificateException("No subject alternative names matching IP address " + name + " found");
    }
    List<String> dnsNames = subjectAltNames(leaf, 2);
    if (!dnsNames.isEmpty()) {
      for (String dns : dnsNames) {
        if (matches(name, dns)) {
          return;
        }
      }
      throw new CertificateException("No subject alternative DNS name matching " + name + " found.");
    }
    String cn = commonName(leaf);
    if (cn == null || !matches(name, cn)) {
      throw new CertificateException("No name matching " + name + " found");
    }
  }

  private static boolean matches(String host, String pattern) {
    String h = strip(host.toLowerCase(Locale.ROOT));
    String p = strip(pattern.toLowerCase(Locale.ROOT));
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot).equals(p.substring(1));
    }
    return h.equals(p);
  }

  private static String strip(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  /** The subjectAltName values of one type (2 = DNS, 6 = URI, 7 = IP), in order. */
  public static List<String> subjectAltNames(X509Certificate certificate, int type) {
    List<String> values = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (((Integer) name.get(0)) == type) {
            values.add((String) name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName in " + certificate.getSubjectX500Principal(), e);
    }
    return values;
  }

  /** The first CN of the subject, or null. */
  public static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return rdn.getValue().toString();
        }
      }
      return null;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
