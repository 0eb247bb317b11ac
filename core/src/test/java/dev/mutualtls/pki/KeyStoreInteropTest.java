package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.testing.Certificates;
import dev.mutualtls.testing.Peers;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PKCS#12 and JKS files made from {@link Identity#keyStore}, {@link Identity#jksKeyStore} and
 * {@link CertificateAuthority#trustStore} open with the given password in the JDK's {@code keytool} (run
 * as a separate process, as a user would) and in {@code openssl pkcs12}, which must read the JDK's PKCS#12
 * algorithms without {@code -legacy}.
 */
class KeyStoreInteropTest {
  private static final String PASSWORD = "s3cret-Pw";

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
  void keytoolListsThePkcs12AndTheJksKeyEntryWithItsWholeChain(KeyType type, @TempDir Path dir) throws Exception {
    Identity alice = chainedClient(type);
    store(alice.keyStore(PASSWORD.toCharArray()), dir.resolve("alice.p12"));
    store(alice.jksKeyStore(PASSWORD.toCharArray()), dir.resolve("alice.jks"));

    for (String file : List.of("alice.p12", "alice.jks")) {
      Peers.Result result = keytoolList(dir, file, PASSWORD);

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.stdout()).as(result.describe())
          .contains("Keystore type: " + (file.endsWith(".jks") ? "JKS" : "PKCS12"))
          .contains("Your keystore contains 1 entry")
          .contains("Alias name: mutualtls")
          .contains("Entry type: PrivateKeyEntry")
          .contains("Certificate chain length: 2")
          .contains("Owner: CN=alice, O=mutualtls")
          .contains("Owner: CN=Issuing CA, O=mutualtls");
    }
  }

  @Test
  void keytoolRefusesTheWrongPassword(@TempDir Path dir) throws Exception {
    // A control: it proves the listings above really opened the stores with the password.
    store(chainedClient(KeyType.EC_P256).keyStore(PASSWORD.toCharArray()), dir.resolve("alice.p12"));

    Peers.Result result = keytoolList(dir, "alice.p12", "not-the-password");

    assertThat(result.exitCode()).as(result.describe()).isNotZero();
    assertThat(result.stdout() + result.stderr()).contains("password was incorrect");
  }

  @Test
  void keytoolListsTheTrustStoreWithTheRootOnly(@TempDir Path dir) throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    store(root.intermediate("Issuing CA").trustStore(), dir.resolve("truststore.p12"));

    Peers.Result result = keytoolList(dir, "truststore.p12", PASSWORD);

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).as(result.describe())
        .contains("Your keystore contains 1 entry")
        .contains("Alias name: mutualtls-root")
        .contains("Entry type: trustedCertEntry")
        .contains("Owner: " + root.certificate().getSubjectX500Principal());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
  void opensslReadsTheChainAndTheKeyFromThePkcs12(KeyType type, @TempDir Path dir) throws Exception {
    Path openssl = Peers.require("openssl");
    Identity alice = chainedClient(type);
    store(alice.keyStore(PASSWORD.toCharArray()), dir.resolve("alice.p12"));

    Peers.Result certificates = Peers.run(dir, openssl.toString(), "pkcs12", "-in", "alice.p12",
        "-passin", "pass:" + PASSWORD, "-nokeys");
    Peers.Result key = Peers.run(dir, openssl.toString(), "pkcs12", "-in", "alice.p12",
        "-passin", "pass:" + PASSWORD, "-nocerts", "-nodes");

    assertThat(certificates.exitCode()).as(certificates.describe()).isZero();
    assertThat(Certificates.parsePem(certificates.stdout())).as(certificates.describe())
        .containsExactlyInAnyOrderElementsOf(alice.chain());
    assertThat(key.exitCode()).as(key.describe()).isZero();
    assertThat(key.stdout()).contains("friendlyName: mutualtls");
    List<byte[]> keys = Certificates.pemBlocks(key.stdout(), "PRIVATE KEY");
    assertThat(keys).as(key.describe()).hasSize(1);
    PrivateKey extracted = KeyFactory.getInstance(alice.privateKey().getAlgorithm())
        .generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
    assertThat(Certificates.keysMatch(extracted, alice.publicKey())).isTrue();
  }

  @Test
  void opensslReadsTheRootFromTheTrustStore(@TempDir Path dir) throws Exception {
    Path openssl = Peers.require("openssl");
    CertificateAuthority root = CertificateAuthority.create();
    store(root.trustStore(), dir.resolve("truststore.p12"));

    Peers.Result result = Peers.run(dir, openssl.toString(), "pkcs12", "-in", "truststore.p12",
        "-passin", "pass:" + PASSWORD, "-nokeys");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(Certificates.parsePem(result.stdout())).as(result.describe()).containsExactly(root.certificate());
  }

  private static Identity chainedClient(KeyType type) {
    return CertificateAuthority.builder().keyType(type).build().intermediate("Issuing CA").client("alice");
  }

  private static void store(KeyStore store, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
  }

  private static Peers.Result keytoolList(Path dir, String file, String password) {
    // English messages whatever the machine's locale, so the assertions read what keytool printed.
    return Peers.run(dir, Peers.keytool().toString(), "-J-Duser.language=en", "-J-Duser.country=US", "-list",
        "-v", "-keystore", file, "-storepass", password);
  }
}
