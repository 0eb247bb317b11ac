package dev.mutualtls.junit;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code @MutualTls(mintedAt = ...)}: a class's certificates minted as of another time, so they expire mid-test. */
class MintedAtTest {
  @Nested
  // tag::minted-at[]
  @MutualTls(mintedAt = "-PT23H55M") // one-day certificates that expire five minutes from now
  class CertificatesThatExpireSoon {
    @Test
    void areAcceptedNowAndRefusedOnceTheServersClockPassesTheirEnd(MutualTlsServer server, MutualTlsClient client) {
      Instant notAfter = client.identity().certificate().getNotAfter().toInstant();
      assertThatHandshake(server.handshake(client)).isAccepted();

      server.validationTime(notAfter.plusSeconds(1));

      assertThatHandshake(server.handshake(client)).isRejectedByServer().withReason(Reason.EXPIRED);
    }
  }
  // end::minted-at[]

  @Nested
  @MutualTls(mintedAt = "-PT23H55M")
  class ADurationFromNow {
    @Test
    void mintsEveryCertificateThatLongAgo(MutualTlsServer server, MutualTlsClient client) {
      assertThat(Duration.between(Instant.now(), client.identity().certificate().getNotAfter().toInstant()))
          .as("time left on the client certificate").isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
      assertThat(Duration.between(Instant.now(), server.identity().certificate().getNotAfter().toInstant()))
          .as("time left on the server certificate").isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
    }
  }

  @Nested
  @MutualTls(mintedAt = "2020-01-01T00:00:00Z")
  class AnInstant {
    @Test
    void mintsEveryCertificateAsOfThatInstant(MutualTlsClient client, MutualTlsServer server) {
      Instant minted = Instant.parse("2020-01-01T00:00:00Z");
      assertThat(client.identity().certificate().getNotAfter().toInstant()).isEqualTo(minted.plus(Duration.ofDays(1)));
      assertThat(client.certificateAuthority().certificate().getNotBefore().toInstant())
          .isEqualTo(minted.minus(Duration.ofHours(1)));
      assertThatHandshake(server.handshake(client)).isRejectedByClient().withReason(Reason.EXPIRED);
    }
  }
}
