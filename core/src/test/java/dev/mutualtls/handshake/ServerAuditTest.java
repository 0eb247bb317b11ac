package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.testing.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit against the library's reference server under both policies and against the JDK's own
 * {@code HttpsServer}, a server the library does not run; and the audit stopping, with the reason, when the good
 * client is refused.
 */
class ServerAuditTest {
  private static final CertificateAuthority CA = CertificateAuthority.builder().revocationEndpoint(true).build();
  private static final Set<Defect> JDK_DEFAULTS_ACCEPT = Set.of(Defect.CA_AS_LEAF, Defect.REVOKED, Defect.WEAK_KEY,
      Defect.SHA1_SIGNATURE);

  /** The JDK's HttpsServer requiring a client certificate of {@code ca}, as a user's service would. */
  static HttpsServer jdkServer(CertificateAuthority ca, String... protocols) throws IOException {
    SSLContext context = ca.server().sslContext(ca);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        if (protocols.length > 0) {
          ssl.setProtocols(protocols);
        }
        parameters.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  @Test
  void aStrictServerRefusesEveryDefectOverBothProtocols() {
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT)) {
      AuditReport report = ServerAudit.of(CA).hostname("localhost").run(server.address());

      assertThat(report.findings()).hasSize(ServerAudit.clientDefects().size() * 2);
      assertThat(report.findings()).allSatisfy(f -> assertThat(f.verdict()).as(f.result().explain())
          .isEqualTo(Finding.Verdict.REFUSED));
      assertThat(report.wronglyAccepted()).isEmpty();
      assertThat(report.goodClient()).extracting(r -> r.protocol().orElseThrow())
          .containsExactly("TLSv1.2", "TLSv1.3");
      assertThat(report.table()).contains("Every defective certificate was refused.");
    }
  }

  @Test
  void aServerOnTheJdksDefaultsAcceptsExactlyTheFourDefectsTheJdkLetsThrough() {
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.JDK_DEFAULT)) {
      AuditReport report = ServerAudit.of(CA).hostname("localhost").run(server.address());

      assertThat(report.acceptedDefects()).as(report.table()).isEqualTo(JDK_DEFAULTS_ACCEPT);
      assertThat(report.wronglyAccepted()).hasSize(8);
      assertThat(report.revocationRequests()).contains(0);
      assertThat(report.table()).contains("4 of 13 defects accepted.")
          .contains("  REVOKED                    TLSv1.3  ACCEPTED (HTTP 200)")
          .contains("- REVOKED: a stolen or withdrawn client certificate keeps working until it expires.")
          .contains("The server made no CRL or OCSP request to the CA's endpoint during the audit: it checks no"
              + " revocation.")
          .contains("Java (JSSE): check revocation")
          .doesNotContain("nginx (OpenSSL)");
    }
  }

  @Test
  void theJdksOwnHttpsServerIsAuditedFromTheWireAloneTwentyTimesAlike() throws IOException {
    HttpsServer server = jdkServer(CA);
    try {
      ServerAudit audit = ServerAudit.of(CA).hostname("localhost");
      AuditReport first = audit.run(server.getAddress());
      assertThat(first.acceptedDefects()).as(first.table()).isEqualTo(JDK_DEFAULTS_ACCEPT);
      assertThat(first.findings()).filteredOn(f -> !f.accepted()).allSatisfy(f -> {
        assertThat(f.verdict()).as(f.result().explain()).isEqualTo(Finding.Verdict.REFUSED);
        // Its reason only as far as the wire says it: JDK 25's server sometimes sends certificate_required for no
        // certificate, which names the reason; never a reason nothing said.
        f.result().reason().ifPresent(reason -> {
          assertThat(f.result().alert()).as(f.result().explain()).isPresent();
          assertThat(reason).isEqualTo(Reason.expectedFor(f.defect()));
        });
      });
      List<List<Finding>> later = new ArrayList<>();
      for (int i = 1; i < 20; i++) {
        later.add(audit.run(server.getAddress()).findings());
      }
      assertThat(later).allSatisfy(findings -> assertThat(findings).isEqualTo(first.findings()));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theAuditStopsWhenTheServersCertificateIsNotOfTheAuditedCa() {
    CertificateAuthority other = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, "TLSv1.3")) {
      assertThatThrownBy(() -> ServerAudit.of(other).hostname("localhost").protocols("TLSv1.3").run(server.address()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("The audit of localhost (" + server.address() + ") stopped: the good client was"
              + " refused over TLSv1.3, so no defective client could be told apart from it. The client refused the"
              + " server's certificate");
    }
  }

  @Test
  void theAuditStopsWhenTheServerDoesNotTrustTheCa() {
    CertificateAuthority other = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(CA.server(), other, TrustPolicy.STRICT, "TLSv1.3")) {
      assertThatThrownBy(() -> ServerAudit.of(CA).hostname("localhost").protocols("TLSv1.3").run(server.address()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("The server refused a valid client certificate of " + CA.subject().getName()
              + ": does it trust this CA (its root certificate, ca.certificatePem() or ca.trustStore())?");
    }
  }

  /**
   * A server that checks revocation and refuses the good client over what it fetched: {@code openssl s_server
   * -crl_download} whose clock reads two hours back ({@code -attime}), so the CRL it downloads (thisUpdate an hour
   * back) is not yet valid for it and it refuses with {@code bad_certificate}, the alert OpenSSL sends for "CRL is not
   * yet valid". The audit says the CA's endpoint was asked during the refused handshake: what the wire and the
   * endpoint show, no more.
   */
  @Test
  void theAuditStopsAndSaysTheServerAskedTheRevocationEndpointWhenItDid(@TempDir Path dir) throws IOException {
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    ca.server().writePem(dir, "server");
    Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    String twoHoursBack = Long.toString(Instant.now().minus(Duration.ofHours(2)).getEpochSecond());
    try (Peers.Server server = Peers.opensslServer(dir, "-cert", "server.pem", "-key", "server-key.pem", "-www",
        "-tls1_3", "-Verify", "1", "-verify_return_error", "-CAfile", "ca.pem", "-verifyCAfile", "ca.pem",
        "-crl_check", "-crl_download", "-attime", twoHoursBack)) {
      assertThatThrownBy(() -> ServerAudit.of(ca).hostname("localhost").protocols("TLSv1.3").run(server.address()))
          .as(server::describe)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does it trust this CA (its root certificate, ca.certificatePem() or ca.trustStore())?"
              + " 1 request reached the CA's revocation endpoint during this handshake (from this server, unless"
              + " another peer of the CA asked at the same time): if the server checks revocation, a CRL or OCSP"
              + " response it cannot use (unreachable, or not yet valid or expired by its clock) ends the handshake the"
              + " same way.")
          .hasMessageContaining("REFUSED by the server with alert bad_certificate (42)");
      assertThat(server.describe()).contains("verify error:num=11:CRL is not yet valid");
    }
  }

  @Test
  void theAuditSaysNothingOfRevocationWhenTheServerAskedNothing() {
    CertificateAuthority other = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(CA.server(), other, TrustPolicy.STRICT, "TLSv1.3")) {
      assertThatThrownBy(() -> ServerAudit.of(CA).hostname("localhost").protocols("TLSv1.3").run(server.address()))
          .hasMessageContaining("ca.trustStore())?.\n\n").hasMessageNotContaining("revocation endpoint");
    }
  }

  @Test
  void theAuditStopsWhenAProtocolIsNotOffered() {
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, "TLSv1.3")) {
      assertThatThrownBy(() -> ServerAudit.of(CA).hostname("localhost").run(server.address()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refused over TLSv1.2, so no defective client could be told apart from it. The server"
              + " does not offer TLSv1.2; audit only the protocols it offers, with protocols(...).\n\nMutual TLS"
              + " handshake with localhost");
    }
  }

  @Test
  void theAuditStopsWhenTheHostNameDoesNotMatch() {
    try (HandshakeServer server = HandshakeServer.start(CA.server("api.example"), CA, TrustPolicy.STRICT)) {
      assertThatThrownBy(() -> ServerAudit.of(CA).hostname("localhost").run(server.address()))
          .hasMessageContaining("The server's certificate is not for \"localhost\"; set hostname(...) to a name it"
              + " is issued for.");
    }
  }

  @Test
  void protocolsOtherThanTls12And13AreRefusedWithTheRule() {
    assertThatThrownBy(() -> ServerAudit.of(CA).protocols("TLSv1.1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ServerAudit.protocols must name TLSv1.2, TLSv1.3 or both, was [TLSv1.1]");
  }
}
