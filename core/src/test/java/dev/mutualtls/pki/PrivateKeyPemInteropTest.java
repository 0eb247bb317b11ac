package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.testing.Certificates;
import dev.mutualtls.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code openssl pkey} reads {@link Identity#privateKeyPem()} and {@link Identity#privateKeyPem(char[])}
 * (PKCS#8, plain and encrypted), and the public key it derives from either is the certificate's.
 */
class PrivateKeyPemInteropTest {
  private static final String PASSWORD = "s3cret-Pw";

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
  void opensslDerivesTheCertificatesPublicKeyFromThePlainAndTheEncryptedKey(KeyType type, @TempDir Path dir)
      throws Exception {
    Path openssl = Peers.require("openssl");
    Identity alice = CertificateAuthority.builder().keyType(type).build().client("alice");
    Files.writeString(dir.resolve("key.pem"), alice.privateKeyPem());
    Files.writeString(dir.resolve("encrypted-key.pem"), alice.privateKeyPem(PASSWORD.toCharArray()));

    Peers.Result plain = Peers.run(dir, openssl.toString(), "pkey", "-in", "key.pem", "-pubout");
    Peers.Result encrypted = Peers.run(dir, openssl.toString(), "pkey", "-in", "encrypted-key.pem",
        "-passin", "pass:" + PASSWORD, "-pubout");

    for (Peers.Result result : new Peers.Result[] {plain, encrypted}) {
      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(Certificates.pemBlocks(result.stdout(), "PUBLIC KEY")).as(result.describe())
          .containsExactly(alice.certificate().getPublicKey().getEncoded());
    }
  }

  @Test
  void theEncryptedKeyIsPbes2WithAes256AndNeedsThePassword(@TempDir Path dir) throws Exception {
    Path openssl = Peers.require("openssl");
    Identity alice = CertificateAuthority.create().client("alice");
    Files.writeString(dir.resolve("encrypted-key.pem"), alice.privateKeyPem(PASSWORD.toCharArray()));

    Peers.Result structure = Peers.run(dir, openssl.toString(), "asn1parse", "-in", "encrypted-key.pem");
    Peers.Result wrongPassword = Peers.run(dir, openssl.toString(), "pkey", "-in", "encrypted-key.pem",
        "-passin", "pass:not-the-password", "-noout");

    assertThat(structure.exitCode()).as(structure.describe()).isZero();
    assertThat(structure.stdout()).as(structure.describe())
        .contains(":PBES2").contains(":PBKDF2").contains(":aes-256-cbc");
    assertThat(wrongPassword.exitCode()).as(wrongPassword.describe()).isNotZero();
  }
}
