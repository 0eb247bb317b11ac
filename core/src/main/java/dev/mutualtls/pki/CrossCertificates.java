package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.X509Minter;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** Cross certificates: another CA's name and key, vouched for by this CA's signature, for a root rollover. */
final class CrossCertificates {
  private CrossCertificates() {}

  /**
   * A CA certificate with {@code subject}'s name, key and pathLength, signed by {@code issuer}, valid while both
   * are (the later notBefore, the earlier notAfter).
   */
  static X509Certificate mint(CertificateAuthority issuer, CertificateAuthority subject, Hierarchy hierarchy) {
    X509Certificate target = subject.certificate();
    Instant notBefore = later(target.getNotBefore().toInstant(), issuer.certificate().getNotBefore().toInstant());
    Instant notAfter = earlier(target.getNotAfter().toInstant(), issuer.certificate().getNotAfter().toInstant());
    CertificateSpec.Builder spec = CertificateSpec.builder()
        .subject(subject.subject().getName())
        .keyType(subject.keyType())
        .ca(true)
        .notBefore(notBefore)
        .notAfter(notAfter);
    int pathLength = target.getBasicConstraints();
    if (pathLength >= 0 && pathLength != Integer.MAX_VALUE) {
      spec.pathLength(pathLength);
    }
    return X509Minter.mint(spec.build(), target.getPublicKey(), issuer.issuer(), null,
        issuer.keyType().signatureAlgorithm(), hierarchy.revocationPointers(issuer, null));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
