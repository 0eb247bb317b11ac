package dev.mutualtls.recipes.trust;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager for servers that require client certificates and mean it: the JDK's own PKIX validation with
 * revocation checking switched on, followed by the checks the JDK's defaults skip. Copy it into a server as it is;
 * it needs nothing but the JDK.
 *
 * <pre>{@code
 * X509ExtendedTrustManager trust = StrictClientTrust.trusting(trustStore);   // the roots your clients chain to
 * SSLContext context = SSLContext.getInstance("TLS");
 * context.init(keyManagers, new TrustManager[] {trust}, null);
 * }</pre>
 *
 * <p>A client certificate chain is accepted only if every {@link Rule} passes, in this order:
 * <ol>
 *   <li>{@link Rule#PATH_VALIDATION}: what the JDK's default trust manager checks (a path to one of the trusted
 *       roots, validity dates, key usage and extended key usage where present, {@code jdk.certpath.disabledAlgorithms}
 *       and the TLS session's signature algorithms), and revocation: OCSP at the URL in each certificate's authority
 *       information access, falling back to the CRL at its CRL distribution point. Revocation fails hard: a
 *       certificate whose status cannot be learned (no URL, responder down) is refused.</li>
 *   <li>{@link Rule#NOT_A_CA}: the client's certificate is not a CA certificate
 *       ({@code BasicConstraints cA=true}).</li>
 *   <li>{@link Rule#STRONG_SIGNATURE}: no certificate the client sent is signed with MD2, MD5 or SHA-1.</li>
 *   <li>{@link Rule#STRONG_RSA_KEY}: no RSA key in the certificates the client sent is shorter than
 *       {@value #MINIMUM_RSA_KEY_BITS} bits.</li>
 *   <li>{@link Rule#CLIENT_AUTH_USAGE}: the client's certificate has an extended key usage extension naming
 *       {@code clientAuth}.</li>
 * </ol>
 * A refusal is a {@link CertificateException} whose message starts with the rule's name and names the certificate,
 * for the server's log (a JSSE server tells the client only {@code certificate_unknown}).
 *
 * <p>Why each rule: with its defaults the JDK accepts a CA certificate as a client's leaf, a revoked certificate
 * (revocation is off unless switched on, and switching it on JVM-wide takes system and security properties; here a
 * {@link PKIXRevocationChecker} of this trust manager's own does it), an RSA-1024 key (the JDK's floor is 1024) and a
 * SHA-1 signature (the JDK restricts SHA-1 only for server certificates chaining to its own cacerts), and it accepts a
 * certificate without extended key usage for any purpose. Nothing here changes JVM-wide state.
 *
 * <p>Immutable and thread-safe. It validates client certificates only: {@code checkServerTrusted} refuses everything.
 */
public final class StrictClientTrust extends X509ExtendedTrustManager {
  /** The shortest RSA key {@link Rule#STRONG_RSA_KEY} accepts (NIST SP 800-131A, CA/Browser Forum). */
  public static final int MINIMUM_RSA_KEY_BITS = 2048;

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** The checks, in the order they run; each refusal names one. */
  public enum Rule {
    /** The JDK's PKIX validation of the chain, with revocation checking (OCSP, then CRL) that fails hard. */
    PATH_VALIDATION,
    /** The client's certificate must not be a CA certificate. */
    NOT_A_CA,
    /** No certificate the client sent may be signed with MD2, MD5 or SHA-1. */
    STRONG_SIGNATURE,
    /** No RSA key in the certificates the client sent may be shorter than {@value #MINIMUM_RSA_KEY_BITS} bits. */
    STRONG_RSA_KEY,
    /** The client's certificate must carry an extended key usage extension that names {@code clientAuth}. */
    CLIENT_AUTH_USAGE
  }

  private final X509ExtendedTrustManager pkix;

  private StrictClientTrust(X509ExtendedTrustManager pkix) {
    this.pkix = pkix;
  }

  /**
   * A strict trust manager accepting client certificates that chain to a trusted certificate entry of
   * {@code trustStore}.
   *
   * @throws IllegalArgumentException if the store holds no trusted certificate
   */
  public static StrictClientTrust trusting(KeyStore trustStore) {
    Objects.requireNonNull(trustStore, "trustStore");
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustStore, new X509CertSelector());
      // A checker of our own: the JDK then asks the OCSP responder and CRL distribution point named in each
      // certificate, without the JVM-wide switches (ocsp.enable, com.sun.security.enableCRLDP) its built-in one needs.
      PKIXRevocationChecker revocation =
          (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX").getRevocationChecker();
      parameters.addCertPathChecker(revocation);
      parameters.setRevocationEnabled(true);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(new CertPathTrustManagerParameters(parameters));
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager) {
          return new StrictClientTrust((X509ExtendedTrustManager) manager);
        }
      }
      throw new IllegalStateException("the JDK's PKIX TrustManagerFactory made no X509ExtendedTrustManager");
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalArgumentException("StrictClientTrust.trusting: the trust store must hold at least one trusted"
          + " certificate entry (" + e.getMessage() + ")", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("StrictClientTrust: the JDK's PKIX implementation is not available", e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      pkix.checkClientTrusted(chain, authType);
    } catch (CertificateException e) {
      throw refused(Rule.PATH_VALIDATION, chain, e);
    }
    checkRules(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      pkix.checkClientTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw refused(Rule.PATH_VALIDATION, chain, e);
    }
    checkRules(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      pkix.checkClientTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw refused(Rule.PATH_VALIDATION, chain, e);
    }
    checkRules(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw serverCertificate();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw serverCertificate();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw serverCertificate();
  }

  /** The trusted roots: what the server names in its CertificateRequest. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private static void checkRules(X509Certificate[] chain) throws CertificateException {
    X509Certificate leaf = chain[0];
    if (leaf.getBasicConstraints() != -1) {
      throw refused(Rule.NOT_A_CA, chain, "it is a CA certificate (BasicConstraints cA=true)");
    }
    for (X509Certificate certificate : chain) {
      String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
      boolean selfSigned = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
      // A root's signature on itself proves nothing and is never checked; every other signature is.
      if (!selfSigned && (algorithm.contains("SHA1") || algorithm.contains("MD5") || algorithm.contains("MD2"))) {
        throw refused(Rule.STRONG_SIGNATURE, chain, describe(certificate) + " is signed with "
            + certificate.getSigAlgName());
      }
      PublicKey key = certificate.getPublicKey();
      if (key instanceof RSAKey && ((RSAKey) key).getModulus().bitLength() < MINIMUM_RSA_KEY_BITS) {
        throw refused(Rule.STRONG_RSA_KEY, chain, describe(certificate) + " has an RSA key of "
            + ((RSAKey) key).getModulus().bitLength() + " bits, fewer than " + MINIMUM_RSA_KEY_BITS);
      }
    }
    List<String> usages;
    try {
      usages = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw refused(Rule.CLIENT_AUTH_USAGE, chain, "its extended key usage cannot be parsed (" + e.getMessage() + ")");
    }
    if (usages == null) {
      throw refused(Rule.CLIENT_AUTH_USAGE, chain, "it has no extended key usage extension; clientAuth is required");
    }
    if (!usages.contains(CLIENT_AUTH)) {
      throw refused(Rule.CLIENT_AUTH_USAGE, chain, "its extended key usage " + usages + " does not name clientAuth ("
          + CLIENT_AUTH + ")");
    }
  }

  private static CertificateException refused(Rule rule, X509Certificate[] chain, String why) {
    return new CertificateException(rule + ": client certificate " + describe(chain) + " refused: " + why);
  }

  private static CertificateException refused(Rule rule, X509Certificate[] chain, CertificateException cause) {
    // The cause stays attached: TLS stacks that send specific alerts (BoringSSL under Netty) read the cause chain.
    return new CertificateException(rule + ": client certificate " + describe(chain) + " refused: "
        + cause.getMessage(), cause);
  }

  private static String describe(X509Certificate[] chain) {
    return chain == null || chain.length == 0 ? "(none)" : describe(chain[0]);
  }

  private static String describe(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  private static CertificateException serverCertificate() {
    return new CertificateException("StrictClientTrust validates client certificates only; use a trust manager for"
        + " servers to check a server's certificate");
  }
}
