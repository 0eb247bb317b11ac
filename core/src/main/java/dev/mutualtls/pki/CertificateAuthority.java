package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import dev.mutualtls.pki.internal.Names;
import dev.mutualtls.pki.internal.OcspResponder;
import dev.mutualtls.pki.internal.Pem;
import dev.mutualtls.pki.internal.X509Minter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * An ephemeral, in-memory certificate authority: a root (or an intermediate under one) that mints server
 * and client certificates for tests. Nothing touches the disk unless asked to. Thread-safe: any number of
 * threads may issue certificates concurrently.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create();
 * Identity server = ca.server();                    // CN=localhost; SANs localhost, 127.0.0.1, ::1
 * Identity client = ca.client("alice");             // CN=alice, EKU clientAuth
 * CertificateAuthority issuing = ca.intermediate("Issuing CA");
 * Identity bob = issuing.client("bob");             // chain: bob, Issuing CA
 * }</pre>
 *
 * <p>Every certificate is X.509 v3 by the book: a random positive 127-bit serial, subject and authority
 * key identifiers, critical BasicConstraints, critical KeyUsage fitted to the key type, SANs for every
 * host name and IP address, and a notBefore one hour in the past to absorb clock skew. Leaves are valid
 * for one day and CAs for two unless told otherwise.
 */
public final class CertificateAuthority {
  /** The default validity of a CA, counted from now. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(2);

  private final KeyType keyType;
  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final List<X509Certificate> path;
  private final X509Certificate root;
  private final Hierarchy hierarchy;
  private final String id;
  private final Set<BigInteger> issued = ConcurrentHashMap.newKeySet();
  private final DelegatedResponder ocspSigner = new DelegatedResponder();
  private final RevocationList revocations = new RevocationList();
  private final TrustMaterial trust;

  private CertificateAuthority(KeyType keyType, X509Certificate certificate, PrivateKey privateKey,
      List<X509Certificate> issuers, Hierarchy hierarchy) {
    this.hierarchy = hierarchy;
    this.id = HexFormat.of().formatHex(Crypto.keyIdentifier(certificate.getPublicKey()), 0, 8);
    hierarchy.authorities.add(this);
    this.keyType = keyType;
    this.certificate = certificate;
    this.privateKey = privateKey;
    List<X509Certificate> p = new ArrayList<>();
    p.add(certificate);
    p.addAll(issuers);
    this.path = Collections.unmodifiableList(p);
    this.root = p.get(p.size() - 1);
    this.trust = new TrustMaterial(root);
  }

  /** A new root CA with every default: EC P-256, a random subject, valid for two days. */
  public static CertificateAuthority create() {
    return builder().build();
  }

  /** A builder for a root CA. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A server identity for {@code hostnames} (DNS names or IP literals), with EKU serverAuth and this CA's
   * key type. The first name becomes the subject's CN. With no argument: {@code localhost},
   * {@code 127.0.0.1} and {@code ::1}.
   *
   * @throws IllegalArgumentException if a name is neither a DNS name nor an IP literal
   */
  public Identity server(String... hostnames) {
    String[] names = hostnames == null || hostnames.length == 0
        ? new String[] {"localhost", "127.0.0.1", "::1"} : hostnames;
    for (String name : names) {
      Names.requireHostname("CertificateAuthority.server hostnames", name);
    }
    return issue(CertificateSpec.builder()
        .clock(hierarchy.clock)
        .subject(Names.principal("CN", names[0], "O", "mutualtls").getName())
        .hostnames(names)
        .keyType(keyType)
        .extendedKeyUsages(ExtendedKeyUsage.SERVER_AUTH)
        .build());
  }

  /** A client identity {@code CN=<commonName>,O=mutualtls} with EKU clientAuth and this CA's key type. */
  public Identity client(String commonName) {
    return client(commonName, CertificateSpec.DEFAULT_LEAF_VALIDITY);
  }

  /**
   * Like {@link #client(String)}, expiring {@code validFor} from now (the CA's clock): {@code ca.client("alice",
   * Duration.ofSeconds(30))} is valid for 30 seconds more.
   *
   * @throws IllegalArgumentException if {@code validFor} is zero or negative
   */
  public Identity client(String commonName, Duration validFor) {
    Names.requireText("CertificateAuthority.client commonName", commonName);
    return issue(CertificateSpec.builder()
        .clock(hierarchy.clock)
        .subject(Names.principal("CN", commonName, "O", "mutualtls").getName())
        .keyType(keyType)
        .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH)
        .validity(Objects.requireNonNull(validFor, "validFor"))
        .build());
  }

  /**
   * Mints whatever {@code spec} describes, signed by this CA. The identity's chain holds the new
   * certificate and this CA's path up to but excluding the root.
   *
   * @throws IllegalArgumentException if the spec's signature algorithm does not fit this CA's key
   */
  public Identity issue(CertificateSpec spec) {
    return issue(spec, null);
  }

  /** Like {@link #issue(CertificateSpec)}, with a hook for extensions no spec expresses. Internal use. */
  Identity issue(CertificateSpec spec, Consumer<X509v3CertificateBuilder> customizer) {
    Objects.requireNonNull(spec, "spec");
    // Checked before the key is made: an RSA key can cost a tenth of a second, wasted on a rejected spec.
    String signatureAlgorithm = signatureAlgorithm(spec);
    return issue(spec, Crypto.generate(spec.keyType()), spec.keyType(), signatureAlgorithm, customizer);
  }

  /** Mints with a key pair of the caller's (the defects' RSA-1024 key). */
  Identity issue(CertificateSpec spec, KeyPair keys, KeyType type, String signatureAlgorithm,
      Consumer<X509v3CertificateBuilder> customizer) {
    X509Certificate leaf = X509Minter.mint(spec, keys.getPublic(), issuer(), null, signatureAlgorithm,
        hierarchy.revocationPointers(this, customizer));
    issued.add(leaf.getSerialNumber());
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    chain.addAll(path.subList(0, path.size() - 1));
    return new Identity(chain, keys.getPrivate(), type);
  }

  private String signatureAlgorithm(CertificateSpec spec) {
    String algorithm = spec.signatureAlgorithm().orElse(keyType.signatureAlgorithm());
    if (!keyType.signatureAlgorithms().contains(algorithm)) {
      throw new IllegalArgumentException("CertificateSpec.signatureAlgorithm: \"" + algorithm
          + "\" does not fit the issuing CA's " + keyType + " key; accepted: "
          + String.join(", ", keyType.signatureAlgorithms()));
    }
    return algorithm;
  }

  X509Minter.Issuer issuer() {
    return new X509Minter.Issuer(certificate.getSubjectX500Principal(), certificate.getPublicKey(), privateKey);
  }

  /**
   * A subordinate CA {@code CN=<commonName>,O=mutualtls} signed by this one, with this CA's key type and
   * validity ending no later than this CA's. Leaves it issues carry the whole chain up to the root.
   * Intermediates may be nested to any depth.
   *
   * @throws IllegalArgumentException if the pathLength of this CA or of one of its issuers allows no
   *     further CA below it (every peer would reject the chain)
   */
  public CertificateAuthority intermediate(String commonName) {
    Names.requireText("CertificateAuthority.intermediate commonName", commonName);
    for (int i = 0; i < path.size(); i++) {
      // Below path.get(i) would come i CAs of this path and then the new one: i + 1 in all.
      int allowed = path.get(i).getBasicConstraints();
      if (allowed < i + 1) {
        String ancestor = path.get(i).getSubjectX500Principal().getName();
        throw new IllegalArgumentException("CertificateAuthority.intermediate " + Names.quote(commonName) + ": "
            + ancestor + " has pathLength " + allowed + " and this CA would be number " + (i + 1)
            + " below it; build " + ancestor + " with a larger pathLength, or none");
      }
    }
    Instant notAfter = hierarchy.clock.instant().plus(DEFAULT_CA_VALIDITY);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    CertificateSpec spec = CertificateSpec.builder()
        .clock(hierarchy.clock)
        .subject(Names.principal("CN", commonName, "O", "mutualtls").getName())
        .keyType(keyType)
        .ca(true)
        .notAfter(notAfter)
        .build();
    KeyPair keys = Crypto.generate(keyType);
    X509Certificate cert = X509Minter.mint(spec, keys.getPublic(), issuer(), null,
        keyType.signatureAlgorithm(), hierarchy.revocationPointers(this, null));
    issued.add(cert.getSerialNumber());
    return new CertificateAuthority(keyType, cert, keys.getPrivate(), path, hierarchy);
  }

  /**
   * A cross certificate for a root rollover: {@code newRoot}'s name, key and pathLength, signed by this CA, valid
   * while both are. A server whose certificate comes from {@code newRoot} and that sends this after its leaf
   * (chain: leaf, cross certificate) is trusted both by clients trusting {@code newRoot} and by clients that still
   * trust only this CA's root.
   *
   * <pre>{@code
   * X509Certificate cross = oldRoot.crossSign(newRoot);
   * Identity served = newRoot.server();
   * Identity bridged = new Identity(List.of(served.certificate(), cross), served.privateKey(), served.keyType());
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code newRoot} is this CA
   */
  public X509Certificate crossSign(CertificateAuthority newRoot) {
    Objects.requireNonNull(newRoot, "newRoot");
    if (newRoot == this) {
      throw new IllegalArgumentException("CertificateAuthority.crossSign: newRoot is this CA (" + subject().getName()
          + "); cross-sign another root, such as the one replacing this one");
    }
    X509Certificate cross = CrossCertificates.mint(this, newRoot, hierarchy);
    issued.add(cross.getSerialNumber());
    return cross;
  }

  /**
   * An identity with exactly {@code defect} and everything else valid, on the side the defect belongs to:
   * a client certificate ({@code CN=client-<defect>}) for client defects, a server certificate for
   * {@link Defect#HOSTNAME_MISMATCH}. Defects that need another CA (an untrusted root, a withheld
   * intermediate) mint it on the spot; {@link Defect#REVOKED} is revoked on this CA's CRL.
   *
   * @throws IllegalArgumentException for {@link Defect#NO_CERTIFICATE}, which has no certificate (use
   *     {@link #sslContextWithoutCertificate()}), and for {@link Defect#SHA1_SIGNATURE} on an Ed25519 CA
   */
  public Identity defective(Defect defect) {
    Objects.requireNonNull(defect, "defect");
    return DefectiveIdentities.mint(this, defect, defect.side() == Side.SERVER);
  }

  /**
   * A server identity (for localhost, 127.0.0.1 and ::1) with exactly {@code defect}, for testing that
   * clients refuse it: {@link Defect#EXPIRED}, {@link Defect#UNTRUSTED_ISSUER}, {@link Defect#SELF_SIGNED},
   * {@link Defect#WRONG_EXTENDED_KEY_USAGE} (clientAuth only) and the others that make sense for a server.
   *
   * @throws IllegalArgumentException for {@link Defect#NO_CERTIFICATE}
   */
  public Identity defectiveServer(Defect defect) {
    Objects.requireNonNull(defect, "defect");
    return DefectiveIdentities.mint(this, defect, true);
  }


  /**
   * The hierarchy's revocation endpoint (CRLs and OCSP over HTTP on loopback), which the first certificate issued
   * with revocation pointers starts; empty when the root was not built with {@code revocationEndpoint(true)} or no
   * such certificate has been issued yet. Reading it never starts it.
   */
  public Optional<RevocationEndpoint> revocationEndpoint() {
    return Optional.ofNullable(hierarchy.endpointIfStarted());
  }

  /** A short identifier of this CA (from its key identifier), used in the endpoint's URLs. */
  String id() {
    return id;
  }

  /** The OCSP status of a serial of this CA: unknown if this CA never issued it. */
  OcspResponder.Status statusOf(BigInteger serial) {
    return revocations.status(serial)
        .orElse(issued.contains(serial) ? OcspResponder.Status.GOOD : OcspResponder.Status.UNKNOWN);
  }

  /** The delegated OCSP responder of this CA: EKU OCSPSigning and id-pkix-ocsp-nocheck, minted on first use. */
  Identity ocspSigner() {
    return ocspSigner.get(this);
  }

  /**
   * A TLS context that presents no certificate and trusts this hierarchy's root (checking the server's
   * host name): the client of {@link Defect#NO_CERTIFICATE}.
   */
  public SSLContext sslContextWithoutCertificate() {
    return trust.contextWithoutCertificate();
  }

  /**
   * The CA of this hierarchy (this one, its issuers or any intermediate minted under the same root) that
   * signed {@code certificate}, if any.
   */
  public Optional<CertificateAuthority> issuerOf(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    return hierarchy.issuerOf(certificate);
  }

  /**
   * Revokes {@code certificate} with reason {@code unspecified}. See
   * {@link #revoke(X509Certificate, RevocationReason)}.
   */
  public void revoke(X509Certificate certificate) {
    revoke(certificate, RevocationReason.UNSPECIFIED);
  }

  /**
   * Puts {@code certificate} on this CA's CRL from now on. Revoking twice keeps the first date and reason.
   *
   * @throws IllegalArgumentException if this CA did not issue the certificate
   */
  public void revoke(X509Certificate certificate, RevocationReason reason) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(reason, "reason");
    if (issuerOf(certificate).filter(ca -> ca == this).isEmpty()) {
      throw new IllegalArgumentException("CertificateAuthority.revoke: " + certificate.getSubjectX500Principal()
          .getName() + " was issued by " + certificate.getIssuerX500Principal().getName() + ", not by this CA ("
          + subject().getName() + "); revoke it at the CA that issued it (see issuerOf)");
    }
    revocations.add(certificate.getSerialNumber(), reason);
  }

  /** Whether this CA has revoked {@code certificate}. */
  public boolean isRevoked(X509Certificate certificate) {
    return revocations.contains(certificate.getSerialNumber()) && issuerOf(certificate).orElse(null) == this;
  }

  /**
   * The current X.509 v2 CRL of this CA: every certificate it revoked with date and reason, a CRL number
   * that grows with each new list, the authority key identifier, thisUpdate {@link CertificateSpec#CLOCK_SKEW}
   * back (as a leaf's notBefore, so a peer whose clock is a little behind takes it as current) and nextUpdate in
   * one day. Signed by this CA; rebuilt only after a revocation or when it would be stale.
   */
  public X509CRL crl() {
    return revocations.crl(certificate, privateKey, keyType);
  }

  /** The current CRL in PEM ({@code -----BEGIN X509 CRL-----}). */
  public String crlPem() {
    try {
      return Pem.encode("X509 CRL", crl().getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This CA's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** This CA's certificate followed by its issuers, ending with the root (for a root: the root alone). */
  public List<X509Certificate> chain() {
    return path;
  }

  /** The root certificate of this CA's hierarchy: the trust anchor peers must hold. */
  public X509Certificate root() {
    return root;
  }

  /** This CA's private key, for tools that sign with it (the Maven plugin writes it only on request). */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The key type of this CA and, by default, of the identities it issues. */
  public KeyType keyType() {
    return keyType;
  }

  /** This CA's subject. */
  public X500Principal subject() {
    return certificate.getSubjectX500Principal();
  }

  /** An in-memory PKCS#12 trust store holding the root certificate under the alias {@code mutualtls-root}. */
  public KeyStore trustStore() {
    return trust.store();
  }

  /**
   * The JDK's PKIX trust manager trusting this hierarchy's root, exactly as a default
   * {@code TrustManagerFactory} over {@link #trustStore()} behaves, built without a key store.
   */
  public X509ExtendedTrustManager trustManager() {
    return trust.manager();
  }

  /** Fresh PKIX parameters trusting this hierarchy's root, revocation off; for custom validators. */
  public PKIXBuilderParameters pkixParameters() {
    return trust.parameters();
  }

  /** This CA's certificate in PEM. */
  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  @Override
  public String toString() {
    return "CertificateAuthority{" + subject().getName() + ", keyType=" + keyType + ", notAfter="
        + certificate.getNotAfter().toInstant() + "}";
  }

  /** Builds a root {@link CertificateAuthority}. Not thread-safe. Validation is {@link CertificateSpec}'s. */
  public static final class Builder {
    private final CertificateSpec.Builder spec = new CertificateSpec.Builder("CertificateAuthority",
        DEFAULT_CA_VALIDITY, () -> Names.principal("CN", "mutualtls Root CA "
            + HexFormat.of().formatHex(Crypto.serial().toByteArray(), 0, 3), "O", "mutualtls")).ca(true);
    private boolean revocationEndpoint;
    private boolean delegatedOcspResponder;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The clock the CA reads "now" from: the root's validity, and that of the server, client and intermediate
     * certificates it and its intermediates mint, count from it (specs given to {@code issue} carry their own). If
     * unset: the system clock. A fixed clock in the past mints certificates that expired long ago, whole.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      spec.clock(clock);
      return this;
    }

    /**
     * Whether the hierarchy publishes revocation over the wire: a {@link RevocationEndpoint} on loopback
     * (CRLs and an OCSP responder) starts when the first certificate is issued, and every certificate
     * carries a CRL distribution point and an OCSP URL pointing at it. If unset: false (revocation lives
     * in memory only, see {@link CertificateAuthority#crl()}).
     */
    public Builder revocationEndpoint(boolean enabled) {
      this.revocationEndpoint = enabled;
      return this;
    }

    /**
     * Whether OCSP responses are signed by a delegated responder certificate (EKU OCSPSigning, issued by
     * each CA) instead of the CA's own key. If unset: false.
     */
    public Builder delegatedOcspResponder(boolean delegated) {
      this.delegatedOcspResponder = delegated;
      return this;
    }

    /** The CA's key type, also the default for what it issues. If unset: {@link KeyType#EC_P256}. */
    public Builder keyType(KeyType keyType) {
      spec.keyType(keyType);
      return this;
    }

    /**
     * The subject as an RFC 4514 name. If unset: {@code CN=mutualtls Root CA <6 random hex digits>,
     * O=mutualtls}, so the CAs of concurrent tests never share a name.
     */
    public Builder subject(String distinguishedName) {
      spec.subject(distinguishedName);
      return this;
    }

    /** The first instant of validity. If unset: one hour before {@link #build()}. */
    public Builder notBefore(Instant notBefore) {
      spec.notBefore(notBefore);
      return this;
    }

    /** The last instant of validity. If unset: {@link #validity(Duration)} from now, or two days. */
    public Builder notAfter(Instant notAfter) {
      spec.notAfter(notAfter);
      return this;
    }

    /** How long the CA is valid from now; ignored when notAfter is set. If unset: two days. */
    public Builder validity(Duration validity) {
      spec.validity(validity);
      return this;
    }

    /** The pathLenConstraint: how many intermediates may follow the root. If unset: no limit. */
    public Builder pathLength(int pathLength) {
      spec.pathLength(pathLength);
      return this;
    }

    /**
     * Mints the root key and self-signed certificate.
     *
     * @throws IllegalArgumentException if notAfter is not after notBefore
     */
    public CertificateAuthority build() {
      CertificateSpec built = spec.build();
      KeyType keyType = built.keyType();
      KeyPair keys = Crypto.generate(keyType);
      X509Certificate cert = X509Minter.mint(built, keys.getPublic(), null, keys.getPrivate(),
          keyType.signatureAlgorithm(), null);
      return new CertificateAuthority(keyType, cert, keys.getPrivate(), List.of(),
          new Hierarchy(revocationEndpoint, delegatedOcspResponder, clock));
    }
  }
}
