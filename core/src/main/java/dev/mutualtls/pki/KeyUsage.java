package dev.mutualtls.pki;

/** The bits of the X.509 KeyUsage extension (RFC 5280, section 4.2.1.3). */
public enum KeyUsage {
  /** digitalSignature: the key signs TLS handshakes (CertificateVerify, ServerKeyExchange). */
  DIGITAL_SIGNATURE,
  /** nonRepudiation (contentCommitment). */
  NON_REPUDIATION,
  /** keyEncipherment: RSA key transport (TLS 1.2 RSA key exchange). RSA keys only. */
  KEY_ENCIPHERMENT,
  /** dataEncipherment. */
  DATA_ENCIPHERMENT,
  /** keyAgreement. */
  KEY_AGREEMENT,
  /** keyCertSign: the key signs certificates. Certificate authorities only. */
  KEY_CERT_SIGN,
  /** cRLSign: the key signs certificate revocation lists. */
  CRL_SIGN;
}
