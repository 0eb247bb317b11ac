package dev.mutualtls.demo.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.HttpClients;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationReason;
import dev.mutualtls.pki.Side;
import java.net.http.HttpClient;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core snippets of the user guide ({@code docs/core.md}), verbatim between the {@code // README:name} markers,
 * compiled and run. If a snippet changes here, change the page with it (ReadmeTest checks they agree).
 */
@DisplayName("The core library without JUnit, as the user guide shows it")
class CoreSnippetsTest {

  @Test
  @DisplayName("mints a CA, a server and a client, and writes the client as PEM files")
  void quickStart(@TempDir Path dir) {
    // README:core-quick-start
    CertificateAuthority ca = CertificateAuthority.create();   // EC P-256 root, valid two days
    Identity server = ca.server();                             // CN=localhost; SANs localhost, 127.0.0.1, ::1
    Identity alice = ca.client("alice");                       // CN=alice, EKU clientAuth

    SSLContext serverContext = server.sslContext(ca);          // presents server, trusts ca's root
    SSLContext clientContext = alice.sslContext(ca);           // presents alice, checks the server's name
    alice.writePem(dir, "alice");                              // alice.pem (chain), alice-key.pem (0600)
    // README:end
    assertThat(serverContext.getProtocol()).isEqualTo("TLS");
    assertThat(clientContext.getProtocol()).isEqualTo("TLS");
    assertThat(dir.resolve("alice-key.pem")).exists();
  }

  @Test
  @DisplayName("issues a SPIFFE client certificate from an intermediate CA")
  void customCertificates() {
    CertificateAuthority ca = CertificateAuthority.create();
    // README:custom-certificates
    CertificateAuthority issuing = ca.intermediate("Payments Issuing CA");
    Identity payments = issuing.issue(CertificateSpec.builder()
        .subject("CN=payments,O=Example")
        .uris("spiffe://example.org/ns/payments/sa/api")
        .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH)
        .build());                                             // chain: payments, Payments Issuing CA
    // README:end
    assertThat(payments.chain()).hasSize(2);
  }

  @Test
  @DisplayName("probes a server that refuses an expired client, and prints why")
  void rejectionProbe() {
    CertificateAuthority ca = CertificateAuthority.create();
    // README:probe
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT)) {
      HandshakeResult result = server.probe(ca.defective(Defect.EXPIRED), ca);

      assertThat(result.rejectedBy()).contains(Side.SERVER);
      assertThat(result.reason()).contains(Reason.EXPIRED);
      System.out.println(result.explain());
    }
    // README:end
  }

  @Test
  @DisplayName("finds that a server on the JDK defaults lets a revoked client in")
  void probeYourOwnServer() {
    CertificateAuthority ca = CertificateAuthority.create();
    try (HandshakeServer yours = HandshakeServer.start(ca.server(), ca, TrustPolicy.JDK_DEFAULT)) {
      // README:own-server
      HandshakeResult result = Handshake.to(yours.address())   // any TLS server: yours, nginx, Envoy...
          .hostname("localhost")
          .probe(ca.defective(Defect.REVOKED), ca);
      // A server on the JDK's defaults checks no revocation: the revoked client gets in.
      assertThat(result.succeeded()).isTrue();
      // README:end
    }
  }

  @Test
  @DisplayName("refuses a revoked client over OCSP")
  void revocation() {
    // README:revocation
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    Identity mallory = ca.client("mallory");                   // carries a CRL URL and an OCSP URL
    ca.revoke(mallory.certificate(), RevocationReason.KEY_COMPROMISE);

    X509ExtendedTrustManager checking = TrustPolicy.STRICT.trustManager(ca, RevocationCheck.OCSP, false);
    try (HandshakeServer server = HandshakeServer.start(ca.server().sslContext(checking))) {
      HandshakeResult result = server.probe(mallory, ca);
      assertThat(result.reason()).contains(Reason.REVOKED);
      // result.detail(): "client certificate CN=mallory,O=mutualtls revoked on ..., reason keyCompromise"
    }
    // README:end
  }

  @Test
  @DisplayName("makes an HttpClient that cannot hang on a refused certificate")
  void httpClient() {
    CertificateAuthority ca = CertificateAuthority.create();
    // README:http-client
    HttpClient client = HttpClients.create(ca.client("alice").sslContext(ca));   // times out after 10 s
    // README:end
    assertThat(client.connectTimeout()).contains(HttpClients.DEFAULT_TIMEOUT);
  }
}
