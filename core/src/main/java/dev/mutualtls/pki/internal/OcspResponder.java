package dev.mutualtls.pki.internal;

import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import dev.mutualtls.pki.RevocationReason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/** Answers RFC 6960 OCSP requests for one CA. */
public final class OcspResponder {
  /** How long a response stays fresh. */
  public static final Duration VALIDITY = Duration.ofHours(1);

  /** The status of one serial: null for unknown, otherwise the revocation (or none). */
  public record Status(boolean known, Instant revokedAt, RevocationReason reason) {
    public static final Status UNKNOWN = new Status(false, null, null);
    public static final Status GOOD = new Status(true, null, null);
  }

  private OcspResponder() {}

  /**
   * The DER OCSPResponse for a DER OCSPRequest: malformedRequest if it does not parse; otherwise one
   * SingleResponse per request (unknown for certificates of other issuers), signed by {@code signer}
   * (the CA when null), the nonce echoed.
   */
  public static byte[] respond(byte[] request, X509Certificate issuer, PrivateKey issuerKey, KeyType issuerKeyType,
      Function<BigInteger, Status> status, Identity signer) {
    try {
      OCSPReq req;
      try {
        req = new OCSPReq(request);
      } catch (IOException | RuntimeException e) {
        return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
      }
      DigestCalculatorProvider digests = new BcDigestCalculatorProvider();
      X509CertificateHolder issuerHolder = new X509CertificateHolder(issuer.getEncoded());
      X509Certificate signingCertificate = signer == null ? issuer : signer.certificate();
      PrivateKey signingKey = signer == null ? issuerKey : signer.privateKey();
      String algorithm = signer == null ? issuerKeyType.signatureAlgorithm()
          : signer.keyType().signatureAlgorithm();
      BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
          new RespID(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
              signingCertificate.getPublicKey().getEncoded()), digests.get(RespID.HASH_SHA1)));
      Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
      for (Req one : req.getRequestList()) {
        CertificateID id = one.getCertID();
        CertificateStatus answer;
        if (!id.matchesIssuer(issuerHolder, digests)) {
          answer = new UnknownStatus();
        } else {
          Status s = status.apply(id.getSerialNumber());
          answer = !s.known() ? new UnknownStatus()
              : s.revokedAt() == null ? CertificateStatus.GOOD
              : new RevokedStatus(Date.from(s.revokedAt()), s.reason().code());
        }
        builder.addResponse(id, answer, Date.from(now), Date.from(now.plus(VALIDITY)), null);
      }
      Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (nonce != null) {
        builder.setResponseExtensions(new Extensions(nonce));
      }
      X509CertificateHolder[] chain = signer == null ? null
          : new X509CertificateHolder[] {new X509CertificateHolder(signingCertificate.getEncoded())};
      BasicOCSPResp basic = builder.build(Crypto.signer(signingKey, algorithm), chain, Date.from(now));
      OCSPResp response = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
      return response.getEncoded();
    } catch (OCSPException | OperatorCreationException | IOException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot build an OCSP response", e);
    }
  }
}
