package dev.mutualtls.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("TlsCredentials, loading certificates and keys as applications do")
class TlsCredentialsTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
  @DisplayName("loads a chain with its intermediate and a PKCS#8 key from PEM files, and completes a mutual handshake")
  void loadsPem(KeyType keyType, @TempDir Path dir) throws IOException {
    CertificateAuthority root = CertificateAuthority.builder().keyType(keyType).build();
    CertificateAuthority issuing = root.intermediate("Issuing CA");
    issuing.client("alice").writePem(dir, "alice");
    Files.writeString(dir.resolve("ca.pem"), root.certificatePem());

    SSLContext alice = TlsCredentials.fromPem(dir.resolve("alice.pem"), dir.resolve("alice-key.pem"),
        dir.resolve("ca.pem"));

    try (HandshakeServer server = HandshakeServer.start(issuing.server(), root, TrustPolicy.STRICT)) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").serverView(server).probe(alice);
      assertThat(result.succeeded()).as(result.explain()).isTrue();
      assertThat(result.serverVerdict().orElseThrow().clientChain()).hasSize(2);
    }
  }

  @Test
  @DisplayName("sends no certificate at all when the server asks for another CA's: the JDK key manager's rule")
  void jdkKeyManagerWithholdsAForeignCertificate(@TempDir Path dir) throws IOException {
    CertificateAuthority ours = CertificateAuthority.create();
    CertificateAuthority theirs = CertificateAuthority.create();
    ours.client("alice").writePem(dir, "alice");
    Files.writeString(dir.resolve("theirs.pem"), theirs.certificatePem());
    SSLContext alice = TlsCredentials.fromPem(dir.resolve("alice.pem"), dir.resolve("alice-key.pem"),
        dir.resolve("theirs.pem"));

    try (HandshakeServer server = HandshakeServer.start(theirs.server(), theirs, TrustPolicy.STRICT)) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").serverView(server).probe(alice);
      // Not UNTRUSTED_ISSUER: the key manager kept alice's certificate to itself.
      assertThat(result.reason()).as(result.explain()).contains(Reason.NO_CERTIFICATE);
    }
  }

  @Test
  @DisplayName("says how to convert a key that is not unencrypted PKCS#8")
  void refusesAnEncryptedKey(@TempDir Path dir) throws IOException {
    Identity alice = CertificateAuthority.create().client("alice");
    Path key = Files.writeString(dir.resolve("alice-key.pem"), alice.privateKeyPem("secret".toCharArray()));

    assertThatThrownBy(() -> TlsCredentials.readPrivateKey(key))
        .isInstanceOf(IOException.class)
        .hasMessage(key + " holds no unencrypted PKCS#8 key (expected -----BEGIN PRIVATE KEY-----; convert others with:"
            + " openssl pkcs8 -topk8 -nocrypt)");
  }

  @Test
  @DisplayName("says so when a certificate file holds no certificate")
  void refusesAFileWithoutCertificates(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

    assertThatThrownBy(() -> TlsCredentials.readCertificates(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file.toString());
  }
}
