package dev.mutualtls.pki.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/** PEM encoding (RFC 7468): base64 in 64-character lines between BEGIN and END markers. */
public final class Pem {
  private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Pem() {}

  public static String encode(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + label + "-----\n";
  }

  public static String certificate(X509Certificate certificate) {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    certificates.forEach(c -> pem.append(certificate(c)));
    return pem.toString();
  }

  /** An unencrypted PKCS#8 private key ({@code PRIVATE KEY}), version 1 as {@link Crypto#pkcs8} explains. */
  public static String privateKey(PrivateKey key) {
    return encode("PRIVATE KEY", Crypto.pkcs8(key));
  }

  /**
   * An encrypted PKCS#8 private key ({@code ENCRYPTED PRIVATE KEY}): PBES2 with PBKDF2 and AES-256-CBC,
   * which OpenSSL, Python and the JDK all read.
   */
  public static String encryptedPrivateKey(PrivateKey key, char[] password) {
    try {
      JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
          .setProvider(Crypto.bouncyCastle())
          .setRandom(Crypto.RANDOM)
          .setPassword(password);
      StringWriter out = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        writer.writeObject(new PKCS8Generator(PrivateKeyInfo.getInstance(Crypto.pkcs8(key)), encryptor.build()));
      }
      return out.toString();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt a private key", e);
    }
  }
}
