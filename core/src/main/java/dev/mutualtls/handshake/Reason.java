package dev.mutualtls.handshake;

import dev.mutualtls.pki.Defect;
import java.util.Objects;

/**
 * Why a handshake was refused, as a category a test can assert. The side that refused knows the reason;
 * the alert on the wire often does not say it (a JSSE server sends {@code certificate_unknown} for all
 * certificate failures).
 */
public enum Reason {
  /** The client presented no certificate although the server requires one. */
  NO_CERTIFICATE("the client presented no certificate",
      "give the client a key manager that holds its certificate and key; the JDK's key managers send none"
          + " when the certificate's issuer is not among the CAs the server asked for"),
  /** A certificate's notAfter is in the past. */
  EXPIRED("the certificate has expired", "issue a certificate that is valid now"),
  /** A certificate's notBefore is in the future. */
  NOT_YET_VALID("the certificate is not valid yet",
      "issue a certificate whose notBefore is in the past (allow for clock skew)"),
  /** The chain does not lead to a trusted root. */
  UNTRUSTED_ISSUER("the certificate's issuer is not trusted",
      "issue the certificate from a CA the peer trusts, or add that CA's root to the peer's trust store"),
  /** A self-signed leaf that is not itself a trust anchor. */
  SELF_SIGNED("the certificate is self-signed and not trusted",
      "issue the certificate from a CA the peer trusts instead of signing it with its own key"),
  /** The leaf was sent without the intermediate CA certificate(s) that link it to the root. */
  MISSING_INTERMEDIATE("the chain lacks an intermediate CA certificate",
      "send the whole chain (leaf first, then each intermediate); the JDK does not fetch missing ones"),
  /** The ExtendedKeyUsage does not allow this TLS role (or is missing where the policy requires it). */
  WRONG_EXTENDED_KEY_USAGE("the certificate's extended key usage does not allow this TLS role",
      "issue the certificate with EKU clientAuth for a client, serverAuth for a server"),
  /** The KeyUsage does not allow digital signatures. */
  WRONG_KEY_USAGE("the certificate's key usage does not allow digital signatures",
      "issue the certificate with KeyUsage digitalSignature"),
  /** A CA certificate (BasicConstraints cA=true) was used as a TLS leaf. */
  CA_AS_LEAF("a CA certificate was presented as a TLS leaf",
      "present an end-entity certificate (BasicConstraints cA=false) issued by the CA"),
  /** The issuing CA revoked the certificate. */
  REVOKED("the certificate has been revoked", "issue a new certificate; a revoked one stays revoked"),
  /** The revocation status could not be determined (responder unreachable or status unknown). */
  REVOCATION_UNKNOWN("the certificate's revocation status could not be determined",
      "make the CRL or OCSP responder reachable, or use soft-fail revocation checking"),
  /** A key too small for the policy (RSA under 2048 bits). */
  WEAK_KEY("the certificate's key is too weak", "use an EC P-256 key or an RSA key of at least 2048 bits"),
  /** A signature with a broken hash (SHA-1, MD5). */
  WEAK_SIGNATURE("the certificate is signed with a weak algorithm (SHA-1 or MD5)",
      "sign certificates with SHA-256 or stronger"),
  /** The private key used in the handshake does not belong to the certificate. */
  KEY_MISMATCH("the private key does not match the certificate (CertificateVerify failed)",
      "pair the certificate with the private key it was issued for"),
  /** The server certificate is not valid for the host name the client connected to. */
  HOSTNAME_MISMATCH("the server certificate does not match the host name",
      "issue the server certificate with a subjectAltName for every name and IP clients connect to"),
  /** The two sides share no TLS version. */
  PROTOCOL_VERSION("the client and server share no TLS protocol version",
      "enable a common protocol version (TLSv1.3 or TLSv1.2) on both sides"),
  /** The two sides share no cipher suite (or no usable signature scheme). */
  NO_COMMON_CIPHER_SUITE("the client and server share no cipher suite",
      "enable a common cipher suite on both sides"),
  /** No TLS connection could be made at all (refused, unreachable, timed out). */
  CONNECTION_FAILED("no connection could be made", "check the host, port and that the server is running"),
  /** Anything else; the failure's message says more. */
  OTHER("the handshake failed for another reason", "read the failure's message and the peer's log");

  private final String description;
  private final String fix;

  Reason(String description, String fix) {
    this.description = description;
    this.fix = fix;
  }

  /** The reason a strict peer refuses a certificate with {@code defect}, as the library's servers record it. */
  public static Reason expectedFor(Defect defect) {
    switch (Objects.requireNonNull(defect, "defect")) {
      case NO_CERTIFICATE:
        return NO_CERTIFICATE;
      case EXPIRED:
        return EXPIRED;
      case NOT_YET_VALID:
        return NOT_YET_VALID;
      case UNTRUSTED_ISSUER:
        return UNTRUSTED_ISSUER;
      case SELF_SIGNED:
        return SELF_SIGNED;
      case WRONG_EXTENDED_KEY_USAGE:
        return WRONG_EXTENDED_KEY_USAGE;
      case MISSING_DIGITAL_SIGNATURE:
        return WRONG_KEY_USAGE;
      case CA_AS_LEAF:
        return CA_AS_LEAF;
      case MISSING_INTERMEDIATE:
        return MISSING_INTERMEDIATE;
      case REVOKED:
        return REVOKED;
      case WEAK_KEY:
        return WEAK_KEY;
      case SHA1_SIGNATURE:
        return WEAK_SIGNATURE;
      case MISMATCHED_PRIVATE_KEY:
        return KEY_MISMATCH;
      case HOSTNAME_MISMATCH:
        return HOSTNAME_MISMATCH;
      default:
        throw new IllegalArgumentException("no expected reason for " + defect);
    }
  }

  /** A plain-words description, such as "the certificate has expired". */
  public String description() {
    return description;
  }

  /** One sentence on how to fix it. */
  public String fix() {
    return fix;
  }
}
