package dev.mutualtls.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One TLS handshake with a plain {@link SSLSocket}, made only after {@code HttpClient} failed without
 * saying why: {@code SSLSocket} reports the alert a server sends, where {@code HttpClient} under TLS 1.3
 * waits for its timeout instead.
 *
 * <p>Under TLS 1.3 the client's handshake is complete before the server has judged the client
 * certificate, so after the handshake this sends close_notify and reads: a server that accepted answers
 * with its own close_notify (or closes), one that refused with an alert. Stateless and thread-safe.
 */
final class HandshakeDiagnosis {
  /** What the diagnostic handshake found. */
  enum Kind {
    /** The server completed the handshake with our certificate. */
    ACCEPTED,
    /** The server sent an alert: it refused the handshake. */
    REFUSED_BY_PARTNER,
    /** Our side refused the server's certificate. */
    REFUSED_BY_US,
    /** No connection, no answer in time, or a connection lost without an alert. */
    INCONCLUSIVE
  }

  /** The outcome, with the alert the server sent (for {@link Kind#REFUSED_BY_PARTNER}) and the details. */
  record Outcome(Kind kind, Optional<String> alert, String detail, Throwable failure) {}

  private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_]+)");
  /**
   * The alerts with which a server refuses a client's credentials. {@code handshake_failure} is also what a
   * server sends when it shares no cipher suite with the client, but JSSE servers send it for a missing
   * certificate (TLS 1.2) and for a key that does not match the certificate.
   */
  private static final Set<String> CREDENTIAL_ALERTS = Set.of("bad_certificate", "unsupported_certificate",
      "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied",
      "certificate_required", "handshake_failure");

  private HandshakeDiagnosis() {}

  static Outcome run(SSLContext context, String host, int port, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(host, port), millis);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, false)) {
        socket.setSoTimeout(millis);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if ("TLSv1.3".equals(socket.getSession().getProtocol())) {
          socket.shutdownOutput();
          socket.getInputStream().read();
        }
        return new Outcome(Kind.ACCEPTED, Optional.empty(), "the handshake completed", null);
      }
    } catch (SocketTimeoutException e) {
      return new Outcome(Kind.INCONCLUSIVE, Optional.empty(), "no answer within " + timeout, e);
    } catch (IOException e) {
      Optional<String> alert = receivedAlert(e);
      if (alert.isPresent()) {
        return new Outcome(Kind.REFUSED_BY_PARTNER, alert, "the partner sent alert " + alert.get(), e);
      }
      if (refusedByUs(e)) {
        return new Outcome(Kind.REFUSED_BY_US, Optional.empty(), String.valueOf(e.getMessage()), e);
      }
      return new Outcome(Kind.INCONCLUSIVE, Optional.empty(), String.valueOf(e), e);
    }
  }

  /** The alert the peer sent, as JSSE reports it in any message of the cause chain. */
  static Optional<String> receivedAlert(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher matcher = RECEIVED.matcher(String.valueOf(t.getMessage()));
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /** Whether {@code alert} is one a server refuses a client's credentials with. */
  static boolean refusesCredentials(String alert) {
    return CREDENTIAL_ALERTS.contains(alert);
  }

  /** Whether our own trust manager refused the server: a certificate problem on our side of the handshake. */
  static boolean refusedByUs(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return true;
      }
      if (t instanceof SSLException && receivedAlert(t).isEmpty() && String.valueOf(t.getMessage())
          .matches("(?s).*(No subject alternative|No name matching|PKIX path|validity check failed).*")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Whether the connection ended during the handshake without an alert: a reset, a broken pipe, an EOF. */
  static boolean lostWithoutAlert(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("Remote host terminated") || message.contains("Broken pipe")
          || message.contains("Connection reset") || t instanceof java.io.EOFException) {
        return receivedAlert(failure).isEmpty();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
