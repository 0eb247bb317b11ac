package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expiry tested by moving the server's clock or the CA's, never by waiting. */
class RotationClockTest {

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aClientValidNowIsRefusedAsExpiredOnceTheServersClockPassesItsExpiry(String protocol) {
    // tag::validation-time[]
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice", Duration.ofHours(1));
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT, protocol)) {
      assertThat(server.probe(alice, ca).outcome()).isEqualTo(Outcome.ACCEPTED);

      server.validationTime(Instant.now().plus(Duration.ofDays(2)));
      HandshakeResult later = server.probe(alice, ca);
      assertThat(later.rejectedBy()).contains(Side.SERVER);
      assertThat(later.alert()).contains(TlsAlert.CERTIFICATE_UNKNOWN);
      assertThat(later.reason()).contains(Reason.EXPIRED);

      server.validationTimeNow();
      assertThat(server.probe(alice, ca).outcome()).isEqualTo(Outcome.ACCEPTED);
    }
    // end::validation-time[]
  }

  @Test
  void theRefusalNamesTheCertificateThatExpiredAndWhen() {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice", Duration.ofMinutes(5));
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT)) {
      server.validationTime(alice.certificate().getNotAfter().toInstant().plusSeconds(1));
      HandshakeResult result = server.probe(alice, ca);
      assertThat(result.detail()).as(result.explain()).contains("client certificate CN=alice,O=mutualtls expired on "
          + alice.certificate().getNotAfter().toInstant());
    }
  }

  @Test
  void theLastSecondOfValidityIsStillAcceptedAndTheNextIsNot() {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice", Duration.ofMinutes(5));
    Instant notAfter = alice.certificate().getNotAfter().toInstant();
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.JDK_DEFAULT)) {
      server.validationTime(notAfter);
      assertThat(server.probe(alice, ca).outcome()).isEqualTo(Outcome.ACCEPTED);
      server.validationTime(notAfter.plusSeconds(1));
      assertThat(server.probe(alice, ca).reason()).contains(Reason.EXPIRED);
    }
  }

  @Test
  void aServerMovedBeforeTheCertificateBeganRefusesItAsNotYetValid() {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity alice = ca.client("alice");
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT)) {
      server.validationTime(alice.certificate().getNotBefore().toInstant().minusSeconds(1));
      HandshakeResult result = server.probe(alice, ca);
      assertThat(result.rejectedBy()).as(result.explain()).contains(Side.SERVER);
      assertThat(result.reason()).contains(Reason.NOT_YET_VALID);
    }
  }

  @Test
  void expiringInIsOneCallCountedFromNow() {
    CertificateAuthority ca = CertificateAuthority.create();
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Identity alice = ca.client("alice", Duration.ofSeconds(30));
    Instant after = Instant.now();
    assertThat(alice.certificate().getNotAfter().toInstant())
        .isBetween(before.plusSeconds(30), after.plusSeconds(30));
    assertThat(alice.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=alice,O=mutualtls");
    assertThatThrownBy(() -> ca.client("alice", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.validity must be positive, was PT0S; for an expired certificate set notBefore"
            + " and notAfter in the past");
  }

  @Test
  void aCaOnAFixedClockMintsAsOfThatTimeAndAServerJudgingThenAcceptsWhatNowIsExpired() {
    // tag::clock[]
    Instant lastWeek = Instant.now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
    CertificateAuthority ca = CertificateAuthority.builder()
        .clock(Clock.fixed(lastWeek, ZoneOffset.UTC))
        .build();
    Identity alice = ca.client("alice"); // valid from lastWeek - 1 h to lastWeek + 1 day
    // A spec carries its own clock: this server certificate is valid now.
    Identity current = ca.issue(CertificateSpec.builder().hostnames("localhost", "127.0.0.1").build());
    try (HandshakeServer server = HandshakeServer.start(current, ca, TrustPolicy.STRICT)) {
      server.validationTime(lastWeek);
      assertThat(server.probe(alice, ca).outcome()).isEqualTo(Outcome.ACCEPTED);

      server.validationTimeNow();
      assertThat(server.probe(alice, ca).reason()).contains(Reason.EXPIRED);
    }
    // end::clock[]
    assertThat(alice.certificate().getNotBefore().toInstant()).isEqualTo(lastWeek.minus(Duration.ofHours(1)));
    assertThat(alice.certificate().getNotAfter().toInstant()).isEqualTo(lastWeek.plus(Duration.ofDays(1)));
    assertThat(ca.certificate().getNotAfter().toInstant()).isEqualTo(lastWeek.plus(Duration.ofDays(2)));
    assertThat(ca.intermediate("Issuing").certificate().getNotBefore().toInstant())
        .isEqualTo(lastWeek.minus(Duration.ofHours(1)));
  }

  @Test
  void aServerOnAContextOfYourOwnSaysItCannotMoveItsClock() {
    CertificateAuthority ca = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(ca.server().sslContext(ca))) {
      assertThatThrownBy(() -> server.validationTime(Instant.now()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("HandshakeServer.validationTime: this server was started with an SSLContext of your own, whose"
              + " key and trust managers it cannot change; start it with an Identity or a ServerContext instead");
    }
  }
}
