package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.CertificateRejection;
import dev.mutualtls.handshake.internal.Failures;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server saw of one connection: accepted, or refused and why, or refused by the client. Made by
 * the library's servers from their own handshake outcome; immutable.
 */
public final class ServerVerdict {

  private final int clientPort;
  private final Instant at;
  private final boolean accepted;
  private final Reason reason;
  private final String detail;
  private final TlsAlert alertSent;
  private final TlsAlert alertReceived;
  private final String protocol;
  private final List<X509Certificate> clientChain;

  private ServerVerdict(int clientPort, boolean accepted, Reason reason, String detail, TlsAlert alertSent,
      TlsAlert alertReceived, String protocol, List<X509Certificate> clientChain) {
    this.clientPort = clientPort;
    this.at = Instant.now();
    this.accepted = accepted;
    this.reason = reason;
    this.detail = detail;
    this.alertSent = alertSent;
    this.alertReceived = alertReceived;
    this.protocol = protocol;
    this.clientChain = List.copyOf(clientChain);
  }

  /** A completed handshake from the client at {@code clientPort}. */
  public static ServerVerdict accepted(int clientPort, String protocol, List<X509Certificate> clientChain) {
    return new ServerVerdict(clientPort, true, null, "accepted", null, null, protocol,
        clientChain == null ? List.of() : clientChain);
  }

  /**
   * A handshake that failed on the server with {@code failure} (what {@code startHandshake()} threw, or
   * what Jetty reports), classified: the reason a {@link TrustPolicy} trust manager gave, or the reason
   * JSSE's message reveals (an empty client certificate chain, an invalid CertificateVerify, no common
   * protocol or cipher suite), or the alert the client sent.
   */
  public static ServerVerdict failed(int clientPort, String protocol, Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    String message = String.valueOf(failure.getMessage());
    String plain = Failures.plainMessage(failure);
    TlsAlert received = Failures.received(failure).orElse(null);
    TlsAlert sent = Failures.sent(failure).orElse(null);
    CertificateRejection rejection = Failures.find(failure, CertificateRejection.class);
    if (rejection != null) {
      return new ServerVerdict(clientPort, false, rejection.reason(), rejection.detail(),
          sent != null ? sent : TlsAlert.CERTIFICATE_UNKNOWN, null, protocol, rejection.chain());
    }
    if (received != null) {
      return new ServerVerdict(clientPort, false, null, "the client refused the handshake with alert "
          + received, null, received, protocol, List.of());
    }
    if (sent == null && Failures.connectionLost(failure)) {
      return new ServerVerdict(clientPort, false, null, "the connection was closed during the handshake ("
          + message + ")", null, null, protocol, List.of());
    }
    String all = Failures.messages(failure);
    Reason reason;
    String detail;
    if (all.contains("Empty client certificate chain") || all.contains("Empty server certificate chain")) {
      reason = Reason.NO_CERTIFICATE;
      detail = "the client sent an empty Certificate message: it presented no certificate";
    } else if (all.contains("Invalid CertificateVerify signature")) {
      reason = Reason.KEY_MISMATCH;
      detail = "the client's CertificateVerify signature does not verify with its certificate's public key:"
          + " the private key does not belong to the certificate";
    } else if (all.contains("not accepted by server preferences") || sent == TlsAlert.PROTOCOL_VERSION
        || all.contains("No appropriate protocol")) {
      reason = Reason.PROTOCOL_VERSION;
      detail = "no protocol version in common: " + plain;
    } else if (all.contains("no cipher suites in common") || all.contains("No available authentication scheme")) {
      reason = Reason.NO_COMMON_CIPHER_SUITE;
      detail = "no cipher suite in common: " + plain;
    } else if (sent == null) {
      reason = Reason.OTHER;
      detail = "the connection ended during the handshake: " + plain;
    } else {
      reason = Reason.OTHER;
      detail = plain;
    }
    return new ServerVerdict(clientPort, false, reason, detail, sent, null, protocol, List.of());
  }

  /** The client's port: the key that ties this verdict to a client's connection. */
  public int clientPort() {
    return clientPort;
  }

  /** When the server reached its verdict. */
  public Instant at() {
    return at;
  }

  /** Whether the server completed the handshake. */
  public boolean accepted() {
    return accepted;
  }

  /** Whether the server itself refused (as opposed to accepting, or the client refusing first). */
  public boolean refusedByServer() {
    return !accepted && reason != null;
  }

  /** The server's reason for refusing, if it refused. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** The verdict in plain words, such as "client certificate CN=alice expired on 2026-11-25T10:00:00Z". */
  public String detail() {
    return detail;
  }

  /** The alert the server sent, if known. */
  public Optional<TlsAlert> alertSent() {
    return Optional.ofNullable(alertSent);
  }

  /** The alert the server received from the client, if the client refused. */
  public Optional<TlsAlert> alertReceived() {
    return Optional.ofNullable(alertReceived);
  }

  /** The negotiated protocol, if the server knew it. */
  public Optional<String> protocol() {
    return Optional.ofNullable(protocol);
  }

  /** The chain the client presented (leaf first), empty when none or unknown. */
  public List<X509Certificate> clientChain() {
    return clientChain;
  }

  @Override
  public String toString() {
    return "ServerVerdict{port=" + clientPort + ", " + (accepted ? "accepted" : reason + ": " + detail) + "}";
  }
}
