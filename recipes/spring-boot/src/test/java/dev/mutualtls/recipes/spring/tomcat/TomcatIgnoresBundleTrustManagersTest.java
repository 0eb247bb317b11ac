package dev.mutualtls.recipes.spring.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.spring.Curl;
import dev.mutualtls.recipes.spring.hardening.StrictClientTrustConfiguration;
import dev.mutualtls.recipes.spring.hardening.TomcatSslContextConfiguration;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pins a trap: Tomcat under Spring Boot 4.0 ignores the key and trust managers of its SSL bundle. The bundle
 * {@code server-strict} of {@link StrictClientTrustConfiguration}, alone, hardens Reactor Netty
 * ({@code WebFluxHardenedMutualTlsTest}) but leaves Tomcat at the JDK's defaults, without a word; Tomcat needs
 * {@link TomcatSslContextConfiguration} as well ({@link TomcatHardenedMutualTlsTest}). Should a later Spring Boot hand
 * Tomcat the bundle's managers, this test fails and the extra configuration can go.
 */
@MutualTls(revocation = RevocationCheck.OCSP)
@SpringBootTest(classes = {TomcatSubjectApplication.class, StrictClientTrustConfiguration.class},
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "server.ssl.bundle=server-strict", "server.ssl.client-auth=need"})
@DirtiesContext
class TomcatIgnoresBundleTrustManagersTest {
  private static CertificateAuthority ca;
  private static Identity server;
  @TempDir
  static Path tomcatBaseDir;

  @BeforeAll
  static void identities(CertificateAuthority ca, @ServerIdentity Identity server) {
    TomcatIgnoresBundleTrustManagersTest.ca = ca;
    TomcatIgnoresBundleTrustManagersTest.server = server;
  }

  @DynamicPropertySource
  static void sslBundle(DynamicPropertyRegistry registry) {
    registry.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> server.chainPem());
    registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> server.privateKeyPem());
    registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> ca.certificatePem());
    // Tomcat's work directory, which Spring Boot would otherwise leave behind in the system's temp directory.
    registry.add("server.tomcat.basedir", () -> tomcatBaseDir.toString());
  }

  @LocalServerPort
  int port;

  @Test
  void letsACaCertificateThroughDespiteTheStrictBundle(@TempDir Path dir) {
    Identity caAsLeaf = ca.defective(Defect.CA_AS_LEAF);

    Curl.Result result = Curl.get(URI.create("https://127.0.0.1:" + port + "/subject"), "TLSv1.3", ca, caAsLeaf, dir);

    assertThat(result.answered(caAsLeaf.certificate().getSubjectX500Principal().getName())).as("%s", result).isTrue();
  }
}
