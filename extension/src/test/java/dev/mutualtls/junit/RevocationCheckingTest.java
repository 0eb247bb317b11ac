package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.entries;
import static dev.mutualtls.junit.EngineRuns.entry;
import static dev.mutualtls.junit.EngineRuns.run;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TlsAlert;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.RevocationEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code @MutualTls(revocation = ...)}: the server asks the CA's CRL endpoint or OCSP responder, over HTTP on
 * loopback, about every client certificate, and says why it refused a revoked one.
 */
class RevocationCheckingTest {

  @Test
  void crlAndOcspRefuseTheRevokedClientAndAcceptTheGoodOneUnderTls12And13() {
    EngineExecutionResults results = run(Checked.class);
    assertAllPassed(results, 8);
    assertClientSawTheAlertOrAReset(entries(results, "client saw"));
  }

  /**
   * The client itself sees certificate_unknown, or (Jetty closing without draining, under either version) a
   * broken pipe or reset: which is why the tests assert the server's reason.
   */
  private static void assertClientSawTheAlertOrAReset(List<String> seen) {
    assertThat(seen).hasSize(4).allSatisfy(line -> assertThat(line).matches(
        "(CRL|OCSP) TLSv1\\.[23]: (javax\\.net\\.ssl\\.SSLHandshakeException: .*certificate_unknown.*"
            + "|java\\.net\\.SocketException: .*)"));
  }

  @Test
  void withTheResponderDownHardFailRefusesAndSoftFailAccepts() {
    assertAllPassed(run(ResponderDown.class), 6);
  }

  @Test
  void withoutRevocationCheckingTheJdkAcceptsTheRevokedClientAndStrictRefusesItFromMemory() {
    assertAllPassed(run(NoRevocation.class), 2);
  }

  @Test
  void configurationParametersSetTheRevocationCheckAndAnnotationsOverrideThem() {
    Map<String, String> parameters = Map.of("mutualtls.revocation", "ocsp", "mutualtls.revocationSoftFail", "TRUE");
    assertAllPassed(run(parameters, RunDefaults.class), 2);
  }

  @Test
  void theEndpointIsStoppedWithTheClass() {
    EngineExecutionResults results = run(EndpointLifecycle.class);
    assertAllPassed(results, 1);
    RevocationEndpoint endpoint = EndpointLifecycle.endpoint;
    assertThat(endpoint.isClosed()).isTrue();
    // Not "its port refuses connections": a port freed may go to another listener at once (RevocationEndpoint).
    int answered = endpoint.crlRequests();
    assertThatThrownBy(() -> {
      HttpURLConnection connection = (HttpURLConnection) endpoint.crlUri(EndpointLifecycle.ca).toURL().openConnection();
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(10_000);
      try (InputStream crl = connection.getInputStream()) {
        crl.readAllBytes();
      }
    }).isInstanceOf(IOException.class);
    assertThat(endpoint.crlRequests()).isEqualTo(answered);
  }

  /** The revocation check of the enclosing {@code @MutualTls}, under each TLS version. */
  abstract static class RevocationChecks {
    @Test
    void aGoodClientIsAcceptedAfterTheServerAskedTheEndpoint(MutualTlsServer server, MutualTlsClient client,
        CertificateAuthority ca) throws Exception {
      RevocationEndpoint endpoint = ca.revocationEndpoint().orElseThrow();
      int crls = endpoint.crlRequests();
      int ocsps = endpoint.ocspRequests();

      assertThatHandshake(server.handshake(client)).isAccepted().withProtocol(server.protocols().get(0));

      if (server.revocation() == RevocationCheck.OCSP) {
        assertThat(endpoint.ocspRequests()).as("OCSP requests").isGreaterThan(ocsps);
        assertThat(endpoint.crlRequests()).as("CRL requests").isEqualTo(crls);
      } else {
        assertThat(endpoint.crlRequests()).as("CRL requests").isGreaterThan(crls);
        assertThat(endpoint.ocspRequests()).as("OCSP requests").isEqualTo(ocsps);
      }
      server.stubFor(get("/").willReturn(ok("ok")));
      assertThat(Probes.get(client, server, "/").body()).isEqualTo("ok");
    }

    @Test
    void aRevokedClientIsRefusedByTheServerWithItsRevocationDateAndReason(MutualTlsServer server,
        @Defective(Defect.REVOKED) MutualTlsClient revoked, CertificateAuthority ca, TestReporter reporter) {
      X509Certificate certificate = revoked.identity().certificate();
      X509CRLEntry entry = ca.crl().getRevokedCertificate(certificate);

      HandshakeResult result = server.handshake(revoked);

      assertThatHandshake(result).isRejectedByServer().withReason(Reason.REVOKED)
          .withAlert(TlsAlert.CERTIFICATE_UNKNOWN).withProtocol(server.protocols().get(0));
      assertThat(result.serverVerdict().orElseThrow().alertSent()).contains(TlsAlert.CERTIFICATE_UNKNOWN);
      assertThat(result.detail()).isEqualTo("client certificate " + certificate.getSubjectX500Principal().getName()
          + " revoked on " + entry.getRevocationDate().toInstant() + ", reason keyCompromise");
      assertThat(result.explain()).contains("REFUSED: " + result.detail());
      reporter.publishEntry("client saw", server.revocation() + " " + server.protocols().get(0) + ": "
          + result.failure().map(Throwable::toString).orElse("nothing"));
    }
  }

  @Tag("fixture")
  static class Checked {
    @Nested
    @MutualTls(revocation = RevocationCheck.CRL, protocols = "TLSv1.2")
    class CrlTls12 extends RevocationChecks {}

    @Nested
    @MutualTls(revocation = RevocationCheck.CRL, protocols = "TLSv1.3")
    class CrlTls13 extends RevocationChecks {}

    @Nested
    @MutualTls(revocation = RevocationCheck.OCSP, protocols = "TLSv1.2")
    class OcspTls12 extends RevocationChecks {}

    @Nested
    @MutualTls(revocation = RevocationCheck.OCSP, protocols = "TLSv1.3")
    class OcspTls13 extends RevocationChecks {}
  }

  /**
   * Tests close their CA's endpoint, as core's {@link RevocationEndpoint#close()} documents for an unreachable
   * responder. No two tests share a CA: the hard-fail test is the only one using its class's, and each soft-fail
   * test, configured differently from its class, gets one of its own.
   */
  abstract static class ResponderDownChecks {
    @Test
    void hardFailRefusesAClientWhoseStatusIsUnknown(MutualTlsServer server, MutualTlsClient client,
        CertificateAuthority ca) {
      assertThat(server.revocationSoftFail()).isFalse();
      ca.revocationEndpoint().orElseThrow().close();

      HandshakeResult result = server.handshake(client);

      assertThatHandshake(result).isRejectedByServer().withReason(Reason.REVOCATION_UNKNOWN)
          .withAlert(TlsAlert.CERTIFICATE_UNKNOWN);
      assertThat(result.detail()).startsWith("the revocation status of client certificate CN=client,O=mutualtls"
          + " could not be determined");
    }

    @Test
    @MutualTls(revocationSoftFail = true)
    void softFailAcceptsAClientWhoseStatusIsUnknown(MutualTlsServer server, MutualTlsClient client,
        CertificateAuthority ca) {
      assertThat(server.revocationSoftFail()).isTrue();
      ca.revocationEndpoint().orElseThrow().close();

      assertThatHandshake(server.handshake(client)).isAccepted();
    }

    @Test
    @MutualTls(revocationSoftFail = true)
    void softFailStillRefusesARevokedClientWhileTheEndpointAnswers(MutualTlsServer server,
        @Defective(Defect.REVOKED) MutualTlsClient revoked) {
      assertThatHandshake(server.handshake(revoked)).isRejectedByServer().withReason(Reason.REVOKED);
    }
  }

  @Tag("fixture")
  static class ResponderDown {
    @Nested
    @MutualTls(revocation = RevocationCheck.CRL)
    class Crl extends ResponderDownChecks {}

    @Nested
    @MutualTls(revocation = RevocationCheck.OCSP)
    class Ocsp extends ResponderDownChecks {}
  }

  @MutualTls(revocation = RevocationCheck.NONE)
  @Tag("fixture")
  static class NoRevocation {
    @Test
    @MutualTls(trustPolicy = TrustPolicy.JDK_DEFAULT)
    void theJdksDefaultsAcceptARevokedClient(MutualTlsServer server, @Defective(Defect.REVOKED) MutualTlsClient revoked,
        CertificateAuthority ca) {
      assertThat(ca.isRevoked(revoked.identity().certificate())).isTrue();
      assertThat(ca.revocationEndpoint()).isEmpty();
      assertThatHandshake(server.handshake(revoked)).isAccepted();
    }

    @Test
    void strictRefusesItFromTheCasCrlInMemory(MutualTlsServer server,
        @Defective(Defect.REVOKED) MutualTlsClient revoked, CertificateAuthority ca) {
      assertThat(ca.revocationEndpoint()).isEmpty();
      assertThatHandshake(server.handshake(revoked)).isRejectedByServer().withReason(Reason.REVOKED);
    }
  }

  @MutualTls
  @Tag("fixture")
  static class RunDefaults {
    @Test
    void fromTheParameters(MutualTlsServer server, CertificateAuthority ca) {
      assertThat(server.revocation()).isEqualTo(RevocationCheck.OCSP);
      assertThat(server.revocationSoftFail()).isTrue();
      assertThat(ca.revocationEndpoint()).isPresent();
    }

    @Test
    @MutualTls(revocation = RevocationCheck.CRL, revocationSoftFail = false)
    void fromTheAnnotation(MutualTlsServer server, @Defective(Defect.REVOKED) MutualTlsClient revoked) {
      assertThat(server.revocation()).isEqualTo(RevocationCheck.CRL);
      assertThat(server.revocationSoftFail()).isFalse();
      assertThatHandshake(server.handshake(revoked)).isRejectedByServer().withReason(Reason.REVOKED);
    }
  }

  @MutualTls(revocation = RevocationCheck.OCSP)
  @Tag("fixture")
  static class EndpointLifecycle {
    static volatile RevocationEndpoint endpoint;
    static volatile CertificateAuthority ca;

    @Test
    void usesTheEndpoint(MutualTlsServer server, MutualTlsClient client, CertificateAuthority ca) {
      EndpointLifecycle.ca = ca;
      endpoint = ca.revocationEndpoint().orElseThrow();
      assertThatHandshake(server.handshake(client)).isAccepted();
      assertThat(endpoint.ocspRequests()).isPositive();
      assertThat(Probes.listening(endpoint.uri().getPort())).isTrue();
    }
  }
}
