package dev.mutualtls.pki.internal;

import dev.mutualtls.pki.KeyType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP384R1Curve;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key generation, signing and conversions. BouncyCastle does the work because its EC key generation and
 * signing are several times faster than the JDK's: EC (the default) through its lightweight API, which
 * loads none of its JCA provider; Ed25519 and RSA through the provider as an explicit instance (never
 * registered JVM-wide). Keys and certificates are the JDK's own classes, so that JSSE, key stores and users
 * see ordinary JCA objects.
 */
public final class Crypto {
  /** Thread-safe; seeded from the operating system. */
  public static final SecureRandom RANDOM = new SecureRandom();

  private Crypto() {}

  /** The BouncyCastle provider, created on first use. */
  public static Provider bouncyCastle() {
    return BcHolder.PROVIDER;
  }

  private static final class BcHolder {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  public static KeyPair generate(KeyType type) {
    try {
      KeyPairGenerator generator;
      switch (type) {
        case EC_P256:
          return Curve.P256.generate();
        case EC_P384:
          return Curve.P384.generate();
        case ED25519:
          generator = KeyPairGenerator.getInstance("Ed25519", bouncyCastle());
          generator.initialize(255, RANDOM);
          break;
        default:
          return generateRsa(type.bits());
      }
      return toJdk(generator.generateKeyPair(), type.algorithm());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + type + " key", e);
    }
  }

  /**
   * A signer for certificates and CRLs. EC keys on the curves of {@link KeyType} sign through BouncyCastle's
   * lightweight API with the curve's shared domain parameters: the provider would rebuild the curve from the
   * JDK key's parameters on every signature and so recompute the generator's multiplication table each time
   * (most of the cost of a signature). Other keys sign through the BouncyCastle provider.
   */
  public static ContentSigner signer(PrivateKey key, String signatureAlgorithm) throws OperatorCreationException {
    if (key instanceof ECPrivateKey) {
      ECPrivateKey ec = (ECPrivateKey) key;
      Curve curve = Curve.of(ec.getParams());
      if (curve != null) {
        ContentSigner signer = EcdsaSigner.of(signatureAlgorithm, new ECPrivateKeyParameters(ec.getS(), curve.domain),
            RANDOM);
        if (signer != null) {
          return signer;
        }
      }
    }
    return new JcaContentSignerBuilder(signatureAlgorithm)
        .setProvider(bouncyCastle()).setSecureRandom(RANDOM).build(key);
  }

  /**
   * The NIST curves of {@link KeyType}, each with BouncyCastle's domain parameters (shared, so that the
   * generator's precomputed multiplication table is made once per JVM) and the JDK's parameter spec (so
   * that keys are the JDK's own, named-curve keys).
   */
  private enum Curve {
    // The generators of FIPS 186-4 D.1.2.3 and D.1.2.4. The curve classes are built directly rather than
    // through CustomNamedCurves, whose table would load a class for each of its thirty-odd curves.
    P256("secp256r1", SECObjectIdentifiers.secp256r1, new SecP256R1Curve(),
        "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
        "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"),
    P384("secp384r1", SECObjectIdentifiers.secp384r1, new SecP384R1Curve(),
        "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7",
        "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F");

    final ECDomainParameters domain;
    final ECParameterSpec jdk;

    Curve(String name, ASN1ObjectIdentifier oid, ECCurve curve, String x, String y) {
      org.bouncycastle.math.ec.ECPoint generator = curve.createPoint(new BigInteger(x, 16), new BigInteger(y, 16));
      this.domain = new ECNamedDomainParameters(oid, curve, generator, curve.getOrder(), curve.getCofactor());
      try {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(name));
        this.jdk = parameters.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK does not know the curve " + name, e);
      }
      // The JDK's parameters vouch for the constants above.
      if (!jdk.getGenerator().equals(new ECPoint(new BigInteger(x, 16), new BigInteger(y, 16)))
          || !jdk.getOrder().equals(curve.getOrder())) {
        throw new IllegalStateException("the " + name + " parameters differ from the JDK's");
      }
    }

    static Curve of(ECParameterSpec spec) {
      for (Curve curve : values()) {
        if (curve.jdk == spec || curve.jdk.getCurve().equals(spec.getCurve())
            && curve.jdk.getGenerator().equals(spec.getGenerator()) && curve.jdk.getOrder().equals(spec.getOrder())
            && curve.jdk.getCofactor() == spec.getCofactor()) {
          return curve;
        }
      }
      return null;
    }

    KeyPair generate() throws GeneralSecurityException {
      ECKeyPairGenerator generator = new ECKeyPairGenerator();
      generator.init(new ECKeyGenerationParameters(domain, RANDOM));
      AsymmetricCipherKeyPair pair = generator.generateKeyPair();
      org.bouncycastle.math.ec.ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
      KeyFactory factory = KeyFactory.getInstance("EC");
      PublicKey publicKey = factory.generatePublic(new ECPublicKeySpec(
          new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), jdk));
      PrivateKey privateKey = factory.generatePrivate(
          new ECPrivateKeySpec(((ECPrivateKeyParameters) pair.getPrivate()).getD(), jdk));
      return new KeyPair(publicKey, privateKey);
    }
  }

  /** An RSA key of any size, including sizes {@link KeyType} does not offer (for weak-key defects). */
  public static KeyPair generateRsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", bouncyCastle());
      generator.initialize(bits, RANDOM);
      return toJdk(generator.generateKeyPair(), "RSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA-" + bits + " key", e);
    }
  }

  private static KeyPair toJdk(KeyPair pair, String algorithm) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance(algorithm);
    PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
    PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
    return new KeyPair(publicKey, privateKey);
  }

  /**
   * The PKCS#8 encoding of {@code key} that every peer reads: version 1 (RFC 5208), without the public
   * key a version 2 (RFC 5958) encoding may add. Java 25 encodes EdDSA keys as version 2, which OpenSSL
   * before 3.5, and so curl and Python on most systems, rejects as "unsupported" (RFC 8410 section 7
   * warns of such importers). Keys already in version 1 are returned as they are.
   */
  public static byte[] pkcs8(PrivateKey key) {
    byte[] encoded = key.getEncoded();
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(encoded);
    if (info.getVersion().hasValue(0) && !info.hasPublicKey()) {
      return encoded;
    }
    try {
      return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), info.getAttributes())
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-encode a " + key.getAlgorithm() + " private key", e);
    }
  }

  /**
   * {@code key} as key stores should store it: itself, or, when its own encoding is not
   * {@link #pkcs8 version 1}, a stand-in that encodes as version 1 (key stores keep only the encoding).
   */
  public static PrivateKey exportable(PrivateKey key) {
    byte[] encoded = pkcs8(key);
    return Arrays.equals(encoded, key.getEncoded()) ? key : new Pkcs8Key(key.getAlgorithm(), encoded);
  }

  /** A private key that is nothing but its PKCS#8 encoding, for key stores. */
  private record Pkcs8Key(String algorithm, byte[] encoded) implements PrivateKey {
    @Override
    public String getAlgorithm() {
      return algorithm;
    }

    @Override
    public String getFormat() {
      return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
      return encoded.clone();
    }
  }

  /** A positive serial number with 127 bits of entropy (RFC 5280 and CA/B Forum: at least 64). */
  public static BigInteger serial() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    bytes[0] &= 0x7f;
    bytes[0] |= 0x40;
    return new BigInteger(1, bytes);
  }

  /** The key identifier of RFC 5280 section 4.2.1.2, method 1: SHA-1 of the subjectPublicKey bits. */
  public static byte[] keyIdentifier(PublicKey key) {
    byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    try {
      return MessageDigest.getInstance("SHA-1").digest(bits);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509Certificate certificate(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot parse a certificate just minted", e);
    }
  }

  /** The lower-case hex SHA-256 fingerprint of a certificate, colon-separated as OpenSSL prints it. */
  public static String sha256Fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        if (hex.length() > 0) {
          hex.append(':');
        }
        hex.append(String.format("%02X", b));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
