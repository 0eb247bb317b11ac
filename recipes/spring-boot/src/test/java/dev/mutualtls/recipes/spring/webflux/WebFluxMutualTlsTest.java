package dev.mutualtls.recipes.spring.webflux;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static dev.mutualtls.pki.Defect.CA_AS_LEAF;
import static dev.mutualtls.pki.Defect.REVOKED;
import static dev.mutualtls.pki.Defect.SHA1_SIGNATURE;
import static dev.mutualtls.pki.Defect.WEAK_KEY;
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
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Boot WebFlux on Reactor Netty with mutual TLS as its documentation configures it, left at the JDK's
 * defaults: {@code server.ssl.client-auth=need} (honoured by Reactor Netty since spring-boot#11488) and a PEM SSL
 * bundle whose certificate, key and trusted CA come from {@link MutualTls @MutualTls}, handed to Spring as
 * {@code TomcatMutualTlsTest} explains; one context, closed with the class.
 */
@MutualTls(revocation = RevocationCheck.OCSP)
@SpringBootTest(classes = WebFluxSubjectApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.main.web-application-type=reactive", "server.address=127.0.0.1", "server.ssl.bundle=server",
    "server.ssl.client-auth=need"})
@DirtiesContext
class WebFluxMutualTlsTest {
  private static CertificateAuthority ca;
  private static Identity server;

  @BeforeAll
  static void identities(CertificateAuthority ca, @ServerIdentity Identity server) {
    WebFluxMutualTlsTest.ca = ca;
    WebFluxMutualTlsTest.server = server;
  }

  @DynamicPropertySource
  static void sslBundle(DynamicPropertyRegistry registry) {
    registry.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> server.chainPem());
    registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> server.privateKeyPem());
    registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> ca.certificatePem());
  }

  @LocalServerPort
  int port;

  @Autowired
  ReactiveWebServerApplicationContext context;

  @Test
  void runsOnReactorNetty() {
    assertThat(context.getWebServer()).isInstanceOf(NettyWebServer.class);
  }

  @Test
  void answersTheClientsSubjectToSpringsWebClient(MutualTlsClient client) throws Exception {
    var tls = SslContextBuilder.forClient()
        .keyManager(client.identity().keyManager())
        .trustManager(ca.certificate())
        .build();
    WebClient web = WebClient.builder()
        .baseUrl("https://127.0.0.1:" + port)
        .clientConnector(new ReactorClientHttpConnector(HttpClient.create().secure(spec -> spec.sslContext(tls))))
        .build();

    assertThat(web.get().uri("/subject").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
        .isEqualTo("CN=client,O=mutualtls");
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
    String table = HttpsAudit.table("Spring Boot WebFlux on Reactor Netty, JDK defaults, " + protocol, findings);
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
    AuditReport report = ServerAudit.of(ca).run(new InetSocketAddress("127.0.0.1", port));
    assertThatServer(report).refusesEveryDefectExcept(CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE);
    System.out.println(report.table());
  }

  /** Twenty audits in a row find the same, and what the test above pins, every time. */
  @Test
  void auditsAlikeTwentyTimesInARow() {
    Verdicts.auditTwentyTimes(ServerAudit.of(ca), new InetSocketAddress("127.0.0.1", port),
        report -> assertThatServer(report).refusesEveryDefectExcept(CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE));
  }

  private URI subjectUri() {
    return URI.create("https://127.0.0.1:" + port + "/subject");
  }
}
