package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import dev.mutualtls.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stacks nobody here wrote: OpenSSL's and curl's clients against the library's server, and the probe
 * against OpenSSL's server, which (unlike JSSE) names the problem in its alert.
 */
class CrossStackTest {
  private static final CertificateAuthority CA = CertificateAuthority.create();

  @TempDir
  Path dir;

  private Path write(Identity identity, String name) throws IOException {
    identity.writePem(dir, name);
    return dir.resolve(name + ".pem");
  }

  private Path caFile() throws IOException {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, CA.certificatePem());
    return ca;
  }

  @ParameterizedTest(name = "curl with an expired client certificate is refused over {0} (exit {1})")
  @CsvSource({"TLSv1.2, 35, --tls-max, 1.2", "TLSv1.3, 56, --tlsv1.3, ''"})
  void curlWithAnExpiredCertificateIsRefused(String protocol, int exitCode, String flag, String value)
      throws IOException {
    Path curl = Peers.require("curl");
    write(CA.defective(Defect.EXPIRED), "client");
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, protocol)) {
      List<String> command = new java.util.ArrayList<>(List.of(curl.toString(), "-sS", "--cert", "client.pem",
          "--key", "client-key.pem", "--cacert", caFile().toString(), flag));
      if (!value.isEmpty()) {
        command.add(value);
      }
      command.add("https://localhost:" + server.port() + "/");
      Peers.Result result = Peers.run(dir, command);
      assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
      // curl may exit on the alert a moment before the server thread records its verdict.
      assertThat(server.awaitVerdict(v -> !v.accepted(), Duration.ofSeconds(10))).as(result.describe())
          .hasValueSatisfying(v -> assertThat(v.reason()).contains(Reason.EXPIRED));
    }
  }

  @ParameterizedTest(name = "openssl s_client with an untrusted client certificate is refused over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void opensslClientWithAnUntrustedCertificateIsRefused(String protocol) throws IOException {
    Path openssl = Peers.require("openssl");
    write(CA.defective(Defect.UNTRUSTED_ISSUER), "client");
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, protocol)) {
      Peers.Result result = Peers.run(dir, openssl.toString(), "s_client", "-connect", "127.0.0.1:" + server.port(),
          "-servername", "localhost", "-cert", "client.pem", "-key", "client-key.pem", "-CAfile",
          caFile().toString(), "-verify_return_error", "-ign_eof",
          "TLSv1.3".equals(protocol) ? "-tls1_3" : "-tls1_2");
      // -ign_eof keeps s_client reading after its input ends: under TLS 1.3 the refusal comes after the handshake.
      assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
      assertThat(result.stdout() + result.stderr()).as(result.describe()).contains("alert certificate unknown");
      assertThat(server.awaitVerdict(v -> !v.accepted(), Duration.ofSeconds(10)))
          .hasValueSatisfying(v -> assertThat(v.reason()).contains(Reason.UNTRUSTED_ISSUER));
    }
  }

  @ParameterizedTest(name = "openssl s_server refuses {0} over {1} with {2}, and the probe says so")
  @CsvSource({
      "UNTRUSTED_ISSUER, TLSv1.2, UNKNOWN_CA, UNTRUSTED_ISSUER",
      "UNTRUSTED_ISSUER, TLSv1.3, UNKNOWN_CA, UNTRUSTED_ISSUER",
      "EXPIRED, TLSv1.2, CERTIFICATE_EXPIRED, EXPIRED",
      "EXPIRED, TLSv1.3, CERTIFICATE_EXPIRED, EXPIRED",
      "WRONG_EXTENDED_KEY_USAGE, TLSv1.2, UNSUPPORTED_CERTIFICATE, WRONG_EXTENDED_KEY_USAGE",
      "WRONG_EXTENDED_KEY_USAGE, TLSv1.3, UNSUPPORTED_CERTIFICATE, WRONG_EXTENDED_KEY_USAGE"})
  void opensslServerRefusesWithItsSpecificAlert(Defect defect, String protocol, TlsAlert alert, Reason reason)
      throws Exception {
    write(CA.server(), "server");
    try (Peers.Server server = Peers.opensslServer(dir, "-cert", "server.pem", "-key", "server-key.pem",
        "-CAfile", caFile().toString(), "-Verify", "1", "-verify_return_error",
        "TLSv1.3".equals(protocol) ? "-tls1_3" : "-tls1_2")) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").probe(CA.defective(defect), CA);
      assertThat(result.rejectedBy()).as(result.explain()).contains(Side.SERVER);
      assertThat(result.alert()).as(result.explain()).contains(alert);
      assertThat(result.reason()).as(result.explain()).contains(reason);
    }
  }
}
