package dev.mutualtls.handshake;

import dev.mutualtls.pki.CertificateAuthority;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Measures what the running JDK does where JDK builds differ, with a bare JSSE client and no
 * classification of the library's, so the tests expect what this JDK really sends.
 */
final class JsseCalibration {
  private JsseCalibration() {}

  /** The alert a JSSE server sends for an empty client certificate chain under {@code protocol}. */
  static TlsAlert noCertificateAlert(String protocol) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create();
    // The library's server is plain JSSE that drains before closing, so the alert always arrives.
    try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.JDK_DEFAULT, protocol);
        SSLSocket client = (SSLSocket) ca.sslContextWithoutCertificate().getSocketFactory()
            .createSocket(server.address().getAddress(), server.port())) {
      SSLParameters parameters = client.getSSLParameters();
      parameters.setProtocols(new String[] {protocol});
      client.setSSLParameters(parameters);
      String message = "no failure";
      try {
        client.startHandshake();
        client.getInputStream().read();
      } catch (IOException refusal) {
        message = String.valueOf(refusal.getMessage());
      }
      Matcher matcher = Pattern.compile("Received fatal alert: ([a-z_]+)").matcher(message);
      if (!matcher.find()) {
        throw new IllegalStateException("unexpected JSSE client message: " + message);
      }
      return TlsAlert.fromRfcName(matcher.group(1)).orElseThrow();
    }
  }
}
