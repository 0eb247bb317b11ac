package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationReason;
import dev.mutualtls.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenSSL agrees with the library's CRLs and OCSP responder on good, revoked and unknown certificates. */
class RevocationInteropTest {
  @TempDir
  Path dir;

  private final CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
  private final Identity good = ca.client("good");
  private final Identity revoked = ca.client("revoked");

  private void files() throws IOException {
    ca.revoke(revoked.certificate(), RevocationReason.KEY_COMPROMISE);
    Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Files.writeString(dir.resolve("crl.pem"), ca.crlPem());
    Files.writeString(dir.resolve("good.pem"), good.certificatePem());
    Files.writeString(dir.resolve("revoked.pem"), revoked.certificatePem());
  }

  @Test
  void opensslVerifiesTheCrlSignatureAndReadsItsEntries() throws IOException {
    Path openssl = Peers.require("openssl");
    files();
    Peers.Result verify = Peers.run(dir, openssl.toString(), "crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-noout");
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    assertThat(verify.stdout() + verify.stderr()).as(verify.describe()).contains("verify OK");

    Peers.Result text = Peers.run(dir, openssl.toString(), "crl", "-in", "crl.pem", "-noout", "-text");
    assertThat(text.stdout()).as(text.describe())
        .contains("Version 2 (0x1)", "X509v3 CRL Number", "X509v3 Authority Key Identifier", "Next Update",
            "Serial Number: " + revoked.certificate().getSerialNumber().toString(16).toUpperCase(),
            "Key Compromise")
        .doesNotContain(good.certificate().getSerialNumber().toString(16).toUpperCase());
  }

  @Test
  void opensslVerifyWithTheCrlRefusesOnlyTheRevokedCertificate() throws IOException {
    Path openssl = Peers.require("openssl");
    files();
    Peers.Result ok = Peers.run(dir, openssl.toString(), "verify", "-crl_check", "-CRLfile", "crl.pem",
        "-CAfile", "ca.pem", "good.pem");
    assertThat(ok.exitCode()).as(ok.describe()).isZero();
    Peers.Result refused = Peers.run(dir, openssl.toString(), "verify", "-crl_check", "-CRLfile", "crl.pem",
        "-CAfile", "ca.pem", "revoked.pem");
    assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
    assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("certificate revoked");
  }

  /**
   * OpenSSL compares a CRL's thisUpdate with {@code time()}, which on Linux reads the clock as of the kernel's last
   * tick and so can lag the clock the JVM reads by a few milliseconds: a CRL dated "now" is then "not yet valid" and
   * the peer refuses the client with {@code bad_certificate} (seen once in a recipe's audit of {@code openssl
   * s_server -crl_download}, which fetches the CRL the moment after it is signed). A peer whose clock is half an hour
   * behind stands for both: it takes the CRL as current, as it takes the certificates (notBefore an hour back).
   */
  @Test
  void aPeerWhoseClockIsBehindTakesTheCrlAsCurrentAsItTakesTheCertificates() throws IOException {
    Path openssl = Peers.require("openssl");
    files();
    String behind = Long.toString(java.time.Instant.now().minus(java.time.Duration.ofMinutes(30)).getEpochSecond());

    Peers.Result ok = Peers.run(dir, openssl.toString(), "verify", "-attime", behind, "-crl_check",
        "-CRLfile", "crl.pem", "-CAfile", "ca.pem", "good.pem");
    Peers.Result refused = Peers.run(dir, openssl.toString(), "verify", "-attime", behind, "-crl_check",
        "-CRLfile", "crl.pem", "-CAfile", "ca.pem", "revoked.pem");

    assertThat(ok.exitCode()).as(ok.describe()).isZero();
    assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("certificate revoked")
        .doesNotContain("not yet valid");
  }

  @ParameterizedTest(name = "openssl ocsp agrees on {0}")
  @ValueSource(strings = {"good", "revoked", "unknown"})
  void opensslOcspAgreesWithTheResponder(String status) throws IOException {
    Path openssl = Peers.require("openssl");
    files();
    if ("unknown".equals(status)) {
      Files.writeString(dir.resolve("unknown.pem"), RevocationTest.forgedByCaKey(ca).certificatePem());
    }
    Peers.Result result = Peers.run(dir, openssl.toString(), "ocsp", "-issuer", "ca.pem", "-cert", status + ".pem",
        "-url", ca.revocationEndpoint().orElseThrow().ocspUri(ca).toString(), "-CAfile", "ca.pem");
    String out = result.stdout() + result.stderr();
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(out).as(result.describe()).contains("Response verify OK", status + ".pem: " + status)
        .doesNotContain("WARNING: no nonce");
    if ("revoked".equals(status)) {
      assertThat(out).contains("Reason: keyCompromise");
    }
  }
}
