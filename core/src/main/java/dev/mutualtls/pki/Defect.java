package dev.mutualtls.pki;

import java.util.Locale;

/**
 * A catalogue of deliberately broken certificates. {@link CertificateAuthority#defective(Defect)} mints
 * an identity with exactly that one defect, everything else valid; each constant says whose certificate
 * it breaks and whether the JDK's default trust manager notices at all. What a strict peer must answer
 * it with is a matter of the handshake: {@code Reason.expectedFor(defect)}.
 *
 * <p>Against a JSSE server every client-certificate defect arrives at the client as the same alert,
 * {@code certificate_unknown (46)}, except {@link #NO_CERTIFICATE} ({@code handshake_failure (40)} under
 * TLS 1.2, {@code certificate_required (116)} under TLS 1.3) and {@link #MISMATCHED_PRIVATE_KEY}
 * ({@code handshake_failure (40)}). The reason lives on the server side, which is why the library's own
 * servers record it.
 */
public enum Defect {
  /** The client presents no certificate at all. There is nothing to mint: use a context without one. */
  NO_CERTIFICATE(Side.CLIENT, true, "presents no certificate"),
  /** notAfter lies in the past (within the CA's own validity). */
  EXPIRED(Side.CLIENT, true, "expired a minute ago"),
  /** notBefore lies in the future. */
  NOT_YET_VALID(Side.CLIENT, true, "becomes valid in an hour"),
  /** Issued by a CA nobody trusts (a fresh root of its own). */
  UNTRUSTED_ISSUER(Side.CLIENT, true, "issued by an untrusted CA"),
  /** Signed with its own key. */
  SELF_SIGNED(Side.CLIENT, true, "self-signed"),
  /** ExtendedKeyUsage for the other role only (serverAuth on a client, clientAuth on a server). */
  WRONG_EXTENDED_KEY_USAGE(Side.CLIENT, true, "extended key usage for the other TLS role only"),
  /** KeyUsage without digitalSignature (keyEncipherment, keyAgreement or nonRepudiation only). */
  MISSING_DIGITAL_SIGNATURE(Side.CLIENT, true, "key usage without digitalSignature"),
  /** A CA certificate (BasicConstraints cA=true) used as the TLS leaf. The JDK accepts it. */
  CA_AS_LEAF(Side.CLIENT, false, "a CA certificate used as a leaf"),
  /** Issued by an intermediate of the trusted hierarchy, but sent without that intermediate. */
  MISSING_INTERMEDIATE(Side.CLIENT, true, "sent without its intermediate CA"),
  /** Revoked by its issuer (reason keyCompromise). The JDK checks no revocation by default. */
  REVOKED(Side.CLIENT, false, "revoked by its issuer"),
  /** An RSA-1024 key. The JDK accepts it (its limit is 1024 bits). */
  WEAK_KEY(Side.CLIENT, false, "an RSA-1024 key"),
  /** Signed with SHA-1 (SHA1withECDSA or SHA1withRSA). The JDK accepts it for client certificates. */
  SHA1_SIGNATURE(Side.CLIENT, false, "signed with SHA-1"),
  /** A valid certificate paired with a different private key: its CertificateVerify cannot verify. */
  MISMATCHED_PRIVATE_KEY(Side.CLIENT, true, "paired with a private key of another certificate"),
  /** A server certificate for {@code wrong.example} only, so no client connecting to localhost accepts it. */
  HOSTNAME_MISMATCH(Side.SERVER, true, "issued for wrong.example only");

  private final Side side;
  private final boolean caughtByJdkDefault;
  private final String description;

  Defect(Side side, boolean caughtByJdkDefault, String description) {
    this.side = side;
    this.caughtByJdkDefault = caughtByJdkDefault;
    this.description = description;
  }

  /** Whose certificate this defect breaks by default; the other side is the one that refuses it. */
  public Side side() {
    return side;
  }

  /** The side that refuses the handshake: the peer of {@link #side()}. */
  public Side rejectedBy() {
    return side.peer();
  }

  /**
   * Whether the JDK's default PKIX trust manager refuses it too. False for {@link #CA_AS_LEAF},
   * {@link #REVOKED}, {@link #WEAK_KEY} and {@link #SHA1_SIGNATURE}: a server relying on the JDK's
   * defaults accepts those, which is exactly what a test should find out.
   */
  public boolean caughtByJdkDefault() {
    return caughtByJdkDefault;
  }

  /** What is wrong, in a few words. */
  public String description() {
    return description;
  }

  /** The name used in file names and display names: lower case with hyphens ({@code not-yet-valid}). */
  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
