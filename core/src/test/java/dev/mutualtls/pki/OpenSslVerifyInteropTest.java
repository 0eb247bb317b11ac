package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code openssl verify -x509_strict -auth_level 2} accepts every server and client leaf of every key type,
 * issued by the root and by one and two intermediates. Strict mode adds RFC 5280 checks (critical
 * BasicConstraints on CAs, AKI/SKI, no empty subject without critical SAN, ...); auth level 2 demands
 * 112-bit security in keys and digests.
 */
class OpenSslVerifyInteropTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(KeyType.class)
  void everyServerAndClientLeafVerifiesForItsPurposeAtEveryDepth(KeyType type, @TempDir Path dir) throws Exception {
    Path openssl = Peers.require("openssl");
    CertificateAuthority root = CertificateAuthority.builder().keyType(type).build();
    CertificateAuthority first = root.intermediate("Intermediate 1");
    CertificateAuthority second = first.intermediate("Intermediate 2");
    Files.writeString(dir.resolve("root.pem"), root.certificatePem());

    SoftAssertions softly = new SoftAssertions();
    List<CertificateAuthority> issuers = List.of(root, first, second);
    for (int depth = 0; depth < issuers.size(); depth++) {
      CertificateAuthority issuer = issuers.get(depth);
      // -untrusted carries the intermediates the leaf's chain would present, never the root.
      StringBuilder intermediates = new StringBuilder();
      for (CertificateAuthority ca : issuers.subList(1, depth + 1)) {
        intermediates.append(ca.certificatePem());
      }
      Files.writeString(dir.resolve("intermediates-" + depth + ".pem"), intermediates);

      Identity server = issuer.server();
      Identity client = issuer.client("alice");
      softly.assertThat(verify(openssl, dir, "sslserver", depth, "server-" + depth, server)).isEqualTo("OK");
      softly.assertThat(verify(openssl, dir, "sslclient", depth, "client-" + depth, client)).isEqualTo("OK");
    }
    softly.assertAll();
  }

  @Test
  void aLeafFromASpecWithEverySanKindServesBothPurposes(@TempDir Path dir) throws Exception {
    Path openssl = Peers.require("openssl");
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority issuing = root.intermediate("Intermediate 1");
    Files.writeString(dir.resolve("root.pem"), root.certificatePem());
    Files.writeString(dir.resolve("intermediates-1.pem"), issuing.certificatePem());
    // The default EKU of a spec is serverAuth and clientAuth.
    Identity both = issuing.issue(CertificateSpec.builder().dnsNames("both.example.test")
        .ipAddresses("192.0.2.1", "2001:db8::1").uris("spiffe://example.org/ns/payments/sa/api")
        .emailAddresses("both@example.org").build());

    assertThat(verify(openssl, dir, "sslserver", 1, "both-server", both)).isEqualTo("OK");
    assertThat(verify(openssl, dir, "sslclient", 1, "both-client", both)).isEqualTo("OK");
  }

  @Test
  void theSameCommandRejectsAClientLeafForTheServerPurpose(@TempDir Path dir) throws Exception {
    // A control: it proves the purpose checks above are on, and that a failure reaches the assertions.
    Path openssl = Peers.require("openssl");
    CertificateAuthority root = CertificateAuthority.create();
    Files.writeString(dir.resolve("root.pem"), root.certificatePem());
    Files.writeString(dir.resolve("intermediates-0.pem"), "");

    String outcome = verify(openssl, dir, "sslserver", 0, "client", root.client("alice"));

    // X509_V_ERR_INVALID_PURPOSE; its text changed from "unsupported" to "unsuitable" in OpenSSL 3.
    assertThat(outcome).contains("error 26 at 0 depth lookup: ").contains(" certificate purpose");
  }

  /** Runs openssl verify on the leaf; "OK" when it passes, else openssl's whole report. */
  private static String verify(Path openssl, Path dir, String purpose, int depth, String name, Identity leaf)
      throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".pem"), leaf.certificatePem());
    List<String> command = new ArrayList<>(List.of(openssl.toString(), "verify", "-x509_strict",
        "-auth_level", "2", "-purpose", purpose, "-CAfile", "root.pem"));
    if (depth > 0) {
      command.addAll(List.of("-untrusted", "intermediates-" + depth + ".pem"));
    }
    command.add(file.getFileName().toString());
    Peers.Result result = Peers.run(dir, command);
    return result.exitCode() == 0 && result.stdout().equals(file.getFileName() + ": OK\n") ? "OK"
        : result.describe();
  }
}
