package dev.mutualtls.recipes.servers;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager for a TLS server that demands client certificates and must refuse every bad one, not only the
 * ones the JDK's default trust manager refuses. Give it to any JSSE server: an {@code SSLContext} (the JDK's
 * {@code HttpsServer}), Netty's {@code SslContextBuilder.trustManager(...)}, a Jetty {@code SslContextFactory}
 * subclass, a Tomcat {@code JSSEUtil} subclass.
 *
 * <pre>{@code
 * SSLContext context = SSLContext.getInstance("TLS");
 * context.init(keyManagers, new TrustManager[] {StrictClientTrust.trusting(trustStore)}, null);
 * }</pre>
 *
 * <p>The JDK's default trust manager accepts a revoked certificate (revocation checking is off), a CA
 * certificate used as a client's leaf, a certificate signed with SHA-1, an RSA key of 1024 bits and a
 * certificate without extended key usage. This one checks, in order, and refuses with a
 * {@link CertificateException} whose message starts with the {@link Rule} that failed:
 * <ol>
 *   <li>{@link Rule#NO_CERTIFICATE}: the client sent a certificate;
 *   <li>{@link Rule#PKIX}: the JDK's PKIX validation of the chain the client sent, up to a trusted certificate of the
 *       trust store (signatures, validity now, CA basic constraints and path lengths, name constraints,
 *       {@code jdk.certpath.disabledAlgorithms}), <em>with revocation checking</em> of every certificate below the
 *       trust anchor: the JDK's {@link PKIXRevocationChecker} asks the OCSP responder named in each certificate's
 *       authority information access, and a certificate whose status cannot be determined is refused (hard fail);
 *   <li>{@link Rule#CA_AS_LEAF}: the client's certificate is not a CA certificate (BasicConstraints cA=false);
 *   <li>{@link Rule#EXTENDED_KEY_USAGE}: it has an extended key usage extension naming {@code clientAuth};
 *   <li>{@link Rule#KEY_USAGE}: its key usage, when present, allows {@code digitalSignature} (the JDK's TLS
 *       trust manager checks this too, but a bare PKIX validation does not);
 *   <li>{@link Rule#WEAK_SIGNATURE}: no certificate of the path is signed with SHA-1, MD5 or MD2;
 *   <li>{@link Rule#WEAK_KEY}: no RSA or DSA key of the path has fewer than {@value #MINIMUM_MODULUS_BITS} bits.
 * </ol>
 *
 * <p>Why OCSP and not CRLs: the JDK fetches a CRL from a certificate's distribution point only when the JVM-wide
 * system property {@code com.sun.security.enableCRLDP} is set, and this class changes no JVM-wide state (no system or
 * security property, no default {@code SSLContext}); OCSP needs none. The JDK's OCSP timeout is its own
 * ({@code com.sun.security.ocsp.timeout}, 15 seconds unless the JVM was started with another), so a responder that
 * hangs holds the handshake that long. The chain must be sent in order, leaf first, as TLS requires.
 *
 * <p>Thread-safe and immutable: each check works on a copy of the PKIX parameters built once from the trust store.
 */
public final class StrictClientTrust extends X509ExtendedTrustManager {
  /** The smallest RSA modulus or DSA prime accepted anywhere in a client's path, in bits. */
  public static final int MINIMUM_MODULUS_BITS = 2048;

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final int DIGITAL_SIGNATURE = 0;
  /** SHA-1, MD5 and MD2 signatures: with RSA, ECDSA and DSA. */
  private static final Map<String, String> WEAK_SIGNATURES = Map.of(
      "1.2.840.113549.1.1.5", "SHA1withRSA",
      "1.3.14.3.2.29", "SHA1withRSA",
      "1.2.840.10045.4.1", "SHA1withECDSA",
      "1.2.840.10040.4.3", "SHA1withDSA",
      "1.2.840.113549.1.1.4", "MD5withRSA",
      "1.2.840.113549.1.1.2", "MD2withRSA");

  /** The rule a refused client certificate broke; the message of every refusal starts with its name. */
  public enum Rule {
    /** The client sent no certificate. */
    NO_CERTIFICATE,
    /** PKIX validation or revocation checking failed: untrusted, expired, revoked, unknown status... */
    PKIX,
    /** The client's certificate is a CA certificate. */
    CA_AS_LEAF,
    /** The client's certificate has no extended key usage, or one without clientAuth. */
    EXTENDED_KEY_USAGE,
    /** The client's certificate has a key usage without digitalSignature. */
    KEY_USAGE,
    /** A certificate of the path is signed with SHA-1, MD5 or MD2. */
    WEAK_SIGNATURE,
    /** A certificate of the path has an RSA or DSA key below {@value StrictClientTrust#MINIMUM_MODULUS_BITS} bits. */
    WEAK_KEY
  }

  private final PKIXBuilderParameters parameters;
  private final X509Certificate[] acceptedIssuers;

  private StrictClientTrust(PKIXBuilderParameters parameters) {
    this.parameters = parameters;
    this.acceptedIssuers = parameters.getTrustAnchors().stream().map(TrustAnchor::getTrustedCert)
        .toArray(X509Certificate[]::new);
  }

  /**
   * A trust manager trusting the certificate entries of {@code trustStore} (as a {@code TrustManagerFactory} over the
   * same store would) and applying every rule above.
   *
   * @throws IllegalArgumentException if the store holds no trusted certificate
   */
  public static StrictClientTrust trusting(KeyStore trustStore) {
    try {
      return new StrictClientTrust(new PKIXBuilderParameters(trustStore, new X509CertSelector()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("StrictClientTrust.trusting: the trust store must hold at least one trusted"
          + " certificate entry; " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw serverSide();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw serverSide();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw serverSide();
  }

  /** The trusted certificates: what the server's CertificateRequest names as acceptable issuers. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }

  private static CertificateException serverSide() {
    return new CertificateException("StrictClientTrust judges client certificates only; a client needs a trust"
        + " manager for server certificates");
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw refusal(Rule.NO_CERTIFICATE, "the client sent no certificate");
    }
    X509Certificate leaf = chain[0];
    List<X509Certificate> path = validate(chain);
    if (leaf.getBasicConstraints() != -1) {
      throw refusal(Rule.CA_AS_LEAF, subject(leaf) + " is a CA certificate (BasicConstraints cA=true); a client"
          + " must present an end-entity certificate");
    }
    List<String> usages;
    try {
      usages = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw refusal(Rule.EXTENDED_KEY_USAGE, subject(leaf) + " has an unreadable extended key usage: "
          + e.getMessage());
    }
    if (usages == null) {
      throw refusal(Rule.EXTENDED_KEY_USAGE, subject(leaf) + " has no extended key usage; a client certificate must"
          + " name clientAuth (" + CLIENT_AUTH + ")");
    }
    if (!usages.contains(CLIENT_AUTH)) {
      throw refusal(Rule.EXTENDED_KEY_USAGE, subject(leaf) + " has extended key usage " + usages + " without"
          + " clientAuth (" + CLIENT_AUTH + ")");
    }
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null && (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE])) {
      throw refusal(Rule.KEY_USAGE, subject(leaf) + " has a key usage without digitalSignature, which a TLS client"
          + " needs to sign the handshake");
    }
    for (X509Certificate certificate : path) {
      String weak = WEAK_SIGNATURES.get(certificate.getSigAlgOID());
      if (weak != null) {
        throw refusal(Rule.WEAK_SIGNATURE, subject(certificate) + " is signed with " + weak
            + "; SHA-1, MD5 and MD2 signatures can be forged");
      }
      int bits = modulusBits(certificate.getPublicKey());
      if (bits != 0 && bits < MINIMUM_MODULUS_BITS) {
        throw refusal(Rule.WEAK_KEY, subject(certificate) + " has a " + bits + "-bit "
            + certificate.getPublicKey().getAlgorithm() + " key; at least " + MINIMUM_MODULUS_BITS + " bits are"
            + " required");
      }
    }
  }

  /** PKIX validation with OCSP of every certificate below the anchor; returns the validated path, anchor excluded. */
  private List<X509Certificate> validate(X509Certificate[] chain) throws CertificateException {
    List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
    // A client may send the root too; the path handed to the validator ends below the trust anchor.
    while (path.size() > 1 && Arrays.asList(acceptedIssuers).contains(path.get(path.size() - 1))) {
      path.remove(path.size() - 1);
    }
    try {
      CertPathValidator validator = CertPathValidator.getInstance("PKIX");
      // A checker of its own per check: a PKIXRevocationChecker is stateful. Added to the parameters, it replaces the
      // JDK's implicit one, which would follow JVM-wide properties.
      PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
      // OCSP at the URL in each certificate; no fallback to CRLs, which the JDK would look for only in cert stores
      // (or at distribution points with a JVM-wide switch) and so could never find here.
      revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK));
      PKIXBuilderParameters copy = (PKIXBuilderParameters) parameters.clone();
      copy.addCertPathChecker(revocation);
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      validator.validate(certPath, copy);
      return path;
    } catch (CertPathValidatorException e) {
      throw refusal(Rule.PKIX, subject(chain[0]) + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw refusal(Rule.PKIX, subject(chain[0]) + " could not be validated: " + e, e);
    }
  }

  private static int modulusBits(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return ((RSAPublicKey) key).getModulus().bitLength();
    }
    if (key instanceof DSAPublicKey && ((DSAPublicKey) key).getParams() != null) {
      return ((DSAPublicKey) key).getParams().getP().bitLength();
    }
    return 0;
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  private static CertificateException refusal(Rule rule, String detail) {
    return new CertificateException(rule + ": " + detail);
  }

  private static CertificateException refusal(Rule rule, String detail, Throwable cause) {
    return new CertificateException(rule + ": " + detail, cause);
  }
}
