package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.entries;
import static dev.mutualtls.junit.EngineRuns.run;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.TlsAlert;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@link MutualTlsServer#rotate(Identity)}, {@link MutualTlsServer#validationTime(Instant)} and
 * {@link MutualTlsServer#trust}: the WireMock server swaps its certificate, moves its clock and changes the roots it
 * trusts while it runs, and the next test gets all of them back.
 */
class RotationExtensionTest {

  @Test
  void theServerRotatesMovesItsClockAndChangesItsTrustUnderTls12And13AndTheNextTestGetsAllBack() {
    EngineExecutionResults results = run(Rotations.class);
    assertAllPassed(results, 8);
    assertThat(entries(results, "first serial")).hasSize(2);
    assertThat(entries(results, "serial after reset")).isEqualTo(entries(results, "first serial"));
  }

  /** Run in order on the class's one server: the last test checks what the first two left behind. */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  abstract static class RotationChecks {
    @Test
    @Order(1)
    void newConnectionsGetTheRotatedCertificate(MutualTlsServer server, MutualTlsClient client,
        CertificateAuthority ca, TestReporter reporter) throws Exception {
      reporter.publishEntry("first serial", serial(server.identity()).toString(16));
      server.stubFor(get("/").willReturn(ok("ok")));
      // tag::rotate[]
      Identity first = server.identity();
      Identity next = ca.server();

      server.rotate(next);

      HandshakeResult result = server.handshake(client);
      assertThatHandshake(result).isAccepted();
      assertThat(result.serverSerial()).contains(serial(next));
      assertThat(result.serverSerial()).isNotEqualTo(serial(first));
      // end::rotate[]
      assertThat(server.identity()).isSameAs(next);
      assertThat(Probes.get(client, server, "/").body()).isEqualTo("ok");
    }

    @Test
    @Order(2)
    void aClientThatExpiresDuringTheTestIsRefusedOnceTheServersClockPassesItsExpiry(MutualTlsServer server,
        MutualTlsClient client) {
      // tag::validation-time[]
      assertThatHandshake(server.handshake(client)).isAccepted();

      server.validationTime(client.identity().certificate().getNotAfter().toInstant().plusSeconds(1));

      assertThatHandshake(server.handshake(client)).isRejectedByServer().withReason(Reason.EXPIRED)
          .withAlert(TlsAlert.CERTIFICATE_UNKNOWN);
      // end::validation-time[]
    }

    @Test
    @Order(3)
    void aServerThatDropsItsRootForAnotherRefusesTheClientsOfTheOld(MutualTlsServer server, MutualTlsClient client) {
      CertificateAuthority newRoot = CertificateAuthority.create();
      server.trust(newRoot);
      assertThatHandshake(server.handshake(client)).isRejectedByServer().withReason(Reason.UNTRUSTED_ISSUER);
    }

    @Test
    @Order(4)
    void theNextTestGetsTheFirstCertificateTheCurrentTimeAndTheTrustBack(MutualTlsServer server,
        MutualTlsClient client, TestReporter reporter) {
      HandshakeResult result = server.handshake(client);
      assertThatHandshake(result).isAccepted();
      reporter.publishEntry("serial after reset", result.serverSerial().orElseThrow().toString(16));
      assertThat(result.serverSerial()).contains(serial(server.identity()));
    }
  }

  private static BigInteger serial(Identity identity) {
    return identity.certificate().getSerialNumber();
  }

  @Tag("fixture")
  static class Rotations {
    @Nested
    @MutualTls(protocols = "TLSv1.2")
    class Tls12 extends RotationChecks {}

    @Nested
    @MutualTls(protocols = "TLSv1.3")
    class Tls13 extends RotationChecks {}
  }
}
