package dev.mutualtls.pki.internal;

import dev.mutualtls.pki.KeyType;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
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
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Key generation and conversions. BouncyCastle is used as an explicit provider instance (never registered
 * JVM-wide) because its EC key generation and signing are several times faster than the JDK's; the keys
 * and certificates it makes are converted to the JDK's own classes so that JSSE, key stores and users see
 * ordinary JCA objects.
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
        case EC_P384:
          generator = KeyPairGenerator.getInstance("EC", bouncyCastle());
          generator.initialize(new ECGenParameterSpec(type == KeyType.EC_P256 ? "secp256r1" : "secp384r1"),
              RANDOM);
          break;
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
