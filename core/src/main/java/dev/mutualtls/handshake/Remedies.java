package dev.mutualtls.handshake;

import dev.mutualtls.pki.Defect;
import java.util.ArrayList;
import java.util.List;

/**
 * Why each wrongly accepted defect matters, and the usual remedy for the kind of server the audit's refusals point
 * to. Every remedy here is applied in a test of the recipes module and seen to work (or, where a server has none,
 * says so as measured).
 */
final class Remedies {
  /** The family of TLS stack a server's refusals point to. */
  enum Family {
    /** Java's JSSE: certificate_unknown for every refused certificate. */
    JSSE,
    /** OpenSSL (nginx, openssl s_server): alerts that name the reason, or nginx's HTTP 400 pages. */
    OPENSSL,
    /** Nothing told: the server refused without alerts. */
    UNKNOWN
  }

  /** Where the JSSE remedies are applied and seen to work, for users to copy. */
  private static final String STRICT = " (StrictClientTrust in the project's recipes/trust does it).";

  private Remedies() {}

  static Family family(List<Finding> findings) {
    boolean jsse = false;
    boolean openssl = false;
    for (Finding finding : findings) {
      TlsAlert alert = finding.result().alert().orElse(null);
      if (alert == TlsAlert.CERTIFICATE_UNKNOWN) {
        jsse = true;
      } else if (alert == TlsAlert.UNKNOWN_CA || alert == TlsAlert.CERTIFICATE_EXPIRED
          || alert == TlsAlert.UNSUPPORTED_CERTIFICATE || alert == TlsAlert.DECRYPT_ERROR
          || finding.verdict() == Finding.Verdict.REFUSED && finding.result().httpStatus().isPresent()) {
        openssl = true;
      }
    }
    return jsse == openssl ? Family.UNKNOWN : jsse ? Family.JSSE : Family.OPENSSL;
  }

  static String whyItMatters(Defect defect) {
    switch (defect) {
      case NO_CERTIFICATE:
        return "any client gets in without a certificate: the server does not require one.";
      case EXPIRED:
      case NOT_YET_VALID:
        return "the server ignores validity dates, so a certificate withdrawn by expiry keeps working.";
      case UNTRUSTED_ISSUER:
      case SELF_SIGNED:
        return "the server does not check who issued the certificate: anyone can mint one that gets in.";
      case MISSING_INTERMEDIATE:
        return "the server accepted a chain it could not build to its trusted root.";
      case WRONG_EXTENDED_KEY_USAGE:
        return "the certificate was issued for another purpose (a server's), not for client authentication.";
      case MISSING_DIGITAL_SIGNATURE:
        return "the certificate's key usage forbids signing, so it was not issued for TLS client authentication.";
      case CA_AS_LEAF:
        return "a CA certificate can issue certificates: whoever holds its key can mint more identities that"
            + " chain to the trusted root.";
      case REVOKED:
        return "a stolen or withdrawn client certificate keeps working until it expires.";
      case WEAK_KEY:
        return "an RSA-1024 key is within reach of a well-funded attacker; the CA/Browser Forum and NIST require"
            + " 2048 bits.";
      case SHA1_SIGNATURE:
        return "SHA-1 collisions are practical (SHAttered, 2017): a SHA-1 signature no longer binds a certificate.";
      case MISMATCHED_PRIVATE_KEY:
        return "the client proved no possession of the certificate's key: anyone holding the certificate gets in.";
      default:
        return "the server accepted a defective certificate.";
    }
  }

  static List<String> remedies(Defect defect, Family family) {
    List<String> out = new ArrayList<>();
    if (family != Family.OPENSSL) {
      String jsse = jsse(defect);
      if (jsse != null) {
        out.add("Java (JSSE): " + jsse);
      }
    }
    if (family != Family.JSSE) {
      String openssl = openssl(defect);
      if (openssl != null) {
        out.add("nginx (OpenSSL): " + openssl);
      }
    }
    return out;
  }

  private static String jsse(Defect defect) {
    switch (defect) {
      case CA_AS_LEAF:
        return "the JDK's PKIX checks accept a CA certificate as a client's leaf: refuse a leaf whose"
            + " BasicConstraints say cA=true, in a trust manager around the PKIX one" + STRICT;
      case REVOKED:
        return "check revocation in the server's own trust manager: a PKIXRevocationChecker (OCSP, then the CRL)"
            + " in its PKIX validation" + STRICT;
      case WEAK_KEY:
        return "the JDK accepts RSA keys down to 1024 bits: refuse shorter than 2048 in a trust manager around the"
            + " PKIX one" + STRICT;
      case SHA1_SIGNATURE:
        return "the JDK refuses SHA-1 only in chains to its own cacerts: refuse SHA-1 signatures in a trust manager"
            + " around the PKIX one" + STRICT;
      default:
        return "require client certificates (needClientAuth) and validate them with a PKIX trust manager that"
            + " trusts only the CA's root.";
    }
  }

  private static String openssl(Defect defect) {
    switch (defect) {
      case REVOKED:
        return "ssl_ocsp on (nginx 1.19+), which asks the responder each certificate names.";
      case CA_AS_LEAF:
      case MISSING_DIGITAL_SIGNATURE:
        return "no nginx setting refused it where measured (nginx 1.22, OpenSSL 3.0): keep the CA from issuing"
            + " such certificates.";
      default:
        return "ssl_verify_client on, with ssl_client_certificate naming only the CA's root.";
    }
  }
}
