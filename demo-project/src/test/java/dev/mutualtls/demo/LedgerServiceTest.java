package dev.mutualtls.demo;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HttpClients;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.ServerVerdicts;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@MutualTls(clients = {"alice", "mallory"})
@DisplayName("LedgerService")
class LedgerServiceTest {
  private static final String PAYMENTS_SPIFFE_ID = "spiffe://example.org/ns/payments/sa/api";

  private final ServerVerdicts verdicts = new ServerVerdicts();
  private final AuditLog audit = new AuditLog();
  private CertificateAuthority ca;
  private LedgerService ledger;

  @BeforeEach
  void startLedger(CertificateAuthority ca) {
    this.ca = ca;
    ledger = LedgerService.builder()
        // The server's own record of each handshake: the JDK's HttpsServer sends no alert when it refuses.
        .sslContext(RecordingServerContext.wrap(ca.server().sslContext(TrustPolicy.STRICT.trustManager(ca)), verdicts))
        .allowSubjects("CN=alice,O=mutualtls")
        .allowSpiffeIds(PAYMENTS_SPIFFE_ID)
        .account("acc-1", 12_500)
        .auditLog(audit)
        .start();
  }

  @AfterEach
  void stopLedger() {
    ledger.close();
  }

  // tag::ledger-allow-list[]
  @Test
  @DisplayName("serves a caller on its allow-list and answers 403 to one whose certificate is just as valid")
  void allowListDecidesAfterTheHandshake(@Client("alice") MutualTlsClient alice,
      @Client("mallory") MutualTlsClient mallory) throws Exception {
    HttpRequest balance = HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/balance")).build();

    HttpResponse<String> forAlice = alice.httpClient().send(balance, BodyHandlers.ofString());
    HttpResponse<String> forMallory = mallory.httpClient().send(balance, BodyHandlers.ofString());

    assertThat(forAlice.body()).isEqualTo("{\"account\":\"acc-1\",\"balanceMinor\":12500,\"currency\":\"EUR\"}");
    assertThat(forMallory.statusCode()).isEqualTo(403);
    assertThat(audit.lines()).satisfiesExactly(
        first -> assertThat(first).contains("caller=\"CN=alice,O=mutualtls\"").endsWith("decision=allow"),
        second -> assertThat(second).contains("caller=\"CN=mallory,O=mutualtls\"").endsWith("decision=deny"));
  }
  // end::ledger-allow-list[]

  @Test
  @DisplayName("completes the handshake with a valid certificate not on the allow-list: only its request is denied")
  void notAllowedIsNotRefused(@Client("mallory") MutualTlsClient mallory) {
    assertThatHandshake(Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
        .probe(mallory.identity(), ca)).isAccepted().withHttpStatus(403);
    assertThat(audit.lines()).as("the probe's own request, GET /").singleElement().asString()
        .contains("caller=\"CN=mallory,O=mutualtls\"", "request=\"GET /\"").endsWith("decision=deny");
  }

  @Test
  @DisplayName("lets a workload in by its SPIFFE ID, whatever its subject, and books its entry")
  void allowListedSpiffeId() throws Exception {
    Identity payments = ca.issue(CertificateSpec.builder()
        .subject("CN=payments-7f9c,O=Example")
        .uris(PAYMENTS_SPIFFE_ID)
        .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH)
        .build());

    HttpResponse<String> response = HttpClients.create(payments.sslContext(ca)).send(
        HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/entries"))
            .POST(HttpRequest.BodyPublishers.ofString("amountMinor=-2500")).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(ledger.balance("acc-1")).isEqualTo(10_000);
    assertThat(audit.lines()).singleElement().asString()
        .contains("caller=\"CN=payments-7f9c,O=Example\" spiffeId=" + PAYMENTS_SPIFFE_ID)
        .endsWith("request=\"POST /v1/accounts/acc-1/entries\" status=201 decision=allow");
  }

  // tag::ledger-defects[]
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("clientDefects")
  @DisplayName("refuses every defective client certificate in the TLS handshake, before any HTTP, for its own reason")
  void refusesEveryClientDefectInTheHandshake(Defect defect, String description) {
    Identity client = defect == Defect.NO_CERTIFICATE ? null : ca.defective(defect);

    HandshakeResult result = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
        .probe(client, ca);

    assertThatHandshake(result).isRejectedByServer().withReason(Reason.expectedFor(defect));
    assertThat(result.stoppedAt()).isEqualTo(HandshakeResult.Step.SERVER_VERIFIES_CLIENT);
    assertThat(audit.lines()).as("no request reached the service").isEmpty();
  }

  static Stream<Arguments> clientDefects() {
    return Arrays.stream(Defect.values()).filter(defect -> defect.side() == Side.CLIENT)
        .map(defect -> Arguments.of(defect, defect.description()));
  }
  // end::ledger-defects[]

  @Test
  @DisplayName("explains why it refused an expired client certificate (the explanation printed just above)")
  void explainsARefusal(TestReporter reporter) {
    HandshakeResult result = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
        .probe(ca.defective(Defect.EXPIRED), ca);

    System.out.println(result.explain()
        + "(LedgerService runs the JDK's HttpsServer, which closes a refused connection without sending the alert"
        + " JSSE chose; the reason comes from the server's own record of the handshake.)\n");
    reporter.publishEntry("explain", result.explain());
    assertThat(result.reason()).contains(Reason.EXPIRED);
    assertThat(result.explain()).contains("REFUSED: client certificate CN=client-expired,O=mutualtls expired on");
  }
}
