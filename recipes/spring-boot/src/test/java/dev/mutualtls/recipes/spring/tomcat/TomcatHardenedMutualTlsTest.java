package dev.mutualtls.recipes.spring.tomcat;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.servers.Verdicts;
import dev.mutualtls.recipes.spring.Curl;
import dev.mutualtls.recipes.spring.HttpsAudit;
import dev.mutualtls.recipes.spring.hardening.StrictClientTrustConfiguration;
import dev.mutualtls.recipes.spring.hardening.TomcatSslContextConfiguration;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Spring Boot on Tomcat with mutual TLS, hardened: the PEM bundle of {@link TomcatMutualTlsTest} served as the bundle
 * {@code server-strict}, which judges clients with {@code StrictClientTrust} ({@link StrictClientTrustConfiguration}),
 * and a connector customizer that makes Tomcat use that bundle's trust manager at all
 * ({@link TomcatSslContextConfiguration}). The CA publishes OCSP and CRLs on loopback, and every certificate names
 * them, so the server asks about each client during its handshake.
 */
@MutualTls(revocation = RevocationCheck.OCSP)
@SpringBootTest(classes = {TomcatSubjectApplication.class, StrictClientTrustConfiguration.class,
    TomcatSslContextConfiguration.class}, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1", "server.ssl.bundle=server-strict", "server.ssl.client-auth=need"})
@DirtiesContext
class TomcatHardenedMutualTlsTest {
  private static CertificateAuthority ca;
  private static Identity server;
  @TempDir
  static Path tomcatBaseDir;

  @BeforeAll
  static void identities(CertificateAuthority ca, @ServerIdentity Identity server) {
    TomcatHardenedMutualTlsTest.ca = ca;
    TomcatHardenedMutualTlsTest.server = server;
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
  void answersTheClientsSubjectToSpringsRestClient(MutualTlsClient client) {
    RestClient rest = RestClient.builder()
        .baseUrl("https://127.0.0.1:" + port)
        .requestFactory(new JdkClientHttpRequestFactory(client.httpClient()))
        .build();

    assertThat(rest.get().uri("/subject").retrieve().body(String.class)).isEqualTo("CN=client,O=mutualtls");
  }

  @Test
  void refusesAClientWithoutCertificate(@TempDir Path dir) {
    Curl.Result anonymous = Curl.get(subjectUri(), "TLSv1.3", ca, null, dir);

    assertThat(anonymous.exitCode()).as("%s", anonymous).isEqualTo(56);
  }

  @ParameterizedTest(name = "under {0} lets through the good client only")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void letsThroughTheGoodClientOnly(String protocol, @TempDir Path dir) {
    Map<String, HttpsAudit.Finding> findings = HttpsAudit.run(ca, subjectUri(), protocol, dir);
    String table = HttpsAudit.table("Spring Boot on Tomcat, hardened, " + protocol, findings);
    System.out.println(table);

    List<String> letThrough = List.of(HttpsAudit.GOOD);
    assertThat(HttpsAudit.letThroughByCurl(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(HttpsAudit.letThroughByJsse(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(HttpsAudit.curlRefusals(findings)).as(table)
        .isEqualTo(HttpsAudit.jsseServerRefusals(protocol, letThrough));
  }

  /** The library's audit of the hardened server: every defect refused, over both protocols. */
  @Test
  void theAuditFindsEveryDefectRefused() {
    AuditReport report = ServerAudit.of(ca).run(new InetSocketAddress("127.0.0.1", port));
    assertThatServer(report).refusesEveryDefect();
    System.out.println(report.table());
  }

  /** Twenty audits in a row find the same, and what the test above pins, every time. */
  @Test
  void auditsAlikeTwentyTimesInARow() {
    Verdicts.auditTwentyTimes(ServerAudit.of(ca), new InetSocketAddress("127.0.0.1", port),
        report -> assertThatServer(report).refusesEveryDefect());
  }

  private URI subjectUri() {
    return URI.create("https://127.0.0.1:" + port + "/subject");
  }
}
