package dev.mutualtls.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Reads certificates the way a reviewer would: extension values decoded with BouncyCastle's parsers, names
 * as plain strings, PEM as RFC 7468 blocks. Independent of the code under test. Stateless, thread-safe.
 */
public final class Certificates {
  /** The KeyUsage bit names of RFC 5280 section 4.2.1.3, by bit number. */
  private static final String[] KEY_USAGE_BITS = {"digitalSignature", "nonRepudiation", "keyEncipherment",
      "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+)-----END \\1-----");

  public static final String BASIC_CONSTRAINTS = "2.5.29.19";
  public static final String KEY_USAGE = "2.5.29.15";
  public static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  public static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  public static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  public static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
  public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private Certificates() {}

  /** The names of the KeyUsage bits set, in bit order; empty when the extension is absent. */
  public static List<String> keyUsage(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    boolean[] bits = certificate.getKeyUsage();
    if (bits != null) {
      for (int i = 0; i < bits.length; i++) {
        if (bits[i]) {
          names.add(i < KEY_USAGE_BITS.length ? KEY_USAGE_BITS[i] : "bit" + i);
        }
      }
    }
    return names;
  }

  /** The subjectAltNames as {@code "DNS:x"}, {@code "IP:x"}, {@code "URI:x"}, {@code "email:x"}, in order. */
  public static List<String> subjectAltNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          String prefix = type == 1 ? "email:" : type == 2 ? "DNS:" : type == 6 ? "URI:" : type == 7 ? "IP:"
              : "type" + type + ":";
          names.add(prefix + entry.get(1));
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  /** The keyIdentifier of the SubjectKeyIdentifier extension. */
  public static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    return SubjectKeyIdentifier.getInstance(extension(certificate, SUBJECT_KEY_IDENTIFIER)).getKeyIdentifier();
  }

  /** The AuthorityKeyIdentifier extension. */
  public static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate certificate) {
    return AuthorityKeyIdentifier.getInstance(extension(certificate, AUTHORITY_KEY_IDENTIFIER));
  }

  /** The BasicConstraints extension as encoded (the JDK's getter cannot tell "absent" from "cA false"). */
  public static BasicConstraints basicConstraints(X509Certificate certificate) {
    return BasicConstraints.getInstance(extension(certificate, BASIC_CONSTRAINTS));
  }

  /** RFC 5280 method 1 key identifier (SHA-1 of the subjectPublicKey bits), computed by BouncyCastle. */
  public static byte[] expectedKeyIdentifier(PublicKey key) {
    try {
      return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key).getKeyIdentifier();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object extension(X509Certificate certificate, String oid) {
    byte[] value = certificate.getExtensionValue(oid);
    if (value == null) {
      throw new AssertionError("no extension " + oid + " in " + certificate.getSubjectX500Principal());
    }
    try {
      return JcaX509ExtensionUtils.parseExtensionValue(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The DER contents of every PEM block labelled {@code label} in {@code text}, in order. */
  public static List<byte[]> pemBlocks(String text, String label) {
    List<byte[]> blocks = new ArrayList<>();
    Matcher matcher = PEM.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(label)) {
        blocks.add(Base64.getMimeDecoder().decode(matcher.group(2).getBytes(US_ASCII)));
      }
    }
    return blocks;
  }

  /** Every certificate in a PEM text, in order. */
  public static List<X509Certificate> parsePem(String text) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : pemBlocks(text, "CERTIFICATE")) {
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    return certificates;
  }

  /**
   * Whether {@code privateKey} is the key of {@code publicKey}: it signs a message the public key
   * verifies. Works for every key type without comparing encodings, which tools are free to vary.
   */
  public static boolean keysMatch(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> "Ed25519";
    };
    try {
      byte[] message = "mutualtls".getBytes(US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
