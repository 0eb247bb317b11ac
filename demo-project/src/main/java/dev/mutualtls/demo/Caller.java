package dev.mutualtls.demo;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Who called, as their verified client certificate says: its subject and its SPIFFE IDs (URI subject
 * alternative names starting with {@code spiffe://}). Immutable.
 *
 * @param subject the certificate's subject in RFC 2253 form, such as {@code CN=alice,O=mutualtls}
 * @param spiffeIds the SPIFFE IDs among its URI SANs, in certificate order (usually none or one)
 */
public record Caller(String subject, List<String> spiffeIds) {
  private static final int URI_SAN = 6;

  /** Copies the list. */
  public Caller {
    spiffeIds = List.copyOf(spiffeIds);
  }

  /** The caller a (verified) client certificate describes. */
  public static Caller of(X509Certificate certificate) {
    List<String> spiffeIds = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (((Integer) name.get(0)) == URI_SAN && String.valueOf(name.get(1)).startsWith("spiffe://")) {
            spiffeIds.add(String.valueOf(name.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // a certificate whose SANs do not parse has no SPIFFE ID we could trust: judged by subject alone
    }
    return new Caller(certificate.getSubjectX500Principal().getName(), spiffeIds);
  }

  /** How the audit log names the caller: the subject, and the SPIFFE IDs if any. */
  @Override
  public String toString() {
    return spiffeIds.isEmpty() ? subject : subject + " " + spiffeIds;
  }
}
