package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.PolicyTrustManager;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.util.Objects;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the library's own servers (and clients built with it) validate the peer's certificate.
 *
 * <p>Both policies start with the JDK's PKIX validation against the trusted CA's root; whatever they
 * refuse, they refuse with a {@link java.security.cert.CertificateException} whose message says why in
 * plain words, and which the library's servers record per connection.
 */
public enum TrustPolicy {
  /**
   * The JDK's checks plus what a careful production server adds, so that every {@link Defect} is
   * refused: no CA certificate as a leaf, an ExtendedKeyUsage with the role's purpose is required,
   * no SHA-1 or MD5 signatures, no RSA key under 2048 bits (EC under 256), and no certificate the issuing
   * CA has revoked (checked against the CA's own CRL, in memory). The default.
   */
  STRICT,
  /**
   * Exactly the decisions of the JDK's default PKIX trust manager: it accepts a CA certificate as a leaf,
   * a leaf without ExtendedKeyUsage, SHA-1 signatures, RSA-1024 keys, and checks no revocation. Use it to
   * find out what a server relying on the JDK's defaults lets through.
   */
  JDK_DEFAULT;

  /**
   * A trust manager for {@code trusted}'s hierarchy under this policy. Used by a server it judges client
   * certificates; used by a client it judges the server's and checks its host name even when the socket
   * was not told to. Thread-safe.
   */
  public X509ExtendedTrustManager trustManager(CertificateAuthority trusted) {
    return trustManager(trusted, RevocationCheck.NONE, false);
  }

  /**
   * Like {@link #trustManager(CertificateAuthority)}, also checking over the network that the peer's
   * certificate is not revoked. With {@code softFail} an unreachable CRL or responder (or an unknown
   * status) lets the certificate through, as many production clients are configured; without it, it is
   * refused with {@link Reason#REVOCATION_UNKNOWN}. A revoked certificate is refused with
   * {@link Reason#REVOKED} and its revocation date and reason.
   */
  public X509ExtendedTrustManager trustManager(CertificateAuthority trusted, RevocationCheck revocation,
      boolean softFail) {
    return new PolicyTrustManager(this == STRICT, Objects.requireNonNull(trusted, "trusted"),
        Objects.requireNonNull(revocation, "revocation"), softFail);
  }
}
