package dev.mutualtls.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link PartnerClient} does when {@code HttpClient} says only "connect timed out": the way JDK 17.0.21
 * and 25.0.3 report a TLS 1.3 server refusing the client's certificate (other builds, such as 17.0.15,
 * report the alert). A {@link StallingProxy} makes {@code HttpClient} time out on any JDK.
 */
@DisplayName("PartnerClient when HttpClient reports only a connect timeout")
class PartnerClientTimeoutTest {
  private static final CertificateAuthority CA = CertificateAuthority.create();
  private static final PaymentOrder ORDER = new PaymentOrder("ord-7", "DE02100100109307118603", 1250, "EUR");

  @Test
  @DisplayName("asks again with a diagnostic handshake, and reports the partner's refusal of our expired certificate")
  void diagnosesARefusalBehindATimeout() throws Exception {
    try (HandshakeServer partner = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT);
        StallingProxy proxy = StallingProxy.to(partner.address(), 1)) {
      PartnerClient client = PartnerClient.builder(URI.create("https://localhost:" + proxy.port()))
          .sslContext(CA.defective(Defect.EXPIRED).sslContext(CA))
          .connectTimeout(Duration.ofSeconds(1))
          .build();

      PartnerRejectedCertificateException refused =
          catchThrowableOfType(PartnerRejectedCertificateException.class, () -> client.submit(ORDER));

      assertThat(refused.evidence()).isEqualTo(PartnerRejectedCertificateException.Evidence.DIAGNOSTIC_HANDSHAKE);
      assertThat(refused.alert()).contains("certificate_unknown");
      assertThat(refused).hasCauseInstanceOf(HttpConnectTimeoutException.class);
      // The server sends its alert before it records its verdict: wait for the record, not for a time.
      ServerVerdict verdict = partner.awaitVerdict(v -> true, Duration.ofSeconds(5)).orElseThrow();
      assertThat(verdict.reason()).contains(Reason.EXPIRED);
    }
  }

  @Test
  @DisplayName("reports a partner that answers nothing as unavailable, not as a refused certificate")
  void timeoutWithoutRefusal() throws Exception {
    try (HandshakeServer partner = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT);
        StallingProxy proxy = StallingProxy.to(partner.address(), Integer.MAX_VALUE)) {
      PartnerClient client = PartnerClient.builder(URI.create("https://localhost:" + proxy.port()))
          .sslContext(CA.client("alice").sslContext(CA))
          .connectTimeout(Duration.ofSeconds(1))
          .build();

      PartnerUnavailableException unavailable =
          catchThrowableOfType(PartnerUnavailableException.class, () -> client.submit(ORDER));

      assertThat(unavailable).hasCauseInstanceOf(HttpConnectTimeoutException.class)
          .hasMessageContaining("a diagnostic handshake found: no answer within PT1S");
    }
  }

  @Test
  @DisplayName("reports a partner that drops the connection after our certificate, with no alert, as refusing it")
  void resetInsteadOfAlert() throws Exception {
    try (ResettingPartner partner = new ResettingPartner(CA.server())) {
      PartnerClient client = PartnerClient.builder(URI.create("https://localhost:" + partner.port()))
          .sslContext(CA.client("alice").sslContext(CA))
          .connectTimeout(Duration.ofSeconds(1))
          .build();

      PartnerRejectedCertificateException refused =
          catchThrowableOfType(PartnerRejectedCertificateException.class, () -> client.submit(ORDER));

      assertThat(refused.evidence()).isEqualTo(PartnerRejectedCertificateException.Evidence.DROPPED_IN_HANDSHAKE);
      assertThat(refused.alert()).isEmpty();
      assertThat(refused)
          .hasMessageContaining("dropped the TLS handshake without an alert we could read, on every try");
    }
  }
}
