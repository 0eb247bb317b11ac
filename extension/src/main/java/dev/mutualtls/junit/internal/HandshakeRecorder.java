package dev.mutualtls.junit.internal;

import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.handshake.ServerVerdicts;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Records Jetty's verdict on every TLS handshake, keyed by the client's port ({@link SSLEngine#getPeerPort()}),
 * so that a probe can merge the server's own reason into its result. Jetty closes a refused connection without
 * draining it, so under TLS 1.2 a Java client often sees only "Broken pipe": the reason lives here.
 */
final class HandshakeRecorder implements SslHandshakeListener {
  private final ServerVerdicts verdicts;

  HandshakeRecorder(ServerVerdicts verdicts) {
    this.verdicts = verdicts;
  }

  @Override
  public void handshakeSucceeded(Event event) {
    SSLEngine engine = event.getSSLEngine();
    SSLSession session = engine.getSession();
    verdicts.record(ServerVerdict.accepted(engine.getPeerPort(), session.getProtocol(), peerChain(session)));
  }

  @Override
  public void handshakeFailed(Event event, Throwable failure) {
    SSLEngine engine = event.getSSLEngine();
    SSLSession session = engine.getHandshakeSession();
    String protocol = session == null ? null : session.getProtocol();
    verdicts.record(ServerVerdict.failed(engine.getPeerPort(), protocol, failure));
  }

  private static List<X509Certificate> peerChain(SSLSession session) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate certificate : session.getPeerCertificates()) {
        chain.add((X509Certificate) certificate);
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate: impossible while client authentication is required
    }
    return chain;
  }
}
