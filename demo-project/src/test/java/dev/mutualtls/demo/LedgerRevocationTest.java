package dev.mutualtls.demo;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerVerdicts;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LedgerService checking revocation over OCSP")
class LedgerRevocationTest {

  // tag::ledger-revoked[]
  @Test
  @DisplayName("refuses a client whose certificate the CA's OCSP responder reports revoked, and accepts a good one")
  void refusesARevokedClient() {
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build(); // with an OCSP responder
    Identity alice = ca.client("alice");
    Identity mallory = ca.client("mallory");                    // both carry the responder's URL (AIA)
    ca.revoke(mallory.certificate(), RevocationReason.KEY_COMPROMISE);
    ServerVerdicts verdicts = new ServerVerdicts();

    try (LedgerService ledger = LedgerService.builder()
        .sslContext(RecordingServerContext.wrap(
            ca.server().sslContext(TrustPolicy.STRICT.trustManager(ca, RevocationCheck.OCSP, false)), verdicts))
        .allowSubjects("CN=alice,O=mutualtls", "CN=mallory,O=mutualtls")
        .auditLog(new AuditLog())
        .start()) {
      Handshake probe = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts);

      assertThatHandshake(probe.probe(alice, ca)).isAccepted();
      HandshakeResult revoked = probe.probe(mallory, ca);
      assertThatHandshake(revoked).isRejectedByServer().withReason(Reason.REVOKED);
      assertThat(revoked.detail()).contains("CN=mallory,O=mutualtls revoked on").contains("reason keyCompromise");
    }
  }
  // end::ledger-revoked[]

  @Test
  @DisplayName("under hard-fail, refuses every client while the OCSP responder cannot be reached")
  void hardFailWithoutResponder() {
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    Identity alice = ca.client("alice");
    ca.revocationEndpoint().orElseThrow().close();             // the responder goes away
    ServerVerdicts verdicts = new ServerVerdicts();

    try (LedgerService ledger = LedgerService.builder()
        .sslContext(RecordingServerContext.wrap(
            ca.server().sslContext(TrustPolicy.STRICT.trustManager(ca, RevocationCheck.OCSP, false)), verdicts))
        .allowSubjects("CN=alice,O=mutualtls")
        .auditLog(new AuditLog())
        .start()) {
      HandshakeResult result = Handshake.to(ledger.address()).hostname("localhost").serverView(verdicts)
          .probe(alice, ca);

      assertThat(result.reason()).as(result.explain()).contains(Reason.REVOCATION_UNKNOWN);
    }
  }
}
