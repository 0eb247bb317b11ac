package dev.mutualtls.pki.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.operator.ContentSigner;

/**
 * An ECDSA {@link ContentSigner} on BouncyCastle's lightweight classes alone. It does what
 * {@code BcECContentSignerBuilder} does for the four ECDSA algorithms mutualtls signs with, without loading
 * the operator package's algorithm-name tables and digest registry (some thirty classes read from a signed
 * jar on a cold start). The signature is DER-encoded (r, s); the algorithm identifier has no parameters
 * (RFC 5758 section 3.2).
 */
final class EcdsaSigner implements ContentSigner {
  private final AlgorithmIdentifier algorithm;
  private final DSADigestSigner signer;
  private final ByteArrayOutputStream data = new ByteArrayOutputStream(1024);

  private EcdsaSigner(ASN1ObjectIdentifier oid, Digest digest, ECPrivateKeyParameters key, SecureRandom random) {
    this.algorithm = new AlgorithmIdentifier(oid);
    this.signer = new DSADigestSigner(new ECDSASigner(), digest);
    signer.init(true, new ParametersWithRandom(key, random));
  }

  /** A signer for {@code signatureAlgorithm}, or null when it is not one of SHA{1,256,384,512}withECDSA. */
  static EcdsaSigner of(String signatureAlgorithm, ECPrivateKeyParameters key, SecureRandom random) {
    switch (signatureAlgorithm) {
      case "SHA256withECDSA":
        return new EcdsaSigner(X9ObjectIdentifiers.ecdsa_with_SHA256, new SHA256Digest(), key, random);
      case "SHA384withECDSA":
        return new EcdsaSigner(X9ObjectIdentifiers.ecdsa_with_SHA384, new SHA384Digest(), key, random);
      case "SHA512withECDSA":
        return new EcdsaSigner(X9ObjectIdentifiers.ecdsa_with_SHA512, new SHA512Digest(), key, random);
      case "SHA1withECDSA":
        return new EcdsaSigner(X9ObjectIdentifiers.ecdsa_with_SHA1, new SHA1Digest(), key, random);
      default:
        return null;
    }
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithm;
  }

  @Override
  public OutputStream getOutputStream() {
    return data;
  }

  @Override
  public byte[] getSignature() {
    byte[] bytes = data.toByteArray();
    signer.update(bytes, 0, bytes.length);
    return signer.generateSignature();
  }
}
