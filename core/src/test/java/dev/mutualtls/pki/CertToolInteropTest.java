package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GnuTLS {@code certtool --verify}, a second X.509 implementation next to OpenSSL, accepts a server and a
 * client chain through two intermediates for their purposes. Optional: it runs only where certtool is
 * installed (CI does not install it), and is skipped otherwise even when peers are required.
 */
class CertToolInteropTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
  void serverAndClientChainsVerifyForTheirPurpose(KeyType type, @TempDir Path dir) throws Exception {
    Path certtool = Peers.optional("certtool");
    CertificateAuthority root = CertificateAuthority.builder().keyType(type).build();
    CertificateAuthority issuing = root.intermediate("Intermediate 1").intermediate("Intermediate 2");
    Files.writeString(dir.resolve("root.pem"), root.certificatePem());
    Files.writeString(dir.resolve("server.pem"), issuing.server().chainPem());
    Files.writeString(dir.resolve("client.pem"), issuing.client("alice").chainPem());

    Peers.Result server = Peers.run(dir, certtool.toString(), "--verify", "--load-ca-certificate", "root.pem",
        "--infile", "server.pem", "--verify-purpose", "1.3.6.1.5.5.7.3.1");
    Peers.Result client = Peers.run(dir, certtool.toString(), "--verify", "--load-ca-certificate", "root.pem",
        "--infile", "client.pem", "--verify-purpose", "1.3.6.1.5.5.7.3.2");

    // certtool exits non-zero when verification fails and prints the verdict on stdout.
    assertThat(server.exitCode()).as(server.describe()).isZero();
    assertThat(server.stdout()).as(server.describe()).contains("Chain verification output: Verified.");
    assertThat(client.exitCode()).as(client.describe()).isZero();
    assertThat(client.stdout()).as(client.describe()).contains("Chain verification output: Verified.");
  }
}
