package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Names;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

/**
 * A description of one certificate for {@link CertificateAuthority#issue(CertificateSpec)}: a leaf of any
 * shape or a subordinate CA. Immutable and thread-safe.
 *
 * <pre>{@code
 * Identity payments = ca.issue(CertificateSpec.builder()
 *     .subject("CN=payments,O=Example")
 *     .uris("spiffe://example.org/ns/payments/sa/api")
 *     .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH)
 *     .build());
 * }</pre>
 *
 * <p>Every setter says what happens when it is not called; the defaults make a valid TLS leaf for both
 * server and client use, valid from one hour ago for one day.
 */
public final class CertificateSpec {
  /** How far notBefore lies in the past by default, so peers with a slow clock accept the certificate. */
  public static final Duration CLOCK_SKEW = Duration.ofHours(1);
  /** The default validity of a leaf, counted from now. */
  public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(1);

  private final X500Principal subject;
  private final List<String> dnsNames;
  private final List<String> ipAddresses;
  private final List<String> uris;
  private final List<String> emailAddresses;
  private final KeyType keyType;
  private final Instant notBefore;
  private final Instant notAfter;
  private final Set<KeyUsage> keyUsages;
  private final Set<ExtendedKeyUsage> extendedKeyUsages;
  private final boolean ca;
  private final Integer pathLength;
  private final String signatureAlgorithm;

  private CertificateSpec(Builder b) {
    this.keyType = b.keyType;
    this.dnsNames = List.copyOf(b.dnsNames);
    this.ipAddresses = List.copyOf(b.ipAddresses);
    this.uris = List.copyOf(b.uris);
    this.emailAddresses = List.copyOf(b.emailAddresses);
    this.ca = b.ca;
    this.pathLength = b.pathLength;
    this.signatureAlgorithm = b.signatureAlgorithm;
    Instant now = b.clock.instant();
    this.notBefore = b.notBefore != null ? b.notBefore : now.minus(CLOCK_SKEW);
    this.notAfter = b.notAfter != null ? b.notAfter
        : (b.validity != null ? now.plus(b.validity) : now.plus(b.defaultValidity));
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(b.owner + ".notAfter must be after notBefore: notBefore="
          + notBefore + ", notAfter=" + notAfter);
    }
    if (b.subject != null) {
      this.subject = b.subject;
    } else if (b.defaultSubject != null) {
      this.subject = b.defaultSubject.get();
    } else {
      String cn = !dnsNames.isEmpty() ? dnsNames.get(0)
          : !ipAddresses.isEmpty() ? ipAddresses.get(0)
          : !emailAddresses.isEmpty() ? emailAddresses.get(0)
          : ca ? "mutualtls CA" : "mutualtls certificate";
      this.subject = Names.principal("CN", cn, "O", "mutualtls");
    }
    if (b.keyUsages != null) {
      this.keyUsages = Collections.unmodifiableSet(b.keyUsages.isEmpty()
          ? EnumSet.noneOf(KeyUsage.class) : EnumSet.copyOf(b.keyUsages));
    } else if (ca) {
      this.keyUsages = Collections.unmodifiableSet(
          EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN));
    } else if (keyType.isRsa()) {
      this.keyUsages = Collections.unmodifiableSet(
          EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT));
    } else {
      this.keyUsages = Collections.unmodifiableSet(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE));
    }
    if (!keyType.isRsa() && keyUsages.contains(KeyUsage.KEY_ENCIPHERMENT)) {
      throw new IllegalArgumentException(b.owner + ".keyUsages: KEY_ENCIPHERMENT needs an RSA key, not "
          + keyType + "; EC and EdDSA keys cannot encrypt, use DIGITAL_SIGNATURE");
    }
    if (b.extendedKeyUsages != null) {
      this.extendedKeyUsages = Collections.unmodifiableSet(b.extendedKeyUsages.isEmpty()
          ? EnumSet.noneOf(ExtendedKeyUsage.class) : EnumSet.copyOf(b.extendedKeyUsages));
    } else if (ca) {
      this.extendedKeyUsages = Collections.unmodifiableSet(EnumSet.noneOf(ExtendedKeyUsage.class));
    } else {
      this.extendedKeyUsages = Collections.unmodifiableSet(
          EnumSet.of(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH));
    }
    if (pathLength != null && !ca) {
      throw new IllegalArgumentException(b.owner + ".pathLength: " + pathLength
          + " is only allowed on a CA; call ca(true) as well, or leave pathLength unset");
    }
  }

  /**
   * Whether {@code value} is a name {@link Builder#hostnames(String...)} accepts: a DNS name (labels of letters,
   * digits and inner hyphens, an optional leading {@code *.}, not all-numeric at the end) or an IPv4 or IPv6
   * address literal. For tools that check names before they mint.
   */
  public static boolean isHostname(String value) {
    return Names.isDnsName(value) || Names.isIpAddress(value);
  }

  /** A new builder with the defaults described on each of its setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** The subject distinguished name. */
  public X500Principal subject() {
    return subject;
  }

  /** DNS names for the subjectAltName extension, in order. */
  public List<String> dnsNames() {
    return dnsNames;
  }

  /** IPv4 and IPv6 address literals for the subjectAltName extension, in order. */
  public List<String> ipAddresses() {
    return ipAddresses;
  }

  /** URIs (such as SPIFFE IDs) for the subjectAltName extension, in order. */
  public List<String> uris() {
    return uris;
  }

  /** RFC 822 email addresses for the subjectAltName extension, in order. */
  public List<String> emailAddresses() {
    return emailAddresses;
  }

  /** The type of the key minted for this certificate. */
  public KeyType keyType() {
    return keyType;
  }

  /** The first instant of validity. */
  public Instant notBefore() {
    return notBefore;
  }

  /** The last instant of validity. */
  public Instant notAfter() {
    return notAfter;
  }

  /** The KeyUsage bits; empty means the extension is left out. */
  public Set<KeyUsage> keyUsages() {
    return keyUsages;
  }

  /** The ExtendedKeyUsage purposes; empty means the extension is left out. */
  public Set<ExtendedKeyUsage> extendedKeyUsages() {
    return extendedKeyUsages;
  }

  /** Whether this is a CA certificate (BasicConstraints cA=true). */
  public boolean isCa() {
    return ca;
  }

  /** The BasicConstraints pathLenConstraint of a CA, if set. */
  public Optional<Integer> pathLength() {
    return Optional.ofNullable(pathLength);
  }

  /** The signature algorithm requested, if any; otherwise the issuer's key type decides. */
  public Optional<String> signatureAlgorithm() {
    return Optional.ofNullable(signatureAlgorithm);
  }

  @Override
  public String toString() {
    return "CertificateSpec{subject=" + subject.getName() + ", keyType=" + keyType + ", ca=" + ca
        + ", dns=" + dnsNames + ", ip=" + ipAddresses + ", uri=" + uris + ", email=" + emailAddresses
        + ", notBefore=" + notBefore + ", notAfter=" + notAfter + "}";
  }

  /** Builds a {@link CertificateSpec}. Not thread-safe; each setter validates its argument at once. */
  public static final class Builder {
    private X500Principal subject;
    private final List<String> dnsNames = new ArrayList<>();
    private final List<String> ipAddresses = new ArrayList<>();
    private final List<String> uris = new ArrayList<>();
    private final List<String> emailAddresses = new ArrayList<>();
    private KeyType keyType = KeyType.EC_P256;
    private Instant notBefore;
    private Instant notAfter;
    private Duration validity;
    private Clock clock = Clock.systemUTC();
    private Set<KeyUsage> keyUsages;
    private Set<ExtendedKeyUsage> extendedKeyUsages;
    private boolean ca;
    private Integer pathLength;
    private String signatureAlgorithm;
    private final String owner;
    private final Duration defaultValidity;
    private final Supplier<X500Principal> defaultSubject;

    private Builder() {
      this("CertificateSpec", DEFAULT_LEAF_VALIDITY, null);
    }

    /**
     * A builder whose errors name {@code owner}'s attributes ({@code CertificateAuthority.validity}), with its
     * own default validity and, when {@code defaultSubject} is not null, its own default subject.
     */
    Builder(String owner, Duration defaultValidity, Supplier<X500Principal> defaultSubject) {
      this.owner = owner;
      this.defaultValidity = defaultValidity;
      this.defaultSubject = defaultSubject;
    }

    /**
     * The subject as an RFC 4514 distinguished name, such as {@code "CN=alice,O=Payments"}. If unset: the
     * first DNS name, IP address or email as the common name, with {@code O=mutualtls}.
     */
    public Builder subject(String distinguishedName) {
      this.subject = Names.parse(owner + ".subject", distinguishedName);
      return this;
    }

    /** The subject as a common name only ({@code CN=<commonName>,O=mutualtls}). */
    public Builder commonName(String commonName) {
      this.subject = Names.principal("CN", Names.requireText(owner + ".commonName", commonName),
          "O", "mutualtls");
      return this;
    }

    /** Adds DNS names (a leading {@code *.} wildcard label is allowed). If unset: none. */
    public Builder dnsNames(String... names) {
      for (String name : Objects.requireNonNull(names, "names")) {
        dnsNames.add(Names.requireDnsName(owner + ".dnsNames", name));
      }
      return this;
    }

    /** Adds IPv4 or IPv6 address literals, such as {@code 127.0.0.1} or {@code ::1}. If unset: none. */
    public Builder ipAddresses(String... addresses) {
      for (String address : Objects.requireNonNull(addresses, "addresses")) {
        ipAddresses.add(Names.requireIpAddress(owner + ".ipAddresses", address));
      }
      return this;
    }

    /** Adds absolute URIs, such as {@code spiffe://example.org/ns/payments/sa/api}. If unset: none. */
    public Builder uris(String... values) {
      for (String uri : Objects.requireNonNull(values, "values")) {
        uris.add(Names.requireUri(owner + ".uris", uri));
      }
      return this;
    }

    /** Adds email addresses ({@code rfc822Name}). If unset: none. */
    public Builder emailAddresses(String... addresses) {
      for (String email : Objects.requireNonNull(addresses, "addresses")) {
        emailAddresses.add(Names.requireEmail(owner + ".emailAddresses", email));
      }
      return this;
    }

    /** Adds each name as an IP address if it is an IP literal, else as a DNS name. */
    public Builder hostnames(String... hostnames) {
      for (String host : Objects.requireNonNull(hostnames, "hostnames")) {
        if (Names.isIpAddress(host)) {
          ipAddresses(host);
        } else {
          dnsNames.add(Names.requireHostname(owner + ".hostnames", host));
        }
      }
      return this;
    }

    /** The type of the key minted for this certificate. If unset: {@link KeyType#EC_P256}. */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /** The first instant of validity. If unset: one hour ({@link #CLOCK_SKEW}) before the spec is built. */
    public Builder notBefore(Instant notBefore) {
      this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
      return this;
    }

    /** The last instant of validity. If unset: {@link #validity(Duration)} from now, or one day from now. */
    public Builder notAfter(Instant notAfter) {
      this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
      return this;
    }

    /**
     * The clock that "now" is read from when the spec is built: the default notBefore ({@link #CLOCK_SKEW} before
     * it), {@link #validity(Duration)} and the default validity count from it. If unset: the system clock. A fixed
     * clock mints certificates as of another time, such as one that expired yesterday but was valid last week.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long the certificate stays valid, counted from now ({@link #clock(Clock)}): {@code validity(
     * Duration.ofSeconds(30))} makes one that expires in 30 seconds. Ignored when notAfter is set.
     */
    public Builder validity(Duration validity) {
      Objects.requireNonNull(validity, "validity");
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException(
            owner + ".validity must be positive, was " + validity + "; for an expired certificate set"
                + " notBefore and notAfter in the past");
      }
      this.validity = validity;
      return this;
    }

    /**
     * The KeyUsage bits; no argument leaves the extension out. If unset: digitalSignature (plus
     * keyEncipherment for RSA) on a leaf, digitalSignature, keyCertSign and cRLSign on a CA.
     */
    public Builder keyUsages(KeyUsage... usages) {
      this.keyUsages = EnumSet.noneOf(KeyUsage.class);
      Collections.addAll(keyUsages, Objects.requireNonNull(usages, "usages"));
      return this;
    }

    /**
     * The ExtendedKeyUsage purposes; no argument leaves the extension out. If unset: serverAuth and
     * clientAuth on a leaf, none on a CA.
     */
    public Builder extendedKeyUsages(ExtendedKeyUsage... usages) {
      this.extendedKeyUsages = EnumSet.noneOf(ExtendedKeyUsage.class);
      Collections.addAll(extendedKeyUsages, Objects.requireNonNull(usages, "usages"));
      return this;
    }

    /** Whether the certificate is a CA (BasicConstraints cA=true, critical). If unset: false. */
    public Builder ca(boolean ca) {
      this.ca = ca;
      return this;
    }

    /** The pathLenConstraint of a CA: how many CAs may follow it. If unset: no constraint. */
    public Builder pathLength(int pathLength) {
      if (pathLength < 0) {
        throw new IllegalArgumentException(
            owner + ".pathLength must be 0 or more, was " + pathLength);
      }
      this.pathLength = pathLength;
      return this;
    }

    /**
     * The JCA name of the signature algorithm, such as {@code SHA384withECDSA}; it must fit the issuer's
     * key, which is checked when the certificate is issued. If unset: the issuer's
     * {@link KeyType#signatureAlgorithm()}.
     */
    public Builder signatureAlgorithm(String signatureAlgorithm) {
      this.signatureAlgorithm = Names.requireText(owner + ".signatureAlgorithm", signatureAlgorithm);
      return this;
    }

    /** Validates the whole description and returns it. */
    public CertificateSpec build() {
      return new CertificateSpec(this);
    }
  }
}
