package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/** What the CAs under one root share: each other, and the revocation endpoint when there is one. */
final class Hierarchy {
  final List<CertificateAuthority> authorities = new CopyOnWriteArrayList<>();
  final boolean revocation;
  final boolean delegatedResponder;
  /** Where the CAs read "now" when they mint: the system clock unless the root was built with another. */
  final Clock clock;
  private RevocationEndpoint endpoint;

  Hierarchy(boolean revocation, boolean delegatedResponder, Clock clock) {
    this.revocation = revocation;
    this.delegatedResponder = delegatedResponder;
    this.clock = clock;
  }

  /** The endpoint, started on first use. */
  synchronized RevocationEndpoint endpoint() {
    if (endpoint == null) {
      endpoint = new RevocationEndpoint(authorities, delegatedResponder);
    }
    return endpoint;
  }

  /** The endpoint if it was started, else null. */
  synchronized RevocationEndpoint endpointIfStarted() {
    return endpoint;
  }

  /** The CA of this hierarchy that signed {@code certificate}: same name, same key identifier, and its signature. */
  Optional<CertificateAuthority> issuerOf(X509Certificate certificate) {
    byte[] aki = authorityKeyIdentifier(certificate);
    for (CertificateAuthority ca : authorities) {
      X509Certificate candidate = ca.certificate();
      if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
          && (aki == null || Arrays.equals(aki, Crypto.keyIdentifier(candidate.getPublicKey())))) {
        try {
          certificate.verify(candidate.getPublicKey());
          return Optional.of(ca);
        } catch (GeneralSecurityException e) {
          // same name and key id, different key: not this one
        }
      }
    }
    return Optional.empty();
  }

  private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (extension == null) {
      return null;
    }
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
        .getKeyIdentifierOctets();
  }

  /**
   * Adds a CRL distribution point and an OCSP URL (authority information access) naming {@code ca}'s entries on
   * the revocation endpoint, when this hierarchy has one; then {@code customizer}, if any.
   */
  Consumer<X509v3CertificateBuilder> revocationPointers(CertificateAuthority ca,
      Consumer<X509v3CertificateBuilder> customizer) {
    if (!revocation) {
      return customizer;
    }
    RevocationEndpoint endpoint = endpoint();
    String crl = endpoint.crlUri(ca).toString();
    String ocsp = endpoint.ocspUri(ca).toString();
    return builder -> {
      try {
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, crl))), null, null)}));
        builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
            new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, ocsp))));
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode the revocation pointers", e);
      }
      if (customizer != null) {
        customizer.accept(builder);
      }
    };
  }
}
