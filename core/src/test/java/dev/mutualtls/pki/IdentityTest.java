package dev.mutualtls.pki;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mutualtls.testing.Certificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What an {@link Identity} exports in memory and on disk, and the messages for bad export arguments. */
class IdentityTest {
  private static final char[] PASSWORD = "s3cret".toCharArray();

  private static Identity chained() {
    return CertificateAuthority.create().intermediate("Issuing CA").client("alice");
  }

  @Test
  void anIdentityDescribesItsLeaf() {
    Identity alice = chained();

    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.keyType()).isEqualTo(KeyType.EC_P256);
    assertThat(alice.publicKey()).isEqualTo(alice.certificate().getPublicKey());
    assertThat(alice.chain()).hasSize(2).first().isEqualTo(alice.certificate());
    assertThat(Certificates.keysMatch(alice.privateKey(), alice.publicKey())).isTrue();
  }

  @Test
  void pemExportsAreTheLeafTheChainLeafFirstAndAnUnencryptedPkcs8Key() {
    Identity alice = chained();

    assertThat(Certificates.parsePem(alice.certificatePem())).containsExactly(alice.certificate());
    assertThat(Certificates.parsePem(alice.chainPem())).isEqualTo(alice.chain());
    assertThat(alice.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("\n-----END PRIVATE KEY-----\n");
    assertThat(Certificates.pemBlocks(alice.privateKeyPem(), "PRIVATE KEY"))
        .containsExactly(alice.privateKey().getEncoded());
  }

  @Test
  void anEncryptedKeyIsEncryptedPkcs8() {
    String pem = chained().privateKeyPem(PASSWORD);

    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        .contains("-----END ENCRYPTED PRIVATE KEY-----");
    assertThat(pem).doesNotContain("-----BEGIN PRIVATE KEY-----");
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"EC_P256", "ED25519"})
  void exportedKeysArePkcs8Version1WithoutThePublicKey(KeyType type) throws Exception {
    // Java 25 encodes EdDSA keys as RFC 5958 version 2 with the public key, which OpenSSL before 3.5
    // (and with it curl and Python) cannot read; every export must be version 1.
    Identity alice = CertificateAuthority.builder().keyType(type).build().client("alice");
    PrivateKeyInfo plain = PrivateKeyInfo.getInstance(
        Certificates.pemBlocks(alice.privateKeyPem(), "PRIVATE KEY").get(0));
    PrivateKeyInfo decrypted = new PKCS8EncryptedPrivateKeyInfo(
        Certificates.pemBlocks(alice.privateKeyPem(PASSWORD), "ENCRYPTED PRIVATE KEY").get(0))
        .decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
            .setProvider(new BouncyCastleProvider()).build(PASSWORD));
    KeyStore store = alice.keyStore(PASSWORD);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    store.store(file, PASSWORD);
    KeyStore loaded = KeyStore.getInstance("PKCS12");
    loaded.load(new ByteArrayInputStream(file.toByteArray()), PASSWORD);

    for (PrivateKeyInfo info : List.of(plain, decrypted)) {
      assertThat(info.getVersion().getValue()).isZero();
      assertThat(info.hasPublicKey()).isFalse();
      PrivateKey key = KeyFactory.getInstance(alice.privateKey().getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
      assertThat(Certificates.keysMatch(key, alice.publicKey())).isTrue();
    }
    assertThat(Certificates.keysMatch((PrivateKey) loaded.getKey("mutualtls", PASSWORD), alice.publicKey()))
        .isTrue();
  }

  @Test
  void anEmptyPasswordForAnEncryptedKeyIsRejected() {
    Identity alice = chained();

    assertThatThrownBy(() -> alice.privateKeyPem(new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Identity.privateKeyPem: the password must not be empty; call privateKeyPem() for an"
            + " unencrypted key");
  }

  @Test
  void keyStoresHoldTheKeyAndTheWholeChainUnderOneAlias() throws Exception {
    Identity alice = chained();

    for (KeyStore store : List.of(alice.keyStore(PASSWORD), alice.jksKeyStore(PASSWORD))) {
      assertThat(Collections.list(store.aliases())).containsExactly("mutualtls");
      assertThat(store.isKeyEntry("mutualtls")).isTrue();
      assertThat(Certificates.keysMatch((PrivateKey) store.getKey("mutualtls", PASSWORD),
          alice.publicKey())).isTrue();
      assertThat(store.getCertificateChain("mutualtls")).containsExactly(alice.chain().toArray(new Certificate[0]));
    }
    assertThat(alice.keyStore(PASSWORD).getType()).isEqualTo("PKCS12");
    assertThat(alice.jksKeyStore(PASSWORD).getType()).isEqualTo("JKS");
  }

  @Test
  void theKeyManagerPresentsItsChainWhateverIssuersThePeerAsksFor() {
    Identity alice = chained();
    X509ExtendedKeyManager manager = alice.keyManager();
    Principal[] strangers = {new X500Principal("CN=Some Other CA")};

    String alias = manager.chooseClientAlias(new String[] {"EC"}, strangers, null);

    assertThat(alias).isEqualTo("mutualtls");
    assertThat(manager.getCertificateChain(alias)).containsExactlyElementsOf(alice.chain());
    assertThat(manager.getPrivateKey(alias)).isEqualTo(alice.privateKey());
    assertThat(manager.chooseClientAlias(new String[] {"RSA"}, strangers, null)).isNull();
  }

  @Test
  void writePemWritesTheChainLeafFirstAndAnOwnerOnlyKeyAndNothingElse(@TempDir Path dir) throws Exception {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Identity alice = chained();

    Path written = alice.writePem(dir, "alice");

    assertThat(written).isEqualTo(dir.resolve("alice.pem"));
    assertThat(Certificates.parsePem(Files.readString(written, US_ASCII))).isEqualTo(alice.chain());
    assertThat(Files.readString(written, US_ASCII)).isEqualTo(alice.chainPem());
    assertThat(Files.readString(dir.resolve("alice-key.pem"), US_ASCII)).isEqualTo(alice.privateKeyPem());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r--r--");
    assertThat(fileNames(dir)).containsExactlyInAnyOrder("alice.pem", "alice-key.pem");
  }

  @Test
  void writePemReplacesAnEarlierKeyFileAndTightensItsPermissions(@TempDir Path dir) throws Exception {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Path key = Files.writeString(dir.resolve("alice-key.pem"), "stale");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
    Identity alice = chained();

    alice.writePem(dir, "alice");

    assertThat(Files.readString(key, US_ASCII)).isEqualTo(alice.privateKeyPem());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(fileNames(dir)).containsExactlyInAnyOrder("alice.pem", "alice-key.pem");
  }

  @Test
  void writePemCreatesAMissingDirectory(@TempDir Path dir) throws Exception {
    Path nested = dir.resolve("a").resolve("b");

    chained().writePem(nested, "server.example");

    assertThat(fileNames(nested)).containsExactlyInAnyOrder("server.example.pem", "server.example-key.pem");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void aBlankFileNameIsRejected(String blank, @TempDir Path dir) {
    Identity alice = chained();

    assertThatThrownBy(() -> alice.writePem(dir, blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Identity.writePem name must not be blank, was \"" + blank + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../alice", "a/b", ".hidden", "-rf", "alice bob", "alice.pem\n"})
  void aNameThatIsNoPlainFileNameIsRejected(String name, @TempDir Path dir) throws Exception {
    Identity alice = chained();

    assertThatThrownBy(() -> alice.writePem(dir, name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Identity.writePem name: \"" + name + "\" must be a plain file name: a letter or digit, then"
            + " letters, digits, '.', '_' or '-'");
    assertThat(fileNames(dir)).isEmpty();
  }

  @Test
  void anIdentityNeedsAtLeastItsLeaf() {
    Identity alice = chained();

    assertThatThrownBy(() -> new Identity(List.of(), alice.privateKey(), KeyType.EC_P256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Identity.chain must hold at least the leaf certificate, was empty");
  }

  private static List<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
