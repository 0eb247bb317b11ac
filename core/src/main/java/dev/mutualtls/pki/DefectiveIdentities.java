package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import dev.mutualtls.pki.internal.Names;
import dev.mutualtls.pki.internal.X509Minter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Mints an identity with exactly one {@link Defect}, everything else valid, from a CA: the catalogue's one switch. */
final class DefectiveIdentities {
  private DefectiveIdentities() {}

  static Identity mint(CertificateAuthority ca, Defect defect, boolean server) {
    KeyType keyType = ca.keyType();
    Instant now = Instant.now();
    CertificateSpec.Builder spec = CertificateSpec.builder().keyType(keyType);
    if (server) {
      spec.subject(Names.principal("CN", "localhost", "O", "mutualtls").getName())
          .hostnames(defect == Defect.HOSTNAME_MISMATCH ? new String[] {"wrong.example"}
              : new String[] {"localhost", "127.0.0.1", "::1"})
          .extendedKeyUsages(defect == Defect.WRONG_EXTENDED_KEY_USAGE
              ? ExtendedKeyUsage.CLIENT_AUTH : ExtendedKeyUsage.SERVER_AUTH);
      if (defect == Defect.HOSTNAME_MISMATCH) {
        spec.subject(Names.principal("CN", "wrong.example", "O", "mutualtls").getName());
      }
    } else {
      spec.subject(Names.principal("CN", "client-" + defect.slug(), "O", "mutualtls").getName())
          .extendedKeyUsages(defect == Defect.WRONG_EXTENDED_KEY_USAGE
              ? ExtendedKeyUsage.SERVER_AUTH : ExtendedKeyUsage.CLIENT_AUTH);
    }
    switch (defect) {
      case NO_CERTIFICATE:
        throw new IllegalArgumentException("Defect.NO_CERTIFICATE has no certificate to mint: a client with"
            + " this defect presents none; use CertificateAuthority.sslContextWithoutCertificate()");
      case EXPIRED: {
        Instant caStart = ca.certificate().getNotBefore().toInstant();
        Instant start = now.minus(CertificateSpec.CLOCK_SKEW);
        return ca.issue(spec.notBefore(start.isBefore(caStart) ? caStart : start)
            .notAfter(now.minus(Duration.ofMinutes(1))).build());
      }
      case NOT_YET_VALID:
        return ca.issue(spec.notBefore(now.plus(Duration.ofHours(1)))
            .notAfter(now.plus(CertificateSpec.DEFAULT_LEAF_VALIDITY).plus(Duration.ofHours(1))).build());
      case UNTRUSTED_ISSUER:
        return CertificateAuthority.builder().keyType(keyType)
            .subject(Names.principal("CN", "mutualtls Untrusted CA "
                + HexFormat.of().formatHex(Crypto.serial().toByteArray(), 0, 3), "O", "untrusted").getName())
            .build()
            .issue(spec.build());
      case SELF_SIGNED: {
        CertificateSpec built = spec.build();
        KeyPair keys = Crypto.generate(keyType);
        X509Certificate cert = X509Minter.mint(built, keys.getPublic(), null, keys.getPrivate(),
            keyType.signatureAlgorithm(), null);
        return new Identity(List.of(cert), keys.getPrivate(), keyType);
      }
      case WRONG_EXTENDED_KEY_USAGE:
        return ca.issue(spec.build());
      case MISSING_DIGITAL_SIGNATURE:
        return ca.issue(spec.keyUsages(keyType.isRsa() ? KeyUsage.KEY_ENCIPHERMENT
            : keyType == KeyType.ED25519 ? KeyUsage.NON_REPUDIATION : KeyUsage.KEY_AGREEMENT).build());
      case CA_AS_LEAF:
        return ca.issue(spec.ca(true).keyUsages(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN).build());
      case MISSING_INTERMEDIATE: {
        Identity full = ca.intermediate("mutualtls Withheld Intermediate").issue(spec.build());
        return new Identity(List.of(full.certificate()), full.privateKey(), keyType);
      }
      case REVOKED: {
        Identity identity = ca.issue(spec.build());
        ca.revoke(identity.certificate(), RevocationReason.KEY_COMPROMISE);
        return identity;
      }
      case WEAK_KEY:
        return ca.issue(spec.keyType(KeyType.RSA_2048).build(), WeakKey.PAIR, null, keyType.signatureAlgorithm(), null);
      case SHA1_SIGNATURE:
        if (keyType == KeyType.ED25519) {
          throw new IllegalArgumentException("Defect.SHA1_SIGNATURE needs an EC or RSA CA: an Ed25519 key"
              + " cannot sign with SHA-1; build the CA with keyType EC_P256 or RSA_2048");
        }
        return ca.issue(spec.signatureAlgorithm(keyType.isRsa() ? "SHA1withRSA" : "SHA1withECDSA").build());
      case MISMATCHED_PRIVATE_KEY: {
        Identity identity = ca.issue(spec.build());
        return new Identity(identity.chain(), Crypto.generate(keyType).getPrivate(), keyType);
      }
      case HOSTNAME_MISMATCH:
        if (!server) {
          throw new IllegalArgumentException("Defect.HOSTNAME_MISMATCH breaks server certificates only:"
              + " servers do not check client host names; use defective() or defectiveServer()");
        }
        return ca.issue(spec.build());
      default:
        throw new AssertionError(defect);
    }
  }

  /** One RSA-1024 key per JVM: RSA key generation is slow and the weakness is the point, not the key. */
  private static final class WeakKey {
    static final KeyPair PAIR = Crypto.generateRsa(1024);
  }
}
