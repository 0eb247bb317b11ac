package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken server certificates, refused by a strict client with the alert a JSSE client sends. */
class ServerDefectTest {
  private static final CertificateAuthority CA = CertificateAuthority.create();

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
      cases.add(Arguments.of(Defect.HOSTNAME_MISMATCH, protocol, TlsAlert.CERTIFICATE_UNKNOWN,
          Reason.HOSTNAME_MISMATCH));
      // The JSSE client maps the validator's reason to the alert (CertificateMessage.getCertificateAlert).
      cases.add(Arguments.of(Defect.EXPIRED, protocol, TlsAlert.CERTIFICATE_EXPIRED, Reason.EXPIRED));
      cases.add(Arguments.of(Defect.NOT_YET_VALID, protocol, TlsAlert.BAD_CERTIFICATE, Reason.NOT_YET_VALID));
      cases.add(Arguments.of(Defect.UNTRUSTED_ISSUER, protocol, TlsAlert.CERTIFICATE_UNKNOWN, Reason.UNTRUSTED_ISSUER));
      cases.add(Arguments.of(Defect.SELF_SIGNED, protocol, TlsAlert.CERTIFICATE_UNKNOWN, Reason.SELF_SIGNED));
      cases.add(Arguments.of(Defect.WRONG_EXTENDED_KEY_USAGE, protocol, TlsAlert.CERTIFICATE_UNKNOWN,
          Reason.WRONG_EXTENDED_KEY_USAGE));
      cases.add(Arguments.of(Defect.MISSING_INTERMEDIATE, protocol, TlsAlert.CERTIFICATE_UNKNOWN,
          Reason.MISSING_INTERMEDIATE));
    }
    return cases.stream();
  }

  /**
   * The alerts a JSSE client may send. Java 21 and later map an expired certificate to certificate_expired
   * and a not-yet-valid one to bad_certificate on both protocols; older 17 builds (17.0.15) do so only
   * under TLS 1.2 and send certificate_unknown under TLS 1.3.
   */
  static java.util.Set<TlsAlert> acceptable(TlsAlert alert) {
    return Runtime.version().feature() >= 21 ? java.util.Set.of(alert)
        : java.util.EnumSet.of(alert, TlsAlert.CERTIFICATE_UNKNOWN);
  }

  @ParameterizedTest(name = "a strict client refuses a server certificate {0} over {1} with {2}")
  @MethodSource("cases")
  void strictClientRefusesBrokenServerCertificate(Defect defect, String protocol, TlsAlert alert, Reason reason) {
    try (HandshakeServer server = HandshakeServer.start(CA.defectiveServer(defect), CA, TrustPolicy.STRICT, protocol)) {
      for (int i = 0; i < 5; i++) {
        HandshakeResult result = server.probe(CA.client("alice"), CA);
        assertThat(result.rejectedBy()).as(result.explain()).contains(Side.CLIENT);
        assertThat(result.alert()).as(result.explain()).hasValueSatisfying(sent -> assertThat(sent).isIn(
            acceptable(alert)));
        assertThat(result.reason()).as(result.explain()).contains(reason);
        assertThat(result.serverVerdict()).as(result.explain())
            .hasValueSatisfying(v -> assertThat(v.alertReceived()).isEqualTo(result.alert()));
      }
    }
  }
}
