package dev.mutualtls.recipes.servers;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateFiles;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx reads its certificate when it starts and on {@code nginx -s reload}, never on its own: after certbot's renewal
 * (or a Kubernetes Secret update) it keeps presenting the old certificate until it is told to reload, and then presents
 * the new one. Each test rotates twice.
 */
class NginxReloadTest {
  private static final Duration RELOAD_WITHIN = Duration.ofSeconds(10);

  @Test
  void presentsCertbotsRenewedCertificateAfterAReload(@TempDir Path dir, TestReporter reporter) {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity first = ca.server("localhost");
    // tag::nginx-certbot[]
    CertificateFiles certbot = CertificateFiles.certbot(dir.resolve("letsencrypt"), "localhost").write(first, ca);
    Path live = certbot.directory();
    try (NginxServer nginx = NginxServer.start(dir, live.resolve("fullchain.pem"), live.resolve("privkey.pem"), first,
        ca, Mode.REQUIRE, "TLSv1.2", "TLSv1.3")) {
      Identity renewed = ca.server("localhost");
      certbot.write(renewed, ca);
      assertThatServer(nginx.address()).eventuallyPresents(first, Duration.ofSeconds(1));
      nginx.reload();
      assertThatServer(nginx.address()).eventuallyPresents(renewed, RELOAD_WITHIN);
      rotateAgain(nginx, certbot, ca, reporter);
    }
    // end::nginx-certbot[]
  }

  @Test
  void presentsARotatedKubernetesSecretAfterAReload(@TempDir Path dir, TestReporter reporter) {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity first = ca.server("localhost");
    CertificateFiles secret = CertificateFiles.kubernetesSecret(dir.resolve("secret")).write(first, ca);
    Path mounted = secret.directory();
    try (NginxServer nginx = NginxServer.start(dir, mounted.resolve("tls.crt"), mounted.resolve("tls.key"), first,
        ca, Mode.REQUIRE, "TLSv1.2", "TLSv1.3")) {
      Identity renewed = ca.server("localhost");
      secret.write(renewed, ca);
      assertThatServer(nginx.address()).eventuallyPresents(first, Duration.ofSeconds(1));
      nginx.reload();
      assertThatServer(nginx.address()).eventuallyPresents(renewed, RELOAD_WITHIN);
      rotateAgain(nginx, secret, ca, reporter);
    }
  }

  private static void rotateAgain(NginxServer nginx, CertificateFiles files, CertificateAuthority ca,
      TestReporter reporter) {
    Identity again = ca.server("localhost");
    files.write(again, ca);
    long start = System.nanoTime();
    nginx.reload();
    assertThatServer(nginx.address()).eventuallyPresents(again, RELOAD_WITHIN);
    reporter.publishEntry("reload", files + ": presented " + Duration.ofNanos(System.nanoTime() - start).toMillis()
        + " ms after nginx -s reload was run");
  }
}
