package dev.mutualtls.junit.readme;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;

import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import org.junit.jupiter.api.Test;

@MutualTls(clients = "alice")
class OwnServerTest {
  // tag::own-server[]
  @Test
  void myServerRefusesRevokedClients(CertificateAuthority ca, @ServerIdentity Identity serverIdentity,
      @Client("alice") MutualTlsClient alice, @Defective(Defect.REVOKED) MutualTlsClient revoked) {
    // your server under test, configured with the CA's server identity and trusting the CA
    try (HandshakeServer myServer = HandshakeServer.start(serverIdentity, ca, TrustPolicy.STRICT)) {
      assertThatHandshake(alice.handshake("localhost", myServer.port())).isAccepted();
      assertThatHandshake(revoked.handshake("localhost", myServer.port())).isRejectedByServer();
    }
  }
  // end::own-server[]

  @Test
  void aServerIsRefusedWhenItsNameIsWrong(CertificateAuthority ca, MutualTlsClient client,
      @Defective(Defect.HOSTNAME_MISMATCH) Identity wrongName) {
    try (HandshakeServer myServer = HandshakeServer.start(wrongName, ca, TrustPolicy.STRICT)) {
      assertThatHandshake(client.handshake("localhost", myServer.port()))
          .isRejectedByClient().withReason(Reason.HOSTNAME_MISMATCH);
    }
  }
}
