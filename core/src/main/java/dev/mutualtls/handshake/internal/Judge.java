package dev.mutualtls.handshake.internal;

import dev.mutualtls.handshake.Reason;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.RevocationReason;
import dev.mutualtls.pki.Side;
import dev.mutualtls.pki.internal.TrustManagers;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Turns certificate failures into a {@link Reason} and a sentence, and runs the strict checks. */
public final class Judge {

  private Judge() {}

  /** "client certificate CN=alice,O=mutualtls". */
  public static String describe(Side role, X509Certificate certificate) {
    return role.word() + " certificate " + certificate.getSubjectX500Principal().getName();
  }

  /** Explains why the JDK's validator refused {@code chain}, validating as of the current time. */
  public static CertificateRejection classify(Side role, X509Certificate[] chain, CertificateException e,
      CertificateAuthority trusted, String host) {
    return classify(role, chain, e, trusted, host, Instant.now());
  }

  /** Explains why the JDK's validator, validating as of {@code now}, refused {@code chain}. */
  public static CertificateRejection classify(Side role, X509Certificate[] chain, CertificateException e,
      CertificateAuthority trusted, String host, Instant now) {
    List<X509Certificate> certificates = Arrays.asList(chain);
    if (chain.length == 0) {
      return new CertificateRejection(Reason.NO_CERTIFICATE, "the " + role.word() + " sent no certificate",
          certificates, e);
    }
    X509Certificate leaf = chain[0];
    String who = describe(role, leaf);
    String message = Failures.messages(e);
    String lower = message.toLowerCase(Locale.ROOT);
    CertPathValidatorException cpve = Failures.find(e, CertPathValidatorException.class);
    Throwable cause = cpve != null ? cpve : e;
    CertPathValidatorException.Reason basic = cpve == null ? null : cpve.getReason();

    if (basic == CertPathValidatorException.BasicReason.EXPIRED
        || basic == CertPathValidatorException.BasicReason.NOT_YET_VALID
        || lower.contains("validity check failed")) {
      for (X509Certificate certificate : chain) {
        String name = certificate == leaf ? who : who + "'s issuer " + certificate.getSubjectX500Principal().getName();
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
          return new CertificateRejection(Reason.EXPIRED, name + " expired on "
              + certificate.getNotAfter().toInstant(), certificates, cause);
        }
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
          return new CertificateRejection(Reason.NOT_YET_VALID, name + " is not valid until "
              + certificate.getNotBefore().toInstant(), certificates, cause);
        }
      }
      return new CertificateRejection(Reason.EXPIRED, who + " is outside its validity period", certificates, cause);
    }
    if (basic == CertPathValidatorException.BasicReason.REVOKED || lower.contains("has been revoked")) {
      CertificateRevokedException revoked = Failures.find(e, CertificateRevokedException.class);
      String when = revoked == null ? "" : " on " + revoked.getRevocationDate().toInstant() + ", reason "
          + RevocationReason.fromCode(revoked.getRevocationReason().ordinal()).rfcName();
      return new CertificateRejection(Reason.REVOKED, who + " revoked" + when, certificates, cause);
    }
    if (basic == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS
        || lower.contains("unable to determine revocation status")) {
      return new CertificateRejection(Reason.REVOCATION_UNKNOWN, "the revocation status of " + who
          + " could not be determined: " + last(e), certificates, cause);
    }
    if (lower.contains("extended key usage does not permit")) {
      return new CertificateRejection(Reason.WRONG_EXTENDED_KEY_USAGE, who + " has extended key usage "
          + purposes(leaf) + ", which does not allow TLS " + role.word() + " authentication ("
          + (role == Side.CLIENT ? "clientAuth" : "serverAuth") + ")", certificates, cause);
    }
    if (lower.contains("keyusage does not allow") || lower.contains("key usage does not allow")) {
      return new CertificateRejection(Reason.WRONG_KEY_USAGE, who + " has key usage " + keyUsages(leaf)
          + " without digitalSignature", certificates, cause);
    }
    if (basic == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED
        || lower.contains("algorithm constraints check failed")) {
      boolean keySize = lower.contains("keysize") || lower.contains("key size");
      return new CertificateRejection(keySize ? Reason.WEAK_KEY : Reason.WEAK_SIGNATURE,
          who + " is refused by the JDK's algorithm constraints: " + last(e), certificates, cause);
    }
    if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
      return new CertificateRejection(Reason.HOSTNAME_MISMATCH, who + " is for " + hostNames(leaf)
          + (host == null ? "" : ", not for " + host), certificates, cause);
    }
    if (lower.contains("unable to find valid certification path") || lower.contains("path building failed")
        || lower.contains("signature check failed") || lower.contains("no trusted certificate")
        || lower.contains("could not determine")) {
      return untrusted(role, chain, trusted, cause);
    }
    return new CertificateRejection(Reason.OTHER, who + " was refused: " + last(e), certificates, cause);
  }

  private static CertificateRejection untrusted(Side role, X509Certificate[] chain, CertificateAuthority trusted,
      Throwable cause) {
    List<X509Certificate> certificates = Arrays.asList(chain);
    X509Certificate leaf = chain[0];
    String who = describe(role, leaf);
    if (chain.length == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
        && verifies(leaf, leaf)) {
      return new CertificateRejection(Reason.SELF_SIGNED, who + " is self-signed and is not a trusted root",
          certificates, cause);
    }
    X509Certificate top = chain[chain.length - 1];
    if (trusted != null) {
      CertificateAuthority issuer = trusted.issuerOf(top).orElse(null);
      if (issuer != null && issuer.certificate() != issuer.root()) {
        return new CertificateRejection(Reason.MISSING_INTERMEDIATE, who + " arrived without its issuer "
            + issuer.subject().getName() + ", an intermediate CA of the trusted hierarchy; the " + role.word()
            + " must send it after the leaf", certificates, cause);
      }
    }
    String roots = trusted == null ? "" : " (trusted root: " + trusted.root().getSubjectX500Principal().getName() + ")";
    return new CertificateRejection(Reason.UNTRUSTED_ISSUER, who + " was issued by "
        + top.getIssuerX500Principal().getName() + ", which is not trusted" + roots, certificates, cause);
  }

  /** The checks {@code TrustPolicy.STRICT} adds to the JDK's, in order of how telling they are. */
  public static void strict(Side role, X509Certificate[] chain, CertificateAuthority trusted,
      boolean revocationInMemory) throws CertificateRejection {
    List<X509Certificate> certificates = Arrays.asList(chain);
    X509Certificate leaf = chain[0];
    String who = describe(role, leaf);
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateRejection(Reason.CA_AS_LEAF, who + " is a CA certificate (BasicConstraints cA=true);"
          + " STRICT accepts only end-entity certificates", certificates, null);
    }
    List<String> eku;
    try {
      eku = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      eku = null;
    }
    String wanted = (role == Side.CLIENT ? ExtendedKeyUsage.CLIENT_AUTH : ExtendedKeyUsage.SERVER_AUTH).oid();
    if (eku == null) {
      throw new CertificateRejection(Reason.WRONG_EXTENDED_KEY_USAGE, who + " has no extended key usage;"
          + " STRICT requires " + (role == Side.CLIENT ? "clientAuth" : "serverAuth"), certificates, null);
    }
    if (!eku.contains(wanted)) {
      throw new CertificateRejection(Reason.WRONG_EXTENDED_KEY_USAGE, who + " has extended key usage "
          + purposes(leaf) + ", which does not allow TLS " + role.word() + " authentication", certificates, null);
    }
    for (X509Certificate certificate : chain) {
      String name = certificate == leaf ? who : "its issuer " + certificate.getSubjectX500Principal().getName();
      String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
      if (algorithm.contains("SHA1") || algorithm.contains("SHA-1") || algorithm.contains("MD5")) {
        throw new CertificateRejection(Reason.WEAK_SIGNATURE, name + " is signed with "
            + certificate.getSigAlgName() + "; STRICT requires SHA-256 or stronger", certificates, null);
      }
      if (certificate.getPublicKey() instanceof RSAPublicKey) {
        int bits = ((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength();
        if (bits < 2048) {
          throw new CertificateRejection(Reason.WEAK_KEY, name + " has a " + bits
              + "-bit RSA key; STRICT requires at least 2048 bits", certificates, null);
        }
      } else if (certificate.getPublicKey() instanceof ECPublicKey) {
        int bits = ((ECPublicKey) certificate.getPublicKey()).getParams().getOrder().bitLength();
        if (bits < 256) {
          throw new CertificateRejection(Reason.WEAK_KEY, name + " has a " + bits
              + "-bit EC key; STRICT requires at least 256 bits", certificates, null);
        }
      }
    }
    if (trusted != null && revocationInMemory) {
      CertificateAuthority issuer = trusted.issuerOf(leaf).orElse(null);
      if (issuer != null && issuer.isRevoked(leaf)) {
        X509CRLEntry entry = issuer.crl().getRevokedCertificate(leaf);
        String reason = entry == null || entry.getRevocationReason() == null ? "unspecified"
            : RevocationReason.fromCode(entry.getRevocationReason().ordinal()).rfcName();
        String date = entry == null ? "" : " on " + entry.getRevocationDate().toInstant();
        throw new CertificateRejection(Reason.REVOKED, who + " revoked" + date + ", reason " + reason,
            certificates, null);
      }
    }
  }

  private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static String purposes(X509Certificate certificate) {
    try {
      List<String> oids = certificate.getExtendedKeyUsage();
      if (oids == null) {
        return "(none)";
      }
      List<String> names = new ArrayList<>();
      for (String oid : oids) {
        names.add(Arrays.stream(ExtendedKeyUsage.values()).filter(usage -> usage.oid().equals(oid)).findFirst()
            .map(Judge::rfcName).orElse(oid));
      }
      return names.toString();
    } catch (CertificateParsingException e) {
      return "(unreadable)";
    }
  }

  static String keyUsages(X509Certificate certificate) {
    boolean[] bits = certificate.getKeyUsage();
    if (bits == null) {
      return "(none)";
    }
    String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    List<String> set = new ArrayList<>();
    for (int i = 0; i < bits.length && i < names.length; i++) {
      if (bits[i]) {
        set.add(names[i]);
      }
    }
    return set.toString();
  }

  static String hostNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    TrustManagers.subjectAltNames(certificate, 2).forEach(n -> names.add("DNS:" + n));
    TrustManagers.subjectAltNames(certificate, 7).forEach(n -> names.add("IP:" + n));
    return names.isEmpty() ? "CN=" + TrustManagers.commonName(certificate) : names.toString();
  }

  private static String last(Throwable t) {
    String message = t.getMessage();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        message = c.getMessage();
      }
    }
    return message;
  }

  /** The name RFC 5280 gives a key purpose: id-kp-clientAuth is "clientAuth". */
  private static String rfcName(ExtendedKeyUsage usage) {
    switch (usage) {
      case SERVER_AUTH:
        return "serverAuth";
      case CLIENT_AUTH:
        return "clientAuth";
      case CODE_SIGNING:
        return "codeSigning";
      case EMAIL_PROTECTION:
        return "emailProtection";
      default:
        return "OCSPSigning";
    }
  }
}
