package dev.mutualtls.junit;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** {@code assertThatServer} on real audits: what passes, and failure messages that end with the audit's table. */
@MutualTls(protocols = "TLSv1.3")
class ServerAssertionsTest {

  private static AuditReport audit(CertificateAuthority ca, Identity server, TrustPolicy policy) {
    try (HandshakeServer running = HandshakeServer.start(server, ca, policy, "TLSv1.3")) {
      return ServerAudit.of(ca).hostname("localhost").protocols("TLSv1.3").run(running.address());
    }
  }

  @Test
  void aStrictServerRefusesEveryDefect(CertificateAuthority ca, @ServerIdentity Identity server) {
    AuditReport report = audit(ca, server, TrustPolicy.STRICT);

    assertThatServer(report).refusesEveryDefect();

    AssertionFailedError stale = catchThrowableOfType(AssertionFailedError.class,
        () -> assertThatServer(report).refusesEveryDefectExcept(Defect.REVOKED));
    assertThat(stale).hasMessage("Expected the server to refuse every defective client certificate but [REVOKED], but"
        + " it refused [REVOKED], listed as accepted: remove it from refusesEveryDefectExcept(...).\n\n"
        + report.table());
  }

  @Test
  void theJdksDefaultsFailTheAuditWithWhatTheyAccepted(CertificateAuthority ca, @ServerIdentity Identity server) {
    AuditReport report = audit(ca, server, TrustPolicy.JDK_DEFAULT);

    AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
        () -> assertThatServer(report).refusesEveryDefect());
    assertThat(error).hasMessage("Expected the server to refuse every defective client certificate, but it accepted"
        + " CA_AS_LEAF (TLSv1.3), REVOKED (TLSv1.3), WEAK_KEY (TLSv1.3), SHA1_SIGNATURE (TLSv1.3).\n\n"
        + report.table());
    assertThat(error.getActual().getValue()).isEqualTo("accepted [CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE]");

    assertThatServer(report).refusesEveryDefectExcept(Defect.CA_AS_LEAF, Defect.REVOKED, Defect.WEAK_KEY,
        Defect.SHA1_SIGNATURE);
  }
}
