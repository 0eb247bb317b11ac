package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import dev.mutualtls.pki.internal.OcspResponder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * What one CA has revoked, and its CRL: rebuilt only after a revocation or when it would be stale. Thread-safe.
 */
final class RevocationList {
  private record Revocation(Instant date, RevocationReason reason) {}

  private final ConcurrentMap<BigInteger, Revocation> revoked = new ConcurrentHashMap<>();
  private final AtomicLong crlNumber = new AtomicLong();
  private volatile X509CRL crl;

  /** Revokes {@code serial} from now on (to the second); revoking twice keeps the first date and reason. */
  void add(BigInteger serial, RevocationReason reason) {
    revoked.putIfAbsent(serial, new Revocation(Instant.ofEpochSecond(Instant.now().getEpochSecond()), reason));
    crl = null;
  }

  boolean contains(BigInteger serial) {
    return revoked.containsKey(serial);
  }

  /** The OCSP status of a revoked serial; empty when it is not revoked. */
  Optional<OcspResponder.Status> status(BigInteger serial) {
    Revocation revocation = revoked.get(serial);
    return revocation == null ? Optional.empty()
        : Optional.of(new OcspResponder.Status(true, revocation.date(), revocation.reason()));
  }

  /**
   * The current CRL, signed with {@code key} for the CA {@code certificate}: every revoked serial with date and
   * reason, a CRL number that grows with each new list, the authority key identifier, thisUpdate
   * {@link CertificateSpec#CLOCK_SKEW} back (like a leaf's notBefore) and nextUpdate in one day.
   *
   * <p>Backdated because a peer takes a CRL dated after its own clock as not yet valid: OpenSSL reads
   * {@code time()}, which on Linux can lag the clock the JVM reads by a kernel tick, so a CRL fetched the moment it
   * is signed ({@code -crl_download}) was refused now and then with {@code bad_certificate}.
   */
  X509CRL crl(X509Certificate certificate, PrivateKey key, KeyType keyType) {
    X509CRL current = crl;
    if (current != null && current.getNextUpdate().toInstant().isAfter(Instant.now().plus(Duration.ofHours(1)))) {
      return current;
    }
    synchronized (this) {
      current = crl;
      if (current == null || !current.getNextUpdate().toInstant().isAfter(Instant.now().plus(Duration.ofHours(1)))) {
        current = build(certificate, key, keyType);
        crl = current;
      }
      return current;
    }
  }

  private X509CRL build(X509Certificate certificate, PrivateKey key, KeyType keyType) {
    Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    X509v2CRLBuilder builder = new X509v2CRLBuilder(
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
        Date.from(now.minus(CertificateSpec.CLOCK_SKEW)));
    builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
    revoked.forEach((serial, revocation) -> builder.addCRLEntry(serial, Date.from(revocation.date()),
        revocation.reason().code()));
    try {
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber.incrementAndGet())));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(Crypto.keyIdentifier(certificate.getPublicKey())));
      ContentSigner signer = Crypto.signer(key, keyType.signatureAlgorithm());
      return (X509CRL) CertificateFactory.getInstance("X.509")
          .generateCRL(new ByteArrayInputStream(builder.build(signer).getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot sign a CRL", e);
    }
  }
}
