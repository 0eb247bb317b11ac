package dev.mutualtls.pki;

import java.util.List;

/**
 * The key algorithms a {@link CertificateAuthority} can mint, each with the signature algorithm its
 * certificates are signed with and the key usages its leaves carry.
 *
 * <p>{@link #EC_P256} is the default everywhere: its keys cost well under a millisecond. RSA keys cost
 * 20 to 170 ms each and are never generated unless asked for.
 */
public enum KeyType {
  /** ECDSA on NIST P-256 (secp256r1), signed with SHA256withECDSA. The default. */
  EC_P256("EC", 256, "SHA256withECDSA"),
  /** ECDSA on NIST P-384 (secp384r1), signed with SHA384withECDSA. */
  EC_P384("EC", 384, "SHA384withECDSA"),
  /** RSA with a 2048-bit modulus, signed with SHA256withRSA; leaves may also use keyEncipherment. */
  RSA_2048("RSA", 2048, "SHA256withRSA"),
  /** RSA with a 3072-bit modulus, signed with SHA256withRSA. */
  RSA_3072("RSA", 3072, "SHA256withRSA"),
  /** RSA with a 4096-bit modulus, signed with SHA256withRSA. */
  RSA_4096("RSA", 4096, "SHA256withRSA"),
  /** EdDSA on Curve25519 (RFC 8410), signed with Ed25519. */
  ED25519("Ed25519", 255, "Ed25519");

  private final String algorithm;
  private final int bits;
  private final String signatureAlgorithm;

  KeyType(String algorithm, int bits, String signatureAlgorithm) {
    this.algorithm = algorithm;
    this.bits = bits;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The JCA key algorithm: {@code EC}, {@code RSA} or {@code Ed25519}. */
  public String algorithm() {
    return algorithm;
  }

  /** The key size in bits (the curve size for EC and EdDSA). */
  public int bits() {
    return bits;
  }

  /** The JCA name of the signature algorithm a key of this type signs certificates with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** Whether this is an RSA key type (which may carry keyEncipherment). */
  public boolean isRsa() {
    return "RSA".equals(algorithm);
  }

  /**
   * The signature algorithms a key of this type can sign with, the default first. Used to validate
   * {@link CertificateSpec.Builder#signatureAlgorithm(String)}.
   */
  public List<String> signatureAlgorithms() {
    switch (algorithm) {
      case "EC":
        return List.of(signatureAlgorithm, "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
            "SHA1withECDSA").stream().distinct().toList();
      case "RSA":
        return List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "SHA1withRSA");
      default:
        return List.of("Ed25519");
    }
  }
}
