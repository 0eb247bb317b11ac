package dev.mutualtls.handshake;

import dev.mutualtls.pki.Side;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;

/**
 * The outcome of one {@link Handshake} probe, built only from what the probe observed: the alert, the connection
 * ending, the server's answer to application data, and, for the library's own servers, the server's own record of
 * the connection. Immutable.
 *
 * <p>{@link #outcome()} is {@link Outcome#ACCEPTED} only on evidence: an answer to the {@link Exchange} after the
 * handshake, or the server's own record. Under TLS 1.3 a completed handshake proves nothing (the server judges the
 * client's certificate after the client has finished), so where no evidence is possible the outcome is
 * {@link Outcome#UNCONFIRMED}. {@link #explain()} tells the whole handshake step by step, saying which steps were
 * observed and which are inferred.
 */
public final class HandshakeResult {
  /** How far a connection got: the textbook steps of mutual authentication, in order, then the first exchange. */
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
    FINISHED,
    /** The probe's {@link Exchange} after the handshake, and the server's answer. */
    APPLICATION_DATA
  }

  /** What the probe could establish. */
  public enum Outcome {
    /** The server answered after the handshake, or its own record says it accepted the client. */
    ACCEPTED,
    /** One side refused: see {@link #rejectedBy()}. */
    REFUSED,
    /**
     * The handshake completed, and nothing after it proved acceptance or refusal: for example a
     * {@link Exchange#raw()} probe whose server closed without sending data or an alert.
     */
    UNCONFIRMED,
    /** The server said nothing within the probe's timeout, during or after the handshake. */
    TIMED_OUT,
    /** No TCP connection could be made. */
    NOT_CONNECTED
  }

  /** Where the reason came from, for {@link Explanation}. */
  enum ReasonSource {
    /** The library server's own record. */
    SERVER_RECORD,
    /** The client's own check. */
    CLIENT,
    /** An alert whose name says it, such as certificate_expired. */
    ALERT,
    /** The server's HTTP answer says it. */
    ANSWER,
    /** Reasoned from what the client sent and the alert, such as handshake_failure after an empty Certificate. */
    INFERRED,
    /** Nobody said. */
    NONE
  }

  final InetSocketAddress address;
  final String hostname;
  final List<String> offeredProtocols;
  final Exchange exchange;
  final Outcome outcome;
  final Side rejectedBy;
  final TlsAlert alert;
  final Reason category;
  final ReasonSource reasonSource;
  final String reason;
  final String evidence;
  final String protocol;
  final String cipherSuite;
  final String applicationProtocol;
  final Throwable failure;
  final List<X509Certificate> clientCertificatesSent;
  final boolean clientCertificatesKnown;
  final List<X500Principal> acceptableIssuers;
  final boolean certificateRequested;
  final List<X509Certificate> serverCertificates;
  final ServerVerdict serverVerdict;
  final Step stoppedAt;
  final String answer;
  final Integer httpStatus;
  final boolean handshakeCompleted;
  final String exchanged;
  final String bodyLine;
  final CertificateSelection.Analysis selection;
  final boolean serverUnchecked;
  final boolean ownKeyManager;
  final Boolean resumed;

  private HandshakeResult(Builder b) {
    this.address = b.address;
    this.hostname = b.hostname;
    this.offeredProtocols = List.copyOf(b.offeredProtocols);
    this.exchange = b.exchange;
    this.outcome = b.outcome;
    this.rejectedBy = b.rejectedBy;
    this.alert = b.alert;
    this.category = b.category;
    this.reasonSource = b.category == null ? ReasonSource.NONE : b.reasonSource;
    this.reason = b.reason;
    this.evidence = b.evidence;
    this.protocol = b.protocol;
    this.cipherSuite = b.cipherSuite;
    this.applicationProtocol = b.applicationProtocol;
    this.failure = b.failure;
    this.clientCertificatesSent = List.copyOf(b.clientCertificatesSent);
    this.clientCertificatesKnown = b.clientCertificatesKnown;
    this.acceptableIssuers = List.copyOf(b.acceptableIssuers);
    this.certificateRequested = b.certificateRequested;
    this.serverCertificates = List.copyOf(b.serverCertificates);
    this.serverVerdict = b.serverVerdict;
    this.stoppedAt = b.stoppedAt;
    this.answer = b.answer;
    this.httpStatus = b.httpStatus;
    this.handshakeCompleted = b.handshakeCompleted;
    this.exchanged = b.exchanged;
    this.bodyLine = b.bodyLine;
    this.selection = b.selection;
    this.serverUnchecked = b.serverUnchecked;
    this.ownKeyManager = b.ownKeyManager;
    this.resumed = b.resumed;
  }

  /** What the probe could establish: accepted, refused, unconfirmed, timed out, or not connected. */
  public Outcome outcome() {
    return outcome;
  }

  /** Whether the server accepted the client, on evidence: {@code outcome() == ACCEPTED}. */
  public boolean succeeded() {
    return outcome == Outcome.ACCEPTED;
  }

  /** The side that refused; empty unless {@link #outcome()} is {@link Outcome#REFUSED}. */
  public Optional<Side> rejectedBy() {
    return Optional.ofNullable(rejectedBy);
  }

  /** The alert that crossed the wire (or that the library's server recorded sending), when one is known. */
  public Optional<TlsAlert> alert() {
    return Optional.ofNullable(alert);
  }

  /**
   * Why the handshake was refused, when it is known: from the library server's own record, from
   * the client's own check, or from an alert or an answer that names it (such as OpenSSL's
   * {@code certificate_expired}). Empty when the server is not one of the library's and did not say why: a JSSE
   * server sends {@code certificate_unknown} whatever the reason.
   */
  public Optional<Reason> reason() {
    return Optional.ofNullable(category);
  }

  /**
   * What happened in plain words from the side that refused (for example "client certificate CN=alice,O=mutualtls
   * expired on 2026-11-25T10:00:00Z"); "accepted" when it was accepted; what is missing when it is unconfirmed.
   */
  public String detail() {
    return reason;
  }

  /**
   * What decided the outcome, as observed: "the server answered GET / with HTTP/1.1 200 OK", "the server sent alert
   * certificate_unknown (46)", "the server closed the connection before answering, without an alert", "the
   * server's own record".
   */
  public String evidence() {
    return evidence;
  }

  /** The server's first answer after the handshake in one line (a status line, a frame, bytes), if it answered. */
  public Optional<String> answer() {
    return Optional.ofNullable(answer);
  }

  /** The HTTP status of the server's answer, if it answered HTTP/1.x. */
  public Optional<Integer> httpStatus() {
    return Optional.ofNullable(httpStatus);
  }

  /** The negotiated protocol (TLSv1.3, TLSv1.2), when the handshake got that far. */
  public Optional<String> protocol() {
    return Optional.ofNullable(protocol);
  }

  /** The negotiated cipher suite, when the handshake got that far. */
  public Optional<String> cipherSuite() {
    return Optional.ofNullable(cipherSuite);
  }

  /** What the probe said after the handshake. */
  public Exchange exchange() {
    return exchange;
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

  /**
   * The serial number of the certificate the server presented (the first of {@link #serverCertificates()}); empty
   * when the probe did not receive it. After a rotation it tells which certificate a connection got.
   */
  public Optional<BigInteger> serverSerial() {
    return serverCertificates.isEmpty() ? Optional.empty() : Optional.of(serverCertificates.get(0).getSerialNumber());
  }

  /**
   * Whether the handshake resumed a TLS session the client's context had cached (a TLS 1.2 session ID or ticket, a
   * TLS 1.3 pre-shared key) instead of a full handshake. In a resumption neither side sends or checks a certificate:
   * a server that accepts it accepts the certificate it checked when the session began, whatever has changed since.
   * Only a probe with a context of your own ({@link Handshake#probe(SSLContext)}), reused across probes,
   * can resume. Empty when the handshake did not complete, or the probe cannot tell: it tells for the JDK's own TLS
   * provider, by whether the session it got was in the context's cache before the handshake and was created before
   * it; for other providers it does not guess.
   */
  public Optional<Boolean> resumed() {
    return Optional.ofNullable(resumed);
  }

  /** The server's own verdict, when the server is one of the library's. */
  public Optional<ServerVerdict> serverVerdict() {
    return Optional.ofNullable(serverVerdict);
  }

  /** The step where the connection stopped; {@link Step#APPLICATION_DATA} when the server answered. */
  public Step stoppedAt() {
    return stoppedAt;
  }

  /** The address probed. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The handshake told step by step as in the textbook description of mutual authentication, one line per step,
   * then the exchange after it; marking where it stopped, who refused with which alert, what was observed and what
   * is inferred, and one sentence on the fix.
   */
  public String explain() {
    return Explanation.of(this);
  }

  boolean reasonSourceIsRecord() {
    return serverVerdict != null && serverVerdict.accepted();
  }

  /** One line: the outcome, and for a refusal the side, the alert and the reason. */
  @Override
  public String toString() {
    switch (outcome) {
      case ACCEPTED:
        return "accepted (" + protocol + ")";
      case REFUSED:
        return "refused by the " + rejectedBy.word() + (alert == null ? "" : " with alert " + alert) + ": " + reason;
      case UNCONFIRMED:
        return "unconfirmed" + (protocol == null ? "" : " (" + protocol + ")") + ": " + reason;
      case TIMED_OUT:
        return "timed out: " + reason;
      default:
        return "not connected: " + reason;
    }
  }

  static Builder builder(InetSocketAddress address, String hostname, List<String> offeredProtocols,
      Exchange exchange) {
    return new Builder(address, hostname, offeredProtocols, exchange);
  }

  /** Collects what a probe saw; {@link Handshake} fills it in as the connection goes. Not thread-safe. */
  static final class Builder {
    final InetSocketAddress address;
    final String hostname;
    final List<String> offeredProtocols;
    final Exchange exchange;
    Outcome outcome;
    Side rejectedBy;
    TlsAlert alert;
    Reason category;
    ReasonSource reasonSource = ReasonSource.NONE;
    String reason;
    String evidence;
    String protocol;
    String cipherSuite;
    String applicationProtocol;
    Throwable failure;
    List<X509Certificate> clientCertificatesSent = List.of();
    boolean clientCertificatesKnown;
    List<X500Principal> acceptableIssuers = List.of();
    boolean certificateRequested;
    List<X509Certificate> serverCertificates = List.of();
    ServerVerdict serverVerdict;
    Step stoppedAt;
    String answer;
    Integer httpStatus;
    boolean handshakeCompleted;
    /** Step 9 in words: what the probe sent after the handshake and what came back. */
    String exchanged;
    /** The first telling line of a refusing HTTP answer's body, such as nginx's page title. */
    String bodyLine;
    /** The key manager's choice of client certificate, when the probe analysed it ({@link CertificateSelection}). */
    CertificateSelection.Analysis selection;
    /** Whether the client accepted any server certificate unchecked (a {@link CertificateSelection}). */
    boolean serverUnchecked;
    /** Whether the probe saw the client's key manager (false for a probe with an {@code SSLContext}). */
    boolean ownKeyManager;
    /** Whether the session was resumed; null when unknown. */
    Boolean resumed;

    private Builder(InetSocketAddress address, String hostname, List<String> offeredProtocols, Exchange exchange) {
      this.address = address;
      this.hostname = hostname;
      this.offeredProtocols = offeredProtocols;
      this.exchange = exchange;
    }

    Builder accepted(String evidence, Step step) {
      this.outcome = Outcome.ACCEPTED;
      this.rejectedBy = null;
      this.category = null;
      this.reason = "accepted";
      this.evidence = evidence;
      this.stoppedAt = step;
      return this;
    }

    Builder refused(Side side, TlsAlert alert, Reason category, ReasonSource source, String reason,
        String evidence, Step step) {
      this.outcome = Outcome.REFUSED;
      this.rejectedBy = side;
      this.alert = alert;
      this.category = category;
      this.reasonSource = source;
      this.reason = reason;
      this.evidence = evidence;
      this.stoppedAt = step;
      return this;
    }

    Builder undecided(Outcome outcome, String reason, String evidence, Step step) {
      this.outcome = outcome;
      this.rejectedBy = null;
      this.category = null;
      this.reason = reason;
      this.evidence = evidence;
      this.stoppedAt = step;
      return this;
    }

    HandshakeResult build() {
      return new HandshakeResult(this);
    }
  }
}
