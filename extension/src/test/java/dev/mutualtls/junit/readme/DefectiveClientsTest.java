package dev.mutualtls.junit.readme;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;

import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.TlsAlert;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import org.junit.jupiter.api.Test;

// tag::defective-clients[]
@MutualTls
class DefectiveClientsTest {
  @Test
  void refusesAnExpiredCertificate(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    assertThatHandshake(server.handshake(expired))
        .isRejectedByServer()
        .withReason(Reason.EXPIRED)                    // what the server found wrong
        .withAlert(TlsAlert.CERTIFICATE_UNKNOWN);      // what a JSSE server says on the wire, whatever the reason
  }

  @Test
  void refusesAClientWithoutCertificate(MutualTlsServer server,
      @Defective(Defect.NO_CERTIFICATE) MutualTlsClient anonymous) {
    assertThatHandshake(server.handshake(anonymous)).isRejectedByServer().withReason(Reason.NO_CERTIFICATE);
  }

  @Test
  void refusesACertificateFromAnotherCa(MutualTlsServer server,
      @Defective(Defect.UNTRUSTED_ISSUER) MutualTlsClient stranger) {
    assertThatHandshake(server.handshake(stranger)).isRejectedByServer().withReason(Reason.UNTRUSTED_ISSUER);
  }
}
// end::defective-clients[]
