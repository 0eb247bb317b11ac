package dev.mutualtls.junit;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.TlsAlert;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/** Assertions pass and fail on real handshakes, with messages that end with the explanation. */
@MutualTls(protocols = "TLSv1.3")
class HandshakeAssertionsTest {

  private static AssertionFailedError failure(Executable assertion) {
    return catchThrowableOfType(AssertionFailedError.class, assertion::execute);
  }

  @Test
  void anAcceptedHandshake(MutualTlsServer server, MutualTlsClient client) {
    HandshakeResult result = server.handshake(client);
    assertThatHandshake(result).isAccepted().withProtocol("TLSv1.3");
    assertThat(result.toString()).isEqualTo("accepted (TLSv1.3)");

    AssertionFailedError error = failure(() -> assertThatHandshake(result).isRejectedByServer());
    assertThat(error).hasMessage("Expected the handshake to be refused by the server, but it was accepted (TLSv1.3)."
        + "\n\n" + result.explain());
    assertThat(error.getExpected().getValue()).isEqualTo("refused by the server");
    assertThat(error.getActual().getValue()).isEqualTo("accepted (TLSv1.3)");

    assertThat(failure(() -> assertThatHandshake(result).withReason(Reason.EXPIRED))).hasMessage(
        "Expected reason EXPIRED (the certificate has expired), but there was none; the handshake was accepted"
            + " (TLSv1.3).\n\n" + result.explain());
    assertThat(failure(() -> assertThatHandshake(result).withAlert(TlsAlert.CERTIFICATE_UNKNOWN))).hasMessage(
        "Expected alert certificate_unknown (46), but no alert was seen; the handshake was accepted (TLSv1.3)."
            + "\n\n" + result.explain());
    assertThat(failure(() -> assertThatHandshake(result).withProtocol("TLSv1.2"))).hasMessage(
        "Expected protocol TLSv1.2, but it was TLSv1.3; the handshake was accepted (TLSv1.3).\n\n"
            + result.explain());
  }

  @Test
  void aHandshakeTheServerRefused(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    HandshakeResult result = server.handshake(expired);
    assertThatHandshake(result).isRejectedByServer().withReason(Reason.EXPIRED)
        .withAlert(TlsAlert.CERTIFICATE_UNKNOWN);
    assertThat(result.toString()).startsWith("refused by the server with alert certificate_unknown (46): client"
        + " certificate CN=client-expired,O=mutualtls expired on ");

    AssertionFailedError error = failure(() -> assertThatHandshake(result).isAccepted());
    assertThat(error).hasMessage("Expected the handshake to be accepted, but it was " + result + ".\n\n"
        + result.explain());
    assertThat(error.getMessage()).contains("REFUSED by the server");

    error = failure(() -> assertThatHandshake(result).withReason(Reason.REVOKED));
    assertThat(error).hasMessage("Expected reason REVOKED (the certificate has been revoked), but it was EXPIRED"
        + " (the certificate has expired); the handshake was " + result + ".\n\n" + result.explain());
    assertThat(error.getExpected().getValue()).isEqualTo(Reason.REVOKED);
    assertThat(error.getActual().getValue()).isEqualTo(Reason.EXPIRED);

    assertThat(failure(() -> assertThatHandshake(result).withAlert(TlsAlert.CERTIFICATE_EXPIRED))).hasMessage(
        "Expected alert certificate_expired (45), but it was certificate_unknown (46); the handshake was " + result
            + ".\n\n" + result.explain());
    assertThat(failure(() -> assertThatHandshake(result).isRejectedByClient())).hasMessage(
        "Expected the handshake to be refused by the client, but it was " + result + ".\n\n" + result.explain());
  }

  @Test
  void aHandshakeTheClientRefused(CertificateAuthority ca, MutualTlsClient client) {
    try (HandshakeServer wrongName = HandshakeServer.start(ca.defectiveServer(Defect.HOSTNAME_MISMATCH), ca,
        TrustPolicy.STRICT)) {
      HandshakeResult result = client.handshake("localhost", wrongName.port());
      assertThatHandshake(result).isRejectedByClient().withReason(Reason.HOSTNAME_MISMATCH);
      assertThat(failure(() -> assertThatHandshake(result).isRejectedByServer())).hasMessage(
          "Expected the handshake to be refused by the server, but it was " + result + ".\n\n" + result.explain());
    }
  }

  @Test
  void aServerThatDoesNotSayWhyLeavesTheReasonUnknown(CertificateAuthority ca,
      @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
    HttpsServer jdk = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SSLContext context = ca.server().sslContext(ca);
    jdk.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        parameters.setSSLParameters(ssl);
      }
    });
    jdk.start();
    try {
      HandshakeResult result = expired.handshake("localhost", jdk.getAddress().getPort());
      assertThatHandshake(result).isRejectedByServer();
      assertThat(result.reason()).isEmpty();

      AssertionFailedError error = failure(() -> assertThatHandshake(result).withReason(Reason.EXPIRED));
      // The JDK 17's HttpsServer closes without an alert; the JDK 25's often sends certificate_unknown first.
      String said = result.alert().map(alert -> "its alert " + alert + " does not say why")
          .orElse("it refused without saying why");
      assertThat(error).hasMessage("Expected reason EXPIRED (the certificate has expired), but the server's reason is"
          + " unknown: it is not one of the library's servers, and " + said + " (a JSSE server sends"
          + " certificate_unknown for every refused certificate). Assert isRejectedByServer() (and withAlert(...)"
          + " for what crossed the wire), or read the server's log; the handshake was " + result + ".\n\n"
          + result.explain());
      assertThat(error.getActual().getValue()).isEqualTo("unknown");
    } finally {
      jdk.stop(0);
    }
  }
}
