package dev.mutualtls.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
 * certificate, so after the handshake this sends a {@code HEAD /} request and reads: a server that accepted
 * answers it, one that refused sends an alert or drops the connection. Stateless and thread-safe.
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
    /**
     * The server took the TCP connection and dropped it during the TLS handshake (or right after a TLS 1.3
     * handshake, before answering) without an alert we could read, every time we tried. A server that refuses a
     * client certificate and closes without reading the rest of the client's flight (Jetty does) makes the
     * kernel reset the connection, which can overtake its alert.
     */
    DROPPED_IN_HANDSHAKE,
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

  /**
   * The diagnostic handshake, made again (at most three times in all) while the partner drops it without an
   * alert: against a server that closes without draining, whether its alert or the reset reaches us first is a
   * race, an alert is the better evidence, and one more handshake costs milliseconds.
   */
  static Outcome run(SSLContext context, String host, int port, Duration timeout) {
    Outcome outcome = once(context, host, port, timeout);
    for (int attempt = 2; attempt <= 3 && outcome.kind() == Kind.DROPPED_IN_HANDSHAKE; attempt++) {
      outcome = once(context, host, port, timeout);
    }
    return outcome;
  }

  private static Outcome once(SSLContext context, String host, int port, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    boolean connected = false;
    String completed = null;
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(host, port), millis);
      connected = true;
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, false)) {
        socket.setSoTimeout(millis);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        completed = socket.getSession().getProtocol();
        // Ask for something: a server that accepted our certificate answers, one that refused it sends an alert
        // or drops the connection. (A close_notify instead of a request cannot tell: after its own close_notify,
        // JSSE was seen to report the partner's reset as an orderly end.)
        OutputStream out = socket.getOutputStream();
        out.write(("HEAD / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (socket.getInputStream().read() >= 0) {
          return new Outcome(Kind.ACCEPTED, Optional.empty(), "the handshake completed and the partner answered",
              null);
        }
        return dropped(completed, "the partner closed the connection without answering", null);
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
      if (connected && lostWithoutAlert(e)) {
        return dropped(completed, String.valueOf(e), e);
      }
      return new Outcome(Kind.INCONCLUSIVE, Optional.empty(), String.valueOf(e), e);
    }
  }

  /**
   * A connection the partner took and then ended without an alert. During the handshake, or right after a TLS 1.3
   * handshake (whose client side is over before the server has judged the client certificate), that is a
   * refusal; after a TLS 1.2 handshake, whose server Finished says the certificate was accepted, it is not.
   */
  private static Outcome dropped(String completedProtocol, String detail, Throwable failure) {
    if (completedProtocol == null || completedProtocol.equals("TLSv1.3")) {
      return new Outcome(Kind.DROPPED_IN_HANDSHAKE, Optional.empty(), (completedProtocol == null
          ? "dropped during the TLS handshake, without an alert: "
          : "dropped right after the TLS 1.3 handshake, without an alert: ") + detail, failure);
    }
    return new Outcome(Kind.INCONCLUSIVE, Optional.empty(), "after a completed " + completedProtocol
        + " handshake: " + detail, failure);
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
