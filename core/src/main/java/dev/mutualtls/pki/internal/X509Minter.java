package dev.mutualtls.pki.internal;

import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.KeyUsage;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/** Builds and signs X.509 v3 certificates by the book (RFC 5280, CA/B Forum profile where it applies). */
public final class X509Minter {
  private X509Minter() {}

  /** What the issuer contributes: its name, its public key (for the AKI) and its signing key. */
  public record Issuer(X500Principal name, PublicKey publicKey, PrivateKey privateKey) {}

  /**
   * Mints a certificate for {@code subjectKey} as {@code spec} describes it.
   *
   * @param issuer the signer; {@code null} for a self-signed certificate signed by {@code selfKey}
   * @param selfKey the subject's private key, used only when {@code issuer} is null
   * @param signatureAlgorithm the JCA signature algorithm
   * @param customizer adds or changes extensions (revocation pointers, deliberate defects); may be null
   */
  public static X509Certificate mint(CertificateSpec spec, PublicKey subjectKey, Issuer issuer,
      PrivateKey selfKey, String signatureAlgorithm, Consumer<X509v3CertificateBuilder> customizer) {
    X500Name subject = X500Name.getInstance(spec.subject().getEncoded());
    X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.name().getEncoded());
    PublicKey issuerPublicKey = issuer == null ? subjectKey : issuer.publicKey();
    PrivateKey signingKey = issuer == null ? selfKey : issuer.privateKey();
    BigInteger serial = Crypto.serial();
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, serial,
        Date.from(truncate(spec.notBefore())), Date.from(truncate(spec.notAfter())), subject,
        SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
    try {
      if (spec.isCa()) {
        builder.addExtension(Extension.basicConstraints, true, spec.pathLength()
            .map(BasicConstraints::new).orElseGet(() -> new BasicConstraints(true)));
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      }
      if (!spec.keyUsages().isEmpty()) {
        int bits = 0;
        for (KeyUsage usage : spec.keyUsages()) {
          bits |= KeyUsageBits.of(usage);
        }
        builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(bits));
      }
      if (!spec.extendedKeyUsages().isEmpty()) {
        List<KeyPurposeId> purposes = new ArrayList<>();
        for (ExtendedKeyUsage usage : spec.extendedKeyUsages()) {
          purposes.add(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(usage.oid())));
        }
        builder.addExtension(Extension.extendedKeyUsage, false,
            new org.bouncycastle.asn1.x509.ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new SubjectKeyIdentifier(Crypto.keyIdentifier(subjectKey)));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(Crypto.keyIdentifier(issuerPublicKey)));
      List<GeneralName> names = new ArrayList<>();
      spec.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      spec.ipAddresses().forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
      spec.uris().forEach(n -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, n)));
      spec.emailAddresses().forEach(n -> names.add(new GeneralName(GeneralName.rfc822Name, n)));
      if (!names.isEmpty()) {
        boolean emptySubject = subject.getRDNs().length == 0;
        builder.addExtension(Extension.subjectAlternativeName, emptySubject,
            new GeneralNames(names.toArray(new GeneralName[0])));
      }
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode an extension", e);
    }
    if (customizer != null) {
      customizer.accept(builder);
    }
    return sign(builder, signingKey, signatureAlgorithm);
  }

  /** Signs a prepared builder; exposed for certificates whose shape {@link #mint} cannot express. */
  public static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm) {
    try {
      return Crypto.certificate(builder.build(Crypto.signer(key, algorithm)).getEncoded());
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot sign a certificate with " + algorithm, e);
    }
  }

  /** X.509 times have a resolution of one second; truncating keeps what is asked and what is encoded equal. */
  private static Instant truncate(Instant instant) {
    return Instant.ofEpochSecond(instant.getEpochSecond());
  }

  private static final class KeyUsageBits {
    static int of(KeyUsage usage) {
      switch (usage) {
        case DIGITAL_SIGNATURE: return org.bouncycastle.asn1.x509.KeyUsage.digitalSignature;
        case NON_REPUDIATION: return org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation;
        case KEY_ENCIPHERMENT: return org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment;
        case DATA_ENCIPHERMENT: return org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment;
        case KEY_AGREEMENT: return org.bouncycastle.asn1.x509.KeyUsage.keyAgreement;
        case KEY_CERT_SIGN: return org.bouncycastle.asn1.x509.KeyUsage.keyCertSign;
        default: return org.bouncycastle.asn1.x509.KeyUsage.cRLSign;
      }
    }
  }
}
