package dev.mutualtls.handshake;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The outcome of one {@link Handshake} probe: accepted, or refused by whom, with which alert and why,
 * merged with the server's own verdict when the server is one of the library's. Immutable.
 *
 * <p>Under TLS 1.3 a server refuses a client certificate only after the client's handshake has
 * finished; the probe therefore also waits for the server's first answer before it calls a handshake
 * accepted. {@link #explain()} tells the whole handshake step by step.
 */
public final class HandshakeResult {
  /** How far a handshake got: the textbook steps of mutual authentication, in order. */
  public enum Step {
    /** No TCP connection. */
    CONNECT,
    /** The client offers versions, cipher suites and the server name. */
    CLIENT_HELLO,
    /** The server chooses the version and cipher suite. */
    SERVER_HELLO,
    /** The server presents its certificate chain. */
    SERVER_CERTIFICATE,
    /** The client verifies the server's chain and host name. */
    CLIENT_VERIFIES_SERVER,
    /** The server asks for a client certificate and names the CAs it accepts. */
    CERTIFICATE_REQUEST,
    /** The client presents its chain (or an empty message) and proves it holds the key. */
    CLIENT_CERTIFICATE,
    /** The server verifies the client's chain and its CertificateVerify signature. */
    SERVER_VERIFIES_CLIENT,
    /** Both sides confirm the handshake; application data may flow. */
    FINISHED
  }

  final InetSocketAddress address;
  final String hostname;
  final List<String> offeredProtocols;
  final boolean succeeded;
  final Side rejectedBy;
  final TlsAlert alert;
  final Reason category;
  final String reason;
  final String protocol;
  final String cipherSuite;
  final Throwable failure;
  final List<X509Certificate> clientCertificatesSent;
  final boolean clientCertificatesKnown;
  final List<X500Principal> acceptableIssuers;
  final boolean certificateRequested;
  final List<X509Certificate> serverCertificates;
  final ServerVerdict serverVerdict;
  final Step stoppedAt;

  HandshakeResult(InetSocketAddress address, String hostname, List<String> offeredProtocols, boolean succeeded,
      Side rejectedBy, TlsAlert alert, Reason category, String reason, String protocol, String cipherSuite,
      Throwable failure, List<X509Certificate> clientCertificatesSent, boolean clientCertificatesKnown,
      List<X500Principal> acceptableIssuers, boolean certificateRequested, List<X509Certificate> serverCertificates,
      ServerVerdict serverVerdict, Step stoppedAt) {
    this.address = address;
    this.hostname = hostname;
    this.offeredProtocols = List.copyOf(offeredProtocols);
    this.succeeded = succeeded;
    this.rejectedBy = rejectedBy;
    this.alert = alert;
    this.category = category;
    this.reason = reason;
    this.protocol = protocol;
    this.cipherSuite = cipherSuite;
    this.failure = failure;
    this.clientCertificatesSent = List.copyOf(clientCertificatesSent);
    this.clientCertificatesKnown = clientCertificatesKnown;
    this.acceptableIssuers = List.copyOf(acceptableIssuers);
    this.certificateRequested = certificateRequested;
    this.serverCertificates = List.copyOf(serverCertificates);
    this.serverVerdict = serverVerdict;
    this.stoppedAt = stoppedAt;
  }

  /** Whether both sides completed the handshake and the server accepted the client. */
  public boolean succeeded() {
    return succeeded;
  }

  /** The side that refused; empty when the handshake succeeded or no connection was made. */
  public Optional<Side> rejectedBy() {
    return Optional.ofNullable(rejectedBy);
  }

  /** The alert that crossed the wire, when one is known. */
  public Optional<TlsAlert> alert() {
    return Optional.ofNullable(alert);
  }

  /** Why the handshake was refused, as a category; empty when it succeeded. */
  public Optional<Reason> category() {
    return Optional.ofNullable(category);
  }

  /**
   * Why it was refused, in plain words from the side that refused (for example "client certificate
   * CN=alice,O=mutualtls expired on 2026-11-25T10:00:00Z"); "accepted" when it succeeded.
   */
  public String reason() {
    return reason;
  }

  /** The negotiated protocol (TLSv1.3, TLSv1.2), when the handshake got that far. */
  public Optional<String> protocol() {
    return Optional.ofNullable(protocol);
  }

  /** The negotiated cipher suite, when the handshake got that far. */
  public Optional<String> cipherSuite() {
    return Optional.ofNullable(cipherSuite);
  }

  /** What the client saw fail (an {@code SSLException}, a {@code SocketException}...), if anything. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** The chain the client sent, leaf first; empty when it sent none (or the probe could not see it). */
  public List<X509Certificate> clientCertificatesSent() {
    return clientCertificatesSent;
  }

  /** The CAs the server's CertificateRequest named (empty when unknown or none). */
  public List<X500Principal> acceptableIssuers() {
    return acceptableIssuers;
  }

  /** The server's chain as the client received it (empty when not received). */
  public List<X509Certificate> serverCertificates() {
    return serverCertificates;
  }

  /** The server's own verdict, when the server is one of the library's. */
  public Optional<ServerVerdict> serverVerdict() {
    return Optional.ofNullable(serverVerdict);
  }

  /** The step where the handshake stopped ({@link Step#FINISHED} when it succeeded). */
  public Step stoppedAt() {
    return stoppedAt;
  }

  /** The address probed. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The handshake told step by step as in the textbook description of mutual authentication, one line
   * per step, marking where it stopped, who refused with which alert, and one sentence on the fix.
   */
  public String explain() {
    return Explanation.of(this);
  }

  /** One line: the verdict, the alert and the reason. */
  @Override
  public String toString() {
    if (succeeded) {
      return "accepted (" + protocol + ")";
    }
    return (rejectedBy == null ? "failed" : "refused by the " + rejectedBy.word())
        + (alert == null ? "" : " with alert " + alert) + ": " + reason;
  }
}
