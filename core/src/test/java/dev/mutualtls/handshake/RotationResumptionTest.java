package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that resumes a session made before its certificate expired or was revoked, or before the server rotated
 * its certificate. What is asserted is what the JDK's server did (JDK 17.0.15 and 25.0.3): in a resumption it checks
 * no client certificate.
 */
class RotationResumptionTest {

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void theJdksServerAcceptsAResumedSessionAfterTheClientCertificateExpired(String protocol) {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice", Duration.ofHours(1));
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT, protocol)) {
      // tag::resumption[]
      SSLContext aliceContext = alice.sslContext(ca); // its session cache is what a client resumes from
      Handshake probe = Handshake.to(server.address()).hostname("localhost").serverView(server);
      HandshakeResult first = probe.probe(aliceContext);
      assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(first.resumed()).contains(false);

      server.validationTime(Instant.now().plus(Duration.ofDays(2)));
      assertThat(server.probe(alice, ca).reason()).contains(Reason.EXPIRED); // a full handshake is refused

      HandshakeResult again = probe.probe(aliceContext);
      assertThat(again.resumed()).contains(true);
      assertThat(again.outcome()).isEqualTo(Outcome.ACCEPTED); // the JDK does not check the certificate again
      // end::resumption[]
      assertThat(again.serverVerdict()).hasValueSatisfying(v -> assertThat(v.accepted()).isTrue());
      assertThat(again.explain()).contains("; resumed a cached session (no certificates exchanged)");
      assertThat(first.explain()).doesNotContain("resumed");
    }
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void theJdksServerAcceptsAResumedSessionAfterTheClientCertificateWasRevoked(String protocol) {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice");
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT, protocol)) {
      SSLContext aliceContext = alice.sslContext(ca);
      Handshake probe = Handshake.to(server.address()).hostname("localhost").serverView(server);
      assertThat(probe.probe(aliceContext).resumed()).contains(false);

      ca.revoke(alice.certificate());
      HandshakeResult full = server.probe(alice, ca);
      assertThat(full.rejectedBy()).as(full.explain()).contains(Side.SERVER);
      assertThat(full.reason()).contains(Reason.REVOKED);

      HandshakeResult again = probe.probe(aliceContext);
      assertThat(again.resumed()).contains(true);
      assertThat(again.outcome()).as(again.explain()).isEqualTo(Outcome.ACCEPTED);
    }
  }

  /**
   * JDK 17.0.15 resumed the session and the client kept seeing the old certificate; JDK 25.0.3 made a full handshake
   * with the new one. Either way the serial tells which: the old one exactly when the session was resumed.
   */
  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aClientThatResumesAfterARotationSeesTheOldCertificateAndOnlyThen(String protocol, TestReporter reporter) {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity first = ca.server();
    Identity second = ca.server();
    Identity alice = ca.client("alice");
    try (HandshakeServer server = HandshakeServer.start(first, ca, TrustPolicy.STRICT, protocol)) {
      SSLContext aliceContext = alice.sslContext(ca);
      Handshake probe = Handshake.to(server.address()).hostname("localhost").serverView(server);
      assertThat(probe.probe(aliceContext).serverSerial()).contains(first.certificate().getSerialNumber());

      server.rotate(second);
      HandshakeResult again = probe.probe(aliceContext);
      assertThat(again.outcome()).as(again.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(again.resumed()).as(again.explain()).isPresent();
      assertThat(again.serverSerial()).contains((again.resumed().orElseThrow() ? first : second).certificate()
          .getSerialNumber());
      reporter.publishEntry("resumed after rotation", Runtime.version() + " " + protocol + ": "
          + again.resumed().orElseThrow());
      HandshakeResult fresh = probe.probe(alice.sslContext(ca));
      assertThat(fresh.resumed()).contains(false);
      assertThat(fresh.serverSerial()).contains(second.certificate().getSerialNumber());
    }
  }

  @Test
  void aProbeWithAFreshContextNeverResumes() {
    CertificateAuthority ca = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT)) {
      assertThat(server.probe(ca.client("alice"), ca).resumed()).contains(false);
      assertThat(server.probe(ca.client("alice"), ca).resumed()).contains(false);
    }
  }

  @Test
  void aProbeThatNeverFinishedTheHandshakeCannotTell() {
    CertificateAuthority ca = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(ca.defectiveServer(Defect.EXPIRED), ca,
        TrustPolicy.STRICT)) {
      HandshakeResult result = server.probe(ca.client("alice"), ca);
      assertThat(result.rejectedBy()).contains(Side.CLIENT);
      assertThat(result.resumed()).isEmpty();
    }
  }
}
