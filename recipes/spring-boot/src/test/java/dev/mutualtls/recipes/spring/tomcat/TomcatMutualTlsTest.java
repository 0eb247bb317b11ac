package dev.mutualtls.recipes.spring.tomcat;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static dev.mutualtls.pki.Defect.CA_AS_LEAF;
import static dev.mutualtls.pki.Defect.REVOKED;
import static dev.mutualtls.pki.Defect.SHA1_SIGNATURE;
import static dev.mutualtls.pki.Defect.WEAK_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.servers.Verdicts;
import dev.mutualtls.recipes.spring.Curl;
import dev.mutualtls.recipes.spring.HttpsAudit;
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
 * Spring Boot on Tomcat with mutual TLS as its documentation configures it, left at the JDK's defaults:
 * {@code server.ssl.client-auth=need} and a PEM SSL bundle whose certificate, key and trusted CA come from
 * {@link MutualTls @MutualTls}.
 *
 * <p>How the identity reaches Spring: {@code @MutualTls} resolves parameters of JUnit methods, and Spring reads a
 * {@link DynamicPropertySource} when it builds the context, which the {@code SpringExtension} does when it prepares
 * the first test instance, after {@code @BeforeAll}. So a {@code @BeforeAll} method takes the CA and the server
 * identity and keeps them in static fields, and the property suppliers hand Spring their PEM text (a PEM bundle
 * property takes PEM content as well as a location, so nothing is written to disk). The CA publishes OCSP and CRLs on
 * loopback ({@code revocation = OCSP}) so that certificates name them, as the hardened servers need; a server at the
 * JDK's defaults never asks.
 *
 * <p>One context per configuration: every test of the class shares it, and {@link DirtiesContext} closes it (and
 * stops Tomcat) when the class ends. No other class could reuse it from Spring's context cache anyway: its key and
 * trust material belong to this class's CA, and its cache key includes this class's {@code DynamicPropertySource}.
 */
// tag::spring-identity[]
@MutualTls(revocation = RevocationCheck.OCSP)
@SpringBootTest(classes = TomcatSubjectApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1", "server.ssl.bundle=server", "server.ssl.client-auth=need"})
@DirtiesContext
class TomcatMutualTlsTest {
  private static CertificateAuthority ca;
  private static Identity server;
  @TempDir
  static Path tomcatBaseDir;

  @BeforeAll
  static void identities(CertificateAuthority ca, @ServerIdentity Identity server) {
    TomcatMutualTlsTest.ca = ca;
    TomcatMutualTlsTest.server = server;
  }

  @DynamicPropertySource
  static void sslBundle(DynamicPropertyRegistry registry) {
    registry.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> server.chainPem());
    registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> server.privateKeyPem());
    registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> ca.certificatePem());
    // Tomcat's work directory, which Spring Boot would otherwise leave behind in the system's temp directory.
    registry.add("server.tomcat.basedir", () -> tomcatBaseDir.toString());
  }
  // end::spring-identity[]

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

  @ParameterizedTest(name = "under {0} lets through the good client and exactly the four defects the JDK accepts")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void letsThroughWhatTheJdksDefaultsAccept(String protocol, @TempDir Path dir) {
    Map<String, HttpsAudit.Finding> findings = HttpsAudit.run(ca, subjectUri(), protocol, dir);
    String table = HttpsAudit.table("Spring Boot on Tomcat, JDK defaults, " + protocol, findings);
    System.out.println(table);

    List<String> letThrough = List.of(HttpsAudit.GOOD, "CA_AS_LEAF", "REVOKED", "WEAK_KEY", "SHA1_SIGNATURE");
    assertThat(HttpsAudit.letThroughByCurl(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(HttpsAudit.letThroughByJsse(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(HttpsAudit.curlRefusals(findings)).as(table)
        .isEqualTo(HttpsAudit.jsseServerRefusals(protocol, letThrough));
  }

  /**
   * The library's audit says what curl and the JSSE socket measured: the four defects the JDK's defaults accept, and
   * every other defect refused, over both protocols.
   */
  @Test
  void theAuditFindsTheFourDefectsTheJdkAccepts() {
    // tag::spring-audit[]
    AuditReport report = ServerAudit.of(ca).run(new InetSocketAddress("127.0.0.1", port));
    assertThatServer(report).refusesEveryDefectExcept(CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE);
    // end::spring-audit[]
    System.out.println(report.table());
  }

  /** Twenty audits in a row find the same, and what the test above pins, every time. */
  @Test
  void auditsAlikeTwentyTimesInARow() {
    Verdicts.auditTwentyTimes(ServerAudit.of(ca), new InetSocketAddress("127.0.0.1", port),
        report -> assertThatServer(report).refusesEveryDefectExcept(CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE));
  }

  /**
   * The probe against this real server: the expired client refused in the handshake, the CA certificate as leaf
   * accepted, with the HTTP status of the answer as the evidence (404: the probe asks for {@code /}, which this
   * service does not map).
   */
  @Test
  void theProbeSaysWhoRefusedAndWhatWasAnswered(@Defective(Defect.EXPIRED) MutualTlsClient expired,
      @Defective(Defect.CA_AS_LEAF) MutualTlsClient caAsLeaf) {
    // tag::probe-own-server[]
    assertThatHandshake(expired.handshake("127.0.0.1", port)).isRejectedByServer();
    assertThatHandshake(caAsLeaf.handshake("127.0.0.1", port)).isAccepted().withHttpStatus(404);
    // end::probe-own-server[]
  }

  private URI subjectUri() {
    return URI.create("https://127.0.0.1:" + port + "/subject");
  }
}
