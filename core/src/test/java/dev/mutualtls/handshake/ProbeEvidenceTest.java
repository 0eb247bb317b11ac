package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.handshake.HandshakeResult.Step;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import dev.mutualtls.testing.ScriptedServer;
import dev.mutualtls.testing.ScriptedServer.Behaviour;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the probe concludes from each kind of answer after the handshake, against servers scripted to give exactly
 * that answer (products are probed in the recipes module): an answer is the evidence of acceptance, an HTTP answer
 * that refuses the certificate is a refusal after the handshake, the connection ending before an answer is a
 * refusal, silence is a timeout, and a raw exchange without data is unconfirmed.
 */
class ProbeEvidenceTest {
  private static final CertificateAuthority CA = CertificateAuthority.create();
  private static final Identity ALICE = CA.client("alice");
  private static final String NGINX_CERTIFICATE_ERROR = "HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n"
      + "Content-Type: text/html\r\nContent-Length: 215\r\nConnection: close\r\n\r\n"
      + "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n"
      + "<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n"
      + "<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

  private static ScriptedServer answering(String protocol, String answer) throws Exception {
    return ScriptedServer.tls(CA.server().keyManager(), new String[] {protocol}, Behaviour.ANSWERS, answer);
  }

  private static Handshake probe(ScriptedServer server, String protocol) {
    return Handshake.to(server.address()).hostname("localhost").protocols(protocol);
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void anyHttpAnswerShowsTheCertificateWasAcceptedWhateverItsStatus(String protocol) throws Exception {
    try (ScriptedServer server = answering(protocol, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")) {
      HandshakeResult result = probe(server, protocol).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(result.succeeded()).isTrue();
      assertThat(result.httpStatus()).contains(403);
      assertThat(result.answer()).contains("HTTP/1.1 403 Forbidden");
      assertThat(result.evidence()).isEqualTo("the server answered GET / with HTTP/1.1 403 Forbidden");
      assertThat(result.stoppedAt()).isEqualTo(Step.APPLICATION_DATA);
      assertThat(result.rejectedBy()).isEmpty();
    }
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void nginxsCertificateErrorPageIsARefusalAfterTheHandshakeWithoutAKnownReason(String protocol) throws Exception {
    try (ScriptedServer server = answering(protocol, NGINX_CERTIFICATE_ERROR)) {
      HandshakeResult result = probe(server, protocol).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.REFUSED);
      assertThat(result.rejectedBy()).contains(Side.SERVER);
      assertThat(result.stoppedAt()).isEqualTo(Step.APPLICATION_DATA);
      assertThat(result.httpStatus()).contains(400);
      assertThat(result.alert()).isEmpty();
      assertThat(result.reason()).isEmpty();
      assertThat(result.detail()).isEqualTo("the server refused the certificate after the handshake, with HTTP 400"
          + " \"400 The SSL certificate error\"");
      assertThat(result.explain()).contains("REFUSED by the server after the handshake with HTTP 400");
    }
  }

  @Test
  void nginxsNoCertificatePageNamesItsReason() throws Exception {
    String page = NGINX_CERTIFICATE_ERROR.replace("The SSL certificate error", "No required SSL certificate was sent")
        .replace("Content-Length: 215", "Content-Length: 239");
    try (ScriptedServer server = answering("TLSv1.3", page)) {
      HandshakeResult result = probe(server, "TLSv1.3").probe(null, CA);

      assertThat(result.rejectedBy()).as(result.explain()).contains(Side.SERVER);
      assertThat(result.reason()).contains(Reason.NO_CERTIFICATE);
      assertThat(result.explain())
          .contains("Reason: the client presented no certificate, as the server's answer says.");
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {495, 496})
  void theSslModulesOwnStatusesAreRefusals(int status) throws Exception {
    try (ScriptedServer server = answering("TLSv1.3", "HTTP/1.1 " + status + " SSL\r\nContent-Length: 0\r\n\r\n")) {
      HandshakeResult result = probe(server, "TLSv1.3").probe(ALICE, CA);

      assertThat(result.rejectedBy()).as(result.explain()).contains(Side.SERVER);
      assertThat(result.httpStatus()).contains(status);
      assertThat(result.reason()).isEqualTo(status == 496 ? java.util.Optional.of(Reason.NO_CERTIFICATE)
          : java.util.Optional.empty());
    }
  }

  @Test
  void aBadRequestForAnotherReasonStillShowsTheCertificateWasAccepted() throws Exception {
    try (ScriptedServer server = answering("TLSv1.3", "HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\n\r\n"
        + "missing id\r\n")) {
      HandshakeResult result = probe(server, "TLSv1.3").probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(result.httpStatus()).contains(400);
    }
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aServerThatClosesBeforeAnsweringRefused(String protocol) throws Exception {
    try (ScriptedServer server = answering(protocol, "")) {
      HandshakeResult result = probe(server, protocol).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.REFUSED);
      assertThat(result.rejectedBy()).contains(Side.SERVER);
      assertThat(result.alert()).isEmpty();
      assertThat(result.reason()).isEmpty();
      assertThat(result.evidence()).matches("the server (closed|reset) the connection before answering GET /,"
          + " without an alert");
      // Under TLS 1.3 the server judges the certificate after the client's Finished; under TLS 1.2 its Finished
      // already showed it took the certificate, so it refused later.
      assertThat(result.stoppedAt()).isEqualTo("TLSv1.3".equals(protocol) ? Step.SERVER_VERIFIES_CLIENT
          : Step.APPLICATION_DATA);
    }
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutNeverAnAcceptance() throws Exception {
    try (ScriptedServer server = ScriptedServer.tls(CA.server().keyManager(), new String[] {"TLSv1.3"},
        Behaviour.SILENT, "")) {
      HandshakeResult result = probe(server, "TLSv1.3").timeout(Duration.ofMillis(300)).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(result.succeeded()).isFalse();
      assertThat(result.rejectedBy()).isEmpty();
      assertThat(result.detail()).isEqualTo("the server did not answer GET / within PT0.3S");
      assertThat(result.explain()).contains("TIMED OUT").contains("GET / sent; no answer within PT0.3S");
    }
  }

  @Test
  void aListenerThatNeverSpeaksTlsTimesOutInTheHandshake() throws Exception {
    try (ScriptedServer server = ScriptedServer.tcpOnly()) {
      HandshakeResult result = probe(server, "TLSv1.3").timeout(Duration.ofMillis(300)).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(result.stoppedAt()).isEqualTo(Step.SERVER_HELLO);
      assertThat(result.detail()).isEqualTo("the server did not finish the handshake within PT0.3S");
    }
  }

  @Test
  void aServerThatSpeaksFirstIsAcceptedOnItsData() throws Exception {
    try (ScriptedServer server = ScriptedServer.tls(CA.server().keyManager(), new String[] {"TLSv1.3"},
        Behaviour.SPEAKS_FIRST, "220 ready\r\n")) {
      HandshakeResult result = probe(server, "TLSv1.3").exchange(Exchange.raw()).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(result.answer()).contains("11 bytes of application data (\"220 ready..\")");
    }
  }

  @Test
  void aRawExchangeWithoutDataOrAlertIsUnconfirmed() {
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, "TLSv1.3")) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").exchange(Exchange.raw())
          .probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.UNCONFIRMED);
      assertThat(result.succeeded()).isFalse();
      assertThat(result.rejectedBy()).isEmpty();
      assertThat(result.detail()).startsWith("no alert and no data from the server after the handshake: whether it"
          + " accepted the client certificate is unconfirmed");
      assertThat(result.explain()).contains("UNCONFIRMED (TLSv1.3)")
          .contains("7. server verifies it  server            unconfirmed: no alert, and no answer that shows"
              + " acceptance");
    }
  }

  @Test
  void aRawExchangeIsAcceptedOnTheServersAnswer() {
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, "TLSv1.3")) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost")
          .exchange(Exchange.raw("ping\n".getBytes(StandardCharsets.US_ASCII))).probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(result.answer()).contains("5 bytes of application data (\"ping.\")");
    }
  }

  @Test
  void theHttp2PrefaceAnsweredInAnythingButHttp2IsStillAnAnswer() {
    try (HandshakeServer echo = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, "TLSv1.3")) {
      HandshakeResult result = Handshake.to(echo.address()).hostname("localhost").exchange(Exchange.http2())
          .probe(ALICE, CA);

      assertThat(result.outcome()).as(result.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(result.answer()).hasValueSatisfying(answer -> assertThat(answer).startsWith("9 bytes of"
          + " application data (\"PRI * HTT\")"));
    }
  }

  @Test
  void aPathThatIsNotARequestTargetIsRefusedWithTheRule() {
    assertThatThrownBy(() -> Exchange.http("health check")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Exchange.http path must start with / and hold no spaces or control characters (an origin-form"
            + " request target such as /healthz), was \"health check\"");
  }
}
