package dev.mutualtls.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HttpClients;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.ServerVerdicts;
import dev.mutualtls.handshake.Side;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
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

@DisplayName("LedgerService")
class LedgerServiceTest {
  private static final String PAYMENTS_SPIFFE_ID = "spiffe://example.org/ns/payments/sa/api";
  private static final CertificateAuthority CA = CertificateAuthority.create();

  private final ServerVerdicts verdicts = new ServerVerdicts();
  private final AuditLog audit = new AuditLog();
  private LedgerService ledger;

  @BeforeEach
  void startLedger() {
    ledger = LedgerService.builder()
        // The server's own record of each handshake: the JDK's HttpsServer sends no alert when it refuses.
        .sslContext(RecordingServerContext.wrap(CA.server().sslContext(TrustPolicy.STRICT.trustManager(CA)), verdicts))
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

  @Test
  @DisplayName("lets an allow-listed subject read a balance, and the audit log names the caller")
  void allowListedSubject() throws Exception {
    HttpResponse<String> response = HttpClients.create(CA.client("alice").sslContext(CA))
        .send(HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/balance")).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"account\":\"acc-1\",\"balanceMinor\":12500,\"currency\":\"EUR\"}");
    assertThat(audit.lines()).singleElement().asString()
        .startsWith("INFO caller=\"CN=alice,O=mutualtls\" spiffeId=- remote=127.0.0.1:")
        .endsWith("request=\"GET /v1/accounts/acc-1/balance\" status=200 decision=allow");
  }

  @Test
  @DisplayName("lets a workload in by its SPIFFE ID, whatever its subject, and books its entry")
  void allowListedSpiffeId() throws Exception {
    Identity payments = CA.issue(CertificateSpec.builder()
        .subject("CN=payments-7f9c,O=Example")
        .uris(PAYMENTS_SPIFFE_ID)
        .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH)
        .build());

    HttpResponse<String> response = HttpClients.create(payments.sslContext(CA)).send(
        HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/entries"))
            .POST(HttpRequest.BodyPublishers.ofString("amountMinor=-2500")).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(ledger.balance("acc-1")).isEqualTo(10_000);
    assertThat(audit.lines()).singleElement().asString()
        .contains("caller=\"CN=payments-7f9c,O=Example\" spiffeId=" + PAYMENTS_SPIFFE_ID)
        .endsWith("request=\"POST /v1/accounts/acc-1/entries\" status=201 decision=allow");
  }

  @Test
  @DisplayName("answers 403 to a valid certificate that is not on the allow-list: the handshake succeeds, the request is denied")
  void validButNotAllowed() throws Exception {
    Identity mallory = CA.client("mallory");

    HandshakeResult handshake = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
        .probe(mallory, CA);
    HttpResponse<String> response = HttpClients.create(mallory.sslContext(CA))
        .send(HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/balance")).build(), BodyHandlers.ofString());

    assertThat(handshake.succeeded()).as(handshake.explain()).isTrue();
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("CN=mallory,O=mutualtls");
    assertThat(audit.lines()).singleElement().asString()
        .startsWith("WARNING caller=\"CN=mallory,O=mutualtls\"")
        .endsWith("status=403 decision=deny");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("clientDefectsDescribed")
  @DisplayName("refuses every defective client certificate in the TLS handshake, before any HTTP, for its own reason")
  void refusesEveryClientDefectInTheHandshake(Defect defect, String description) {
    Identity client = defect == Defect.NO_CERTIFICATE ? null : CA.defective(defect);

    HandshakeResult result = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
        .probe(client, CA);

    assertThat(result.rejectedBy()).as(result.explain()).contains(Side.SERVER);
    assertThat(result.category()).as(result.explain()).contains(defect.reason());
    assertThat(result.stoppedAt()).as(result.explain()).isEqualTo(HandshakeResult.Step.SERVER_VERIFIES_CLIENT);
    assertThat(audit.lines()).as("no request reached the service").isEmpty();
  }

  static Stream<Arguments> clientDefectsDescribed() {
    return Arrays.stream(Defect.values()).filter(defect -> defect.side() == Side.CLIENT)
        .map(defect -> Arguments.of(defect, defect.description()));
  }

  @Test
  @DisplayName("explains why it refused an expired client certificate (the explanation printed just above)")
  void explainsARefusal(TestReporter reporter) {
    HandshakeResult result = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
        .probe(CA.defective(Defect.EXPIRED), CA);

    System.out.println(result.explain()
        + "(LedgerService runs the JDK's HttpsServer, which closes a refused connection without sending the alert"
        + " JSSE chose; the reason comes from the server's own record of the handshake.)\n");
    reporter.publishEntry("explain", result.explain());
    assertThat(result.category()).contains(Reason.EXPIRED);
    assertThat(result.explain()).contains("REFUSED: client certificate CN=client-expired,O=mutualtls expired on");
  }
}
