package dev.mutualtls.pki;

/** Purposes for the X.509 ExtendedKeyUsage extension (RFC 5280, section 4.2.1.12). */
public enum ExtendedKeyUsage {
  /** id-kp-serverAuth (1.3.6.1.5.5.7.3.1): a TLS server. */
  SERVER_AUTH("1.3.6.1.5.5.7.3.1"),
  /** id-kp-clientAuth (1.3.6.1.5.5.7.3.2): a TLS client. */
  CLIENT_AUTH("1.3.6.1.5.5.7.3.2"),
  /** id-kp-codeSigning (1.3.6.1.5.5.7.3.3). */
  CODE_SIGNING("1.3.6.1.5.5.7.3.3"),
  /** id-kp-emailProtection (1.3.6.1.5.5.7.3.4). */
  EMAIL_PROTECTION("1.3.6.1.5.5.7.3.4"),
  /** id-kp-OCSPSigning (1.3.6.1.5.5.7.3.9): a delegated OCSP responder. */
  OCSP_SIGNING("1.3.6.1.5.5.7.3.9");

  private final String oid;

  ExtendedKeyUsage(String oid) {
    this.oid = oid;
  }

  /** The dotted object identifier, as {@link java.security.cert.X509Certificate#getExtendedKeyUsage()} lists it. */
  public String oid() {
    return oid;
  }
}
