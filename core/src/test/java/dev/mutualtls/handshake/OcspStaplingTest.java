package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationReason;
import dev.mutualtls.pki.Side;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OCSP stapling: the JSSE server fetches its own certificate's status from the CA's responder and
 * staples it into the handshake. Server-side stapling is switched on JVM-wide by
 * {@code -Djdk.tls.server.enableStatusRequestExtension=true}, which the library never sets: these tests
 * run in their own Surefire execution that passes it (see core/pom.xml).
 */
@Tag("stapling")
class OcspStaplingTest {

  private static HandshakeServer server(CertificateAuthority ca, Identity identity, String protocol) {
    return HandshakeServer.start(identity.sslContext(TrustPolicy.STRICT.trustManager(ca)), protocol);
  }

  @ParameterizedTest(name = "a client gets a stapled good response over {0} and needs no responder of its own")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void stapledGoodResponse(String protocol) throws Exception {
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    Identity alice = ca.client("alice");
    // JSSE staples only when the server's chain holds the leaf's issuer: a server under an intermediate.
    try (HandshakeServer server = server(ca, ca.intermediate("Issuing CA").server(), protocol)) {
      List<byte[]> stapled = stapledResponses(ca, alice, server);
      // One response per chain certificate under TLS 1.2's status_request_v2, the leaf's first.
      assertThat(stapled).isNotEmpty();
      assertThat(stapled.get(0)).isNotEmpty();
      BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(stapled.get(0)).getResponseObject();
      assertThat(basic.getResponses()[0].getCertStatus()).isNull(); // null is "good" in BouncyCastle
      int asked = ca.revocationEndpoint().orElseThrow().ocspRequests();

      // With the responder gone, a hard-fail OCSP client still accepts: the staple is all it uses.
      ca.revocationEndpoint().orElseThrow().close();
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").serverView(server)
          .clientPolicy(TrustPolicy.STRICT).probe(alice.sslContext(
              TrustPolicy.STRICT.trustManager(ca, RevocationCheck.OCSP, false)));
      assertThat(result.succeeded()).as(result.explain()).isTrue();
      assertThat(ca.revocationEndpoint().orElseThrow().ocspRequests()).isEqualTo(asked);
    }
  }

  @ParameterizedTest(name = "a server whose stapled response says revoked is refused by the client over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void stapledRevokedResponse(String protocol) {
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    CertificateAuthority issuing = ca.intermediate("Issuing CA");
    Identity server = issuing.server();
    issuing.revoke(server.certificate(), RevocationReason.KEY_COMPROMISE);
    int asked = ca.revocationEndpoint().orElseThrow().ocspRequests();
    try (HandshakeServer running = server(ca, server, protocol)) {
      HandshakeResult result = Handshake.to(running.address()).hostname("localhost").serverView(running)
          .probe(ca.client("alice").sslContext(TrustPolicy.STRICT.trustManager(ca, RevocationCheck.OCSP, false)));
      assertThat(result.rejectedBy()).as(result.explain()).contains(Side.CLIENT);
      assertThat(result.reason()).as(result.explain()).contains(Reason.REVOKED);
      assertThat(result.detail()).as(result.explain())
          .startsWith("server certificate CN=localhost,O=mutualtls revoked on").endsWith("reason keyCompromise");
      // One request: the server's, for its staple; the client used the staple and asked nobody.
      assertThat(ca.revocationEndpoint().orElseThrow().ocspRequests()).isEqualTo(asked + 1);
    }
  }

  private static List<byte[]> stapledResponses(CertificateAuthority ca, Identity client, HandshakeServer server)
      throws Exception {
    try (SSLSocket socket = (SSLSocket) client.sslContext(ca).getSocketFactory()
        .createSocket(server.address().getAddress(), server.port())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return ((ExtendedSSLSession) socket.getSession()).getStatusResponses();
    }
  }
}
