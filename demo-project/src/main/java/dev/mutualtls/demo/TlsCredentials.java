package dev.mutualtls.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads TLS credentials from files the way production applications do, with the JDK alone: a
 * certificate chain and a PKCS#8 private key in PEM (what nginx, Envoy and Kubernetes secrets hold), or a
 * PKCS#12 key store; and the CA certificates to trust, in PEM or PKCS#12.
 *
 * <p>The contexts use the JDK's own {@code PKIX} key and trust managers, exactly as an application would.
 * Two consequences worth knowing: the trust manager checks no revocation, and the key manager sends
 * <em>no</em> certificate when none of its chain was issued by a CA the server asked for (the server then
 * reports a missing certificate, not an untrusted one). Stateless and thread-safe.
 *
 * <pre>{@code
 * SSLContext context = TlsCredentials.fromPem(Path.of("client.pem"), Path.of("client-key.pem"),
 *     Path.of("ca.pem"));
 * }</pre>
 */
public final class TlsCredentials {
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  /** The key algorithms a PKCS#8 file may hold, tried in turn (the JDK cannot tell from the encoding alone). */
  private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS");

  private TlsCredentials() {}

  /**
   * A TLS context presenting the chain in {@code certificateChain} (PEM, leaf first) with the
   * unencrypted PKCS#8 key in {@code privateKey}, and trusting the CA certificates in {@code trusted} (PEM).
   *
   * @throws IOException if a file cannot be read or holds no usable certificate or key
   */
  public static SSLContext fromPem(Path certificateChain, Path privateKey, Path trusted) throws IOException {
    List<X509Certificate> chain = readCertificates(certificateChain);
    PrivateKey key = readPrivateKey(privateKey);
    char[] password = transientPassword();
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("identity", key, password, chain.toArray(new Certificate[0]));
      return context(keys, password, trustStore(readCertificates(trusted)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the key in " + privateKey + " with the chain in " + certificateChain
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * A TLS context presenting the key entry of the PKCS#12 file {@code keyStore} (the key and the store
   * share {@code password}), and trusting the certificates of the PKCS#12 trust store {@code trustStore}.
   *
   * @throws IOException if a store cannot be read or opened with its password
   */
  public static SSLContext fromPkcs12(Path keyStore, char[] password, Path trustStore, char[] trustStorePassword)
      throws IOException {
    try {
      return context(loadPkcs12(keyStore, password), password, loadPkcs12(trustStore, trustStorePassword));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the PKCS#12 key store " + keyStore + " or trust store " + trustStore
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * A TLS context for a server or client that presents nothing and trusts the CA certificates in
   * {@code trusted} (PEM).
   */
  public static SSLContext trustingOnly(Path trusted) throws IOException {
    try {
      return context(null, null, trustStore(readCertificates(trusted)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the certificates in " + trusted + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every certificate in a PEM file, in file order.
   *
   * @throws IOException if the file cannot be read or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path pem) throws IOException {
    byte[] bytes = Files.readAllBytes(pem);
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + " is not a PEM certificate file: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException(pem + " holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)");
    }
    return certificates;
  }

  /**
   * The unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) in a PEM file: EC, RSA, Ed25519
   * or Ed448.
   *
   * @throws IOException if the file cannot be read or holds no such key
   */
  public static PrivateKey readPrivateKey(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    Matcher matcher = PRIVATE_KEY.matcher(text);
    if (!matcher.find()) {
      throw new IOException(pem + " holds no unencrypted PKCS#8 key (expected -----BEGIN PRIVATE KEY-----;"
          + " convert others with: openssl pkcs8 -topk8 -nocrypt)");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // not this algorithm: try the next
      }
    }
    throw new IOException(pem + " holds a PKCS#8 key of an algorithm other than " + KEY_ALGORITHMS);
  }

  private static SSLContext context(KeyStore keys, char[] password, KeyStore trusted) throws GeneralSecurityException {
    KeyManagerFactory keyManagers = null;
    if (keys != null) {
      keyManagers = KeyManagerFactory.getInstance("PKIX");
      keyManagers.init(keys, password);
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static KeyStore trustStore(List<X509Certificate> certificates) throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      return store;
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an empty key store", e);
    }
  }

  private static KeyStore loadPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(password, "password");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  /** The in-memory key store's password: never written anywhere, so any unguessable value will do. */
  private static char[] transientPassword() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random).toCharArray();
  }
}
