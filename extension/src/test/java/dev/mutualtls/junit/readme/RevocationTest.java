package dev.mutualtls.junit.readme;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;

import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import org.junit.jupiter.api.Test;

// tag::revocation[]
@MutualTls(revocation = RevocationCheck.OCSP)          // or CRL; the default, NONE, asks nobody
class RevocationTest {
  @Test
  void refusesARevokedCertificate(MutualTlsServer server, @Defective(Defect.REVOKED) MutualTlsClient revoked) {
    assertThatHandshake(server.handshake(revoked))
        .isRejectedByServer()
        .withReason(Reason.REVOKED);                   // the OCSP responder said so, with date and reason
  }
}
// end::revocation[]
