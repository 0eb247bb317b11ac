package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import dev.mutualtls.pki.internal.FixedKeyManager;
import dev.mutualtls.pki.internal.Names;
import dev.mutualtls.pki.internal.Pem;
import dev.mutualtls.pki.internal.SecureFiles;
import dev.mutualtls.pki.internal.TrustManagers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A certificate, its chain and its private key: what a TLS server or client presents. Immutable and
 * thread-safe; every export is computed on demand.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create();
 * Identity server = ca.server();              // localhost, 127.0.0.1, ::1
 * Identity alice = ca.client("alice");
 * SSLContext clientContext = alice.sslContext(ca);
 * alice.writePem(dir, "alice");               // alice.pem, alice-key.pem (0600)
 * }</pre>
 */
public final class Identity {
  private final X509Certificate certificate;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;
  private final KeyType keyType;

  /**
   * An identity from parts made elsewhere.
   *
   * @param chain the leaf first, then its issuers up to but excluding the root
   * @param privateKey the leaf's key (deliberately mismatched keys are allowed, for defect tests)
   * @param keyType the type of {@code privateKey}, or null when it is none of {@link KeyType}'s
   */
  public Identity(List<X509Certificate> chain, PrivateKey privateKey, KeyType keyType) {
    if (Objects.requireNonNull(chain, "chain").isEmpty()) {
      throw new IllegalArgumentException("Identity.chain must hold at least the leaf certificate, was empty");
    }
    this.chain = List.copyOf(chain);
    this.certificate = this.chain.get(0);
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.keyType = keyType;
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificates this identity presents: the leaf first, then intermediates; never the root. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The private key of the leaf. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The leaf's public key. */
  public PublicKey publicKey() {
    return certificate.getPublicKey();
  }

  /** The key type, or null for a key none of {@link KeyType} describes (such as a weak RSA-1024 key). */
  public KeyType keyType() {
    return keyType;
  }

  /** The subject's common name, or the whole subject when it has no CN. */
  public String name() {
    String cn = TrustManagers.commonName(certificate);
    return cn != null ? cn : certificate.getSubjectX500Principal().getName();
  }

  /** A PKCS#12 key store holding the key and chain under the alias {@code mutualtls}. */
  public KeyStore keyStore(char[] password) {
    return keyStore("PKCS12", password);
  }

  /** A JKS key store holding the key and chain under the alias {@code mutualtls}, for legacy tools. */
  public KeyStore jksKeyStore(char[] password) {
    return keyStore("JKS", password);
  }

  private KeyStore keyStore(String type, char[] password) {
    Objects.requireNonNull(password, "password");
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      store.setKeyEntry(FixedKeyManager.ALIAS, Crypto.exportable(privateKey), password,
          chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a " + type + " key store", e);
    }
  }

  /**
   * A key manager that always presents this identity's chain, whatever issuers the peer asks for. The
   * JDK's own key managers send no certificate when the issuer is not among the peer's acceptable
   * issuers, which would turn an "untrusted issuer" test into a "no certificate" test.
   */
  public X509ExtendedKeyManager keyManager() {
    return new FixedKeyManager(privateKey, chain);
  }

  /**
   * A TLS context (TLSv1.3 and TLSv1.2) that presents this identity and trusts the root of
   * {@code trusted}'s hierarchy, with the JDK's PKIX validation. Used as a client it checks the server's
   * hostname even on a plain {@code SSLSocket} that was not told to; used as a server it validates
   * client certificates as the JDK does by default (see {@code TrustPolicy} for stricter checks).
   */
  public SSLContext sslContext(CertificateAuthority trusted) {
    Objects.requireNonNull(trusted, "trusted");
    X509ExtendedTrustManager trust = TrustManagers.verifyingHostnames(trusted.trustManager());
    return sslContext(trust);
  }

  /** A TLS context presenting this identity and trusting what {@code trustManager} trusts. */
  public SSLContext sslContext(X509ExtendedTrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keyManager()},
          new TrustManager[] {Objects.requireNonNull(trustManager, "trustManager")},
          Crypto.RANDOM);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSLContext", e);
    }
  }

  /** The leaf certificate in PEM. */
  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /** The chain in PEM, leaf first: what servers such as nginx expect in their certificate file. */
  public String chainPem() {
    return Pem.certificates(chain);
  }

  /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  /** The private key as encrypted PKCS#8 PEM (PBES2, PBKDF2, AES-256-CBC). */
  public String privateKeyPem(char[] password) {
    Objects.requireNonNull(password, "password");
    if (password.length == 0) {
      throw new IllegalArgumentException(
          "Identity.privateKeyPem: the password must not be empty; call privateKeyPem() for an unencrypted key");
    }
    return Pem.encryptedPrivateKey(privateKey, password);
  }

  /**
   * Writes {@code <name>.pem} (the chain, leaf first) and {@code <name>-key.pem} (PKCS#8, readable by the
   * owner only where the file system has POSIX permissions) into {@code directory}, each file whole or not
   * at all.
   *
   * @return the path of the certificate file
   */
  public Path writePem(Path directory, String name) {
    Objects.requireNonNull(directory, "directory");
    Names.requireText("Identity.writePem name", name);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("Identity.writePem name: " + Names.quote(name)
          + " must be a plain file name: a letter or digit, then letters, digits, '.', '_' or '-'");
    }
    Path certificateFile = directory.resolve(name + ".pem");
    SecureFiles.write(directory.resolve(name + "-key.pem"), privateKeyPem().getBytes(StandardCharsets.US_ASCII),
        true);
    SecureFiles.write(certificateFile, chainPem().getBytes(StandardCharsets.US_ASCII), false);
    return certificateFile;
  }

  @Override
  public String toString() {
    return "Identity{" + certificate.getSubjectX500Principal().getName() + ", issuer="
        + certificate.getIssuerX500Principal().getName() + ", keyType=" + keyType + ", notAfter="
        + certificate.getNotAfter().toInstant() + "}";
  }
}
