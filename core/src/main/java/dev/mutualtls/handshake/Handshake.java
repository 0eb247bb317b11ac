package dev.mutualtls.handshake;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.handshake.HandshakeResult.Step;
import dev.mutualtls.handshake.internal.AnyServerTrustManager;
import dev.mutualtls.handshake.internal.CertificateRejection;
import dev.mutualtls.handshake.internal.Failures;
import dev.mutualtls.handshake.internal.QuickAckSocket;
import dev.mutualtls.handshake.internal.RecordingKeyManager;
import dev.mutualtls.handshake.internal.RecordingTrustManager;
import dev.mutualtls.handshake.internal.Resumption;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import dev.mutualtls.pki.internal.Crypto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * A handshake probe: connects to a TLS server as a client, completes the handshake, says something after it (an
 * HTTP/1.1 request by default, see {@link Exchange}), and reports what the server did: who refused, with which
 * alert, at which step, and, where anybody said, why. It claims only what it observed.
 *
 * <pre>{@code
 * HandshakeResult result = Handshake.to(new InetSocketAddress("localhost", port)).probe(alice, ca);
 * if (!result.succeeded()) {
 *   System.out.println(result.explain());
 * }
 * }</pre>
 *
 * <p>How it decides, without waiting on a timer:
 * <ul>
 *   <li><b>Accepted</b> needs evidence: the server answered the exchange (any HTTP status but nginx's certificate
 *       refusals, an HTTP/2 SETTINGS frame, data), or the server is one of the library's and its own record says
 *       it accepted. Under TLS 1.3 a completed handshake proves nothing: the server judges the client's
 *       certificate after the client's Finished, and some servers refuse it only in their HTTP answer.</li>
 *   <li><b>Refused by the server</b>: a fatal alert; the connection ending or reset before any answer (a server
 *       that accepted would have answered); or an HTTP answer that refuses the certificate (nginx's 400 "The SSL
 *       certificate error", 495, 496). <b>Refused by the client</b>: the client's own check of the server.</li>
 *   <li><b>Unconfirmed</b>: a {@link Exchange#raw()} exchange after which the server sent neither data nor an
 *       alert. <b>Timed out</b>: the server said nothing within {@link #timeout(Duration)}, a safety net that a
 *       server on loopback never makes the probe wait out unless it hangs.</li>
 *   <li>The <b>reason</b> is known only from the library server's own record ({@link #serverView(ServerView)}),
 *       the client's own check, or an alert or answer that names it (OpenSSL's {@code certificate_expired}); a JSSE
 *       server sends {@code certificate_unknown} for every refused certificate, so against your own JSSE server
 *       the reason is unknown and {@link HandshakeResult#reason()} is empty.</li>
 * </ul>
 *
 * <p>What reaches your server: a TLS handshake from a client presenting the given certificate, then the exchange;
 * by default {@code GET / HTTP/1.1} with {@code User-Agent: mutualtls-probe} and {@code Connection: close}.
 * Thread-safe: every probe has its own socket; a {@code Handshake} itself is a builder, not to be shared while
 * being configured.
 */
public final class Handshake {
  /** The default connect, read and server-verdict timeout: a safety net, never waited out on loopback. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final InetSocketAddress address;
  private String hostname;
  private String[] protocols;
  private Duration timeout = DEFAULT_TIMEOUT;
  private ServerView serverView;
  private TrustPolicy clientPolicy = TrustPolicy.STRICT;
  private Exchange exchange = Exchange.http();

  private Handshake(InetSocketAddress address) {
    this.address = Objects.requireNonNull(address, "address");
  }

  /** Probes {@code server} with {@code client}, checking the server's certificate against {@code hostname}. */
  public static HandshakeResult probe(SSLContext client, InetSocketAddress server, String hostname) {
    return to(server).hostname(hostname).probe(client);
  }

  /**
   * Probes {@code server} presenting {@code client} (null: no certificate) and trusting {@code trusted};
   * this form also reports the CAs the server asked for and the client's view of the server's certificate.
   */
  public static HandshakeResult probe(Identity client, CertificateAuthority trusted, InetSocketAddress server,
      String hostname) {
    return to(server).hostname(hostname).probe(client, trusted);
  }

  /** A probe of {@code server} to configure: host name, protocols, timeout, the server's own view. */
  public static Handshake to(InetSocketAddress server) {
    return new Handshake(server);
  }

  /**
   * The name the client connects to: sent as SNI and checked against the server's certificate. If unset:
   * the address's host string.
   */
  public Handshake hostname(String hostname) {
    this.hostname = hostname;
    return this;
  }

  /** The protocols the client offers, such as {@code "TLSv1.2"}. If unset: the context's defaults. */
  public Handshake protocols(String... protocols) {
    this.protocols = protocols == null || protocols.length == 0 ? null : protocols.clone();
    return this;
  }

  /** The safety-net timeout for connecting, reading and waiting for the server's verdict. Default 10 s. */
  public Handshake timeout(Duration timeout) {
    if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Handshake.timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** The server's own record of connections, merged into the result when given. */
  public Handshake serverView(ServerView serverView) {
    this.serverView = serverView;
    return this;
  }

  /**
   * How the client judges the server's certificate in {@link #probe(Identity, CertificateAuthority)}. Default STRICT.
   */
  public Handshake clientPolicy(TrustPolicy policy) {
    this.clientPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * What the probe says after the handshake to learn whether the server accepted the client: an HTTP/1.1 request
   * by default ({@link Exchange#http()}); {@link Exchange#http2()} for servers that speak only HTTP/2 (gRPC);
   * {@link Exchange#raw()} for others, whose acceptance may then stay unconfirmed.
   */
  public Handshake exchange(Exchange exchange) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    return this;
  }

  /**
   * Runs the probe with a context of your own. Its client session cache lets a second probe with the same context
   * resume the session of the first, if the server agrees: see {@link HandshakeResult#resumed()}.
   */
  public HandshakeResult probe(SSLContext client) {
    return run(Objects.requireNonNull(client, "client"), null, null, false, null);
  }

  /** Runs the probe presenting {@code client} (null: no certificate) and trusting {@code trusted}. */
  public HandshakeResult probe(Identity client, CertificateAuthority trusted) {
    Objects.requireNonNull(trusted, "trusted");
    RecordingKeyManager keys = new RecordingKeyManager(client == null ? null : client.keyManager());
    RecordingTrustManager trust = new RecordingTrustManager(clientPolicy.trustManager(trusted));
    return run(context(keys, trust), keys, trust, false,
        client == null ? List.of() : List.of(new CertificateSelection.Key(client.name(), client.chain(), true)));
  }

  /**
   * Runs a handshake presenting whatever {@code client} chooses, then the exchange, and tells whether the client sent
   * a certificate and, if not, why: see {@link CertificateSelection}. The client accepts any server certificate
   * here, since the question is what the server asks of the client: point it only at servers you mean to send the
   * client's certificate to.
   */
  public CertificateSelection certificateSelection(X509KeyManager client) {
    Objects.requireNonNull(client, "client");
    return select(client, null);
  }

  /**
   * Like {@link #certificateSelection(X509KeyManager)} for the key manager that the JDK's default
   * {@code KeyManagerFactory} makes of {@code client}, as most clients do; each of its entries is checked, including
   * certificates stored without their private key.
   *
   * @throws IllegalArgumentException if a key cannot be read with {@code password}
   */
  public CertificateSelection certificateSelection(KeyStore client, char[] password) {
    Objects.requireNonNull(client, "client");
    List<CertificateSelection.Key> keys = new ArrayList<>();
    X509KeyManager manager;
    try {
      for (String alias : Collections.list(client.aliases())) {
        Certificate[] chain = client.isKeyEntry(alias) ? client.getCertificateChain(alias)
            : new Certificate[] {client.getCertificate(alias)};
        keys.add(new CertificateSelection.Key(alias, x509(chain), client.isKeyEntry(alias)
            && client.getKey(alias, password) != null));
      }
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(client, password);
      manager = (X509KeyManager) factory.getKeyManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Handshake.certificateSelection: the key store's entries must be readable"
          + " with the password given, and they are not: " + e, e);
    }
    return select(manager, keys);
  }

  private CertificateSelection select(X509KeyManager client, List<CertificateSelection.Key> keys) {
    RecordingKeyManager recorder = new RecordingKeyManager(client);
    RecordingTrustManager trust = new RecordingTrustManager(new AnyServerTrustManager());
    HandshakeResult result = run(context(recorder, trust), recorder, trust, true, keys);
    return CertificateSelection.of(result.selection, result);
  }

  private static SSLContext context(RecordingKeyManager keys, RecordingTrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, Crypto.RANDOM);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the probe's SSLContext", e);
    }
  }

  /**
   * @param selecting whether this is a {@link CertificateSelection}: any server certificate is accepted, and the key
   *     manager's choice is analysed even when it sent a certificate
   * @param held the keys the client holds, for telling why it sent none; null to list them from its key manager
   */
  private HandshakeResult run(SSLContext context, RecordingKeyManager keys, RecordingTrustManager trust,
      boolean selecting, List<CertificateSelection.Key> held) {
    String host = hostname != null ? hostname : address.getHostString();
    List<String> offered = protocols != null ? Arrays.asList(protocols)
        : Arrays.asList(context.getDefaultSSLParameters().getProtocols());
    HandshakeResult.Builder result = HandshakeResult.builder(address, host, offered, exchange);
    Instant since = Instant.now();
    Socket raw;
    int localPort;
    try {
      // TLS writes each handshake flight in several small records: with Nagle's algorithm on at either end, the
      // second waits for the other end's delayed ACK (40 ms on Linux). QuickAckSocket turns off our Nagle and our
      // delayed ACKs, so a probe does not wait on that timer whatever the server does.
      raw = new QuickAckSocket();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a socket", e);
    }
    try {
      raw.connect(address, (int) timeout.toMillis());
      localPort = raw.getLocalPort();
    } catch (IOException e) {
      closeQuietly(raw);
      result.failure = e;
      return result.undecided(Outcome.NOT_CONNECTED, "no TCP connection to " + address + ": " + e,
          "the connection attempt failed: " + e.getMessage(), Step.CONNECT).build();
    }
    Resumption sessions = Resumption.before(context);
    Conversation.Reply reply = null;
    Throwable failure = null;
    Optional<TlsAlert> unread = Optional.empty();
    // autoClose=false: after a refusal the raw socket is drained before it closes, so the peer reads our
    // alert instead of a reset (the same reason HandshakeServer drains).
    try (raw;
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, address.getPort(), false)) {
      socket.setSoTimeout((int) timeout.toMillis());
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocols != null) {
        parameters.setProtocols(protocols);
      }
      if (exchange.kind() == Exchange.Kind.HTTP2) {
        parameters.setApplicationProtocols(new String[] {"h2"});
      }
      socket.setSSLParameters(parameters);
      try {
        socket.startHandshake();
        result.handshakeCompleted = true;
        SSLSession session = socket.getSession();
        result.protocol = session.getProtocol();
        result.cipherSuite = session.getCipherSuite();
        String alpn = socket.getApplicationProtocol();
        result.applicationProtocol = alpn == null || alpn.isEmpty() ? null : alpn;
        result.clientCertificatesSent = x509(session.getLocalCertificates());
        result.serverCertificates = x509(session.getPeerCertificates());
        result.resumed = sessions.resumed(session);
        reply = Conversation.run(socket, exchange, host, address.getPort());
      } catch (IOException e) {
        failure = e;
        unread = Failures.plaintextAlert(Failures.drain(raw, HandshakeServer.DRAIN_LIMIT));
      }
    } catch (IOException e) {
      if (failure == null && !result.handshakeCompleted) {
        failure = e;
      }
    }
    ServerVerdict verdict = serverView == null ? null
        : serverView.awaitVerdict(localPort, since, timeout).orElse(null);
    if (keys != null && (selecting || keys.asked() && keys.sent().isEmpty())) {
      // Only when no certificate was sent, or when asked: listing the keys calls the key manager again.
      result.selection = new CertificateSelection.Analysis(keys, held != null ? held
          : CertificateSelection.keysOf(keys.delegate(), keys.keyTypes()), result.handshakeCompleted);
    }
    result.serverUnchecked = selecting;
    return decide(result, failure, unread, reply, keys, trust, verdict).build();
  }

  private HandshakeResult.Builder decide(HandshakeResult.Builder result, Throwable failure, Optional<TlsAlert> unread,
      Conversation.Reply reply, RecordingKeyManager keys, RecordingTrustManager trust, ServerVerdict verdict) {
    result.ownKeyManager = keys != null;
    if (keys != null) {
      result.clientCertificatesSent = keys.sent();
      result.acceptableIssuers = keys.issuers();
      result.certificateRequested = keys.asked();
    } else {
      result.certificateRequested = result.handshakeCompleted && !result.clientCertificatesSent.isEmpty();
    }
    result.clientCertificatesKnown = keys != null || result.handshakeCompleted;
    if (trust != null && !trust.serverChain().isEmpty()) {
      result.serverCertificates = trust.serverChain();
    }
    if (result.protocol == null && trust != null) {
      result.protocol = trust.protocol();
    }
    if (result.protocol == null && verdict != null) {
      result.protocol = verdict.protocol().orElse(null);
    }
    result.failure = failure != null ? failure : reply == null ? null : reply.failure();
    result.serverVerdict = verdict;
    if (reply != null && reply.answered()) {
      result.answer = reply.summary();
      result.httpStatus = reply.status();
      result.bodyLine = reply.bodyLine();
    }
    if (reply != null) {
      result.exchanged = exchanged(reply);
    }
    boolean sentNothing = result.certificateRequested && result.clientCertificatesSent.isEmpty();

    // The library's own server says what it decided: nothing on the wire is more certain.
    if (verdict != null && verdict.accepted()) {
      return result.accepted("the server's own record: it accepted the client"
          + (reply != null && reply.answered() ? ", and it answered " + exchange.request() + " with "
          + reply.summary() : ""), reply != null && reply.answered() ? Step.APPLICATION_DATA : Step.FINISHED);
    }
    if (verdict != null && verdict.refusedByServer()) {
      Reason reason = verdict.reason().orElse(Reason.OTHER);
      TlsAlert alert = verdict.alertSent().orElseGet(() -> Failures.received(result.failure).orElse(null));
      if (result.clientCertificatesSent.isEmpty() && !verdict.clientChain().isEmpty()) {
        result.clientCertificatesSent = verdict.clientChain();
      }
      return result.refused(Side.SERVER, alert, reason, HandshakeResult.ReasonSource.SERVER_RECORD,
          verdict.detail(), "the server's own record", stepForServer(reason));
    }
    if (failure != null) {
      return handshakeFailed(result, failure, unread, verdict, sentNothing, trust);
    }
    if (reply == null) {
      return result.undecided(Outcome.UNCONFIRMED, "the connection failed before the handshake completed",
          "no handshake", Step.CLIENT_HELLO);
    }
    return afterHandshake(result, reply, sentNothing);
  }

  /** The handshake itself failed: the client refused, or the server did, with or without an alert. */
  private HandshakeResult.Builder handshakeFailed(HandshakeResult.Builder result, Throwable failure,
      Optional<TlsAlert> unread, ServerVerdict verdict, boolean sentNothing, RecordingTrustManager trust) {
    String message = String.valueOf(failure.getMessage());
    Optional<TlsAlert> received = Failures.received(failure);
    boolean readAfterFailure = received.isEmpty() && unread.isPresent() && Failures.connectionLost(failure);
    CertificateRejection rejection = Failures.find(failure, CertificateRejection.class);
    if (rejection != null || received.isEmpty() && failure instanceof SSLException
        && !Failures.connectionLost(failure) && !Failures.notTls(failure)) {
      TlsAlert alert = Failures.sent(failure)
          .or(() -> verdict == null ? Optional.empty() : verdict.alertReceived()).orElse(null);
      Reason reason = rejection != null ? rejection.reason() : clientReason(message);
      String detail = rejection != null ? rejection.detail() : "the client refused: " + message;
      Step step = reason == Reason.PROTOCOL_VERSION || reason == Reason.NO_COMMON_CIPHER_SUITE
          ? Step.SERVER_HELLO : Step.CLIENT_VERIFIES_SERVER;
      return result.refused(Side.CLIENT, alert, reason, HandshakeResult.ReasonSource.CLIENT, detail,
          "the client's own check" + (alert == null ? "" : "; it sent alert " + alert), step);
    }
    boolean reachedCertificates = trust != null ? trust.checked() : result.handshakeCompleted;
    if (readAfterFailure) {
      received = unread;
    }
    if (received.isPresent()) {
      TlsAlert alert = received.get();
      Reason reason = reasonNamedBy(alert, sentNothing);
      HandshakeResult.ReasonSource source = alert == TlsAlert.HANDSHAKE_FAILURE
          ? HandshakeResult.ReasonSource.INFERRED : HandshakeResult.ReasonSource.ALERT;
      return result.refused(Side.SERVER, alert, reason, source, refusalText(alert, reason),
          "the server sent alert " + alert + " during the handshake" + (readAfterFailure
              ? " (read from the connection after the client's own write failed: " + message + ")" : ""),
          serverStep(alert, reason, reachedCertificates));
    }
    if (Failures.timedOut(failure)) {
      return result.undecided(Outcome.TIMED_OUT, "the server did not finish the handshake within " + timeout,
          "nothing from the server for " + timeout, reachedCertificates ? Step.SERVER_VERIFIES_CLIENT
              : Step.SERVER_HELLO);
    }
    if (Failures.notTls(failure)) {
      return result.refused(Side.SERVER, null, Reason.OTHER, HandshakeResult.ReasonSource.NONE,
          "the server answered the ClientHello with something that is not TLS (" + message + ")",
          "a non-TLS answer to the ClientHello", Step.SERVER_HELLO);
    }
    return result.refused(Side.SERVER, null, null, HandshakeResult.ReasonSource.NONE,
        "the server ended the connection during the handshake, without an alert the client could read ("
            + message + "); why is unknown",
        "the connection ended during the handshake (" + message + ")",
        reachedCertificates ? Step.SERVER_VERIFIES_CLIENT : Step.SERVER_HELLO);
  }

  /** The handshake completed on the client's side: the server's answer to the exchange decides. */
  private HandshakeResult.Builder afterHandshake(HandshakeResult.Builder result, Conversation.Reply reply,
      boolean sentNothing) {
    boolean tls13 = "TLSv1.3".equals(result.protocol);
    String request = exchange.request();
    switch (reply.heard()) {
      case HTTP_ANSWER: {
        String answer = request + " with " + reply.summary()
            + (reply.bodyLine() == null ? "" : " (\"" + reply.bodyLine() + "\")");
        if (refusesCertificate(reply)) {
          boolean none = reply.status() == 496 || reply.bodyLine() != null
              && reply.bodyLine().contains("No required SSL certificate");
          Reason reason = none ? Reason.NO_CERTIFICATE : null;
          return result.refused(Side.SERVER, null, reason, HandshakeResult.ReasonSource.ANSWER,
              "the server refused the certificate after the handshake, with HTTP " + reply.status()
                  + (reply.bodyLine() == null ? "" : " \"" + reply.bodyLine() + "\""),
              "the server answered " + answer, Step.APPLICATION_DATA);
        }
        return result.accepted("the server answered " + answer, Step.APPLICATION_DATA);
      }
      case HTTP2_SETTINGS:
      case HTTP2_FRAME:
      case DATA:
        return result.accepted("the server answered " + request + " with " + reply.summary(),
            Step.APPLICATION_DATA);
      case ALERT: {
        TlsAlert alert = reply.alert();
        Reason reason = reasonNamedBy(alert, sentNothing);
        HandshakeResult.ReasonSource source = alert == TlsAlert.HANDSHAKE_FAILURE
            ? HandshakeResult.ReasonSource.INFERRED : HandshakeResult.ReasonSource.ALERT;
        return result.refused(Side.SERVER, alert, reason, source, refusalText(alert, reason),
            "the server sent alert " + alert + (tls13 ? " after the client's Finished" : " after the handshake"),
            tls13 ? serverStep(alert, reason, true) : Step.APPLICATION_DATA);
      }
      case CLOSED:
      case RESET: {
        String how = reply.heard() == Conversation.Heard.RESET ? "reset the connection" : "closed the connection";
        if (exchange.kind() == Exchange.Kind.RAW) {
          return result.undecided(Outcome.UNCONFIRMED, "no alert and no data from the server after the handshake:"
              + " whether it accepted the client certificate is unconfirmed (the server " + how + ")",
              "the server " + how + " after " + request + ", without data or an alert", Step.APPLICATION_DATA);
        }
        return result.refused(Side.SERVER, null, null, HandshakeResult.ReasonSource.NONE,
            "the server " + how + " before answering " + request + ", without an alert the client could read;"
                + " a server that accepted the certificate would have answered (inferred), why it refused is unknown",
            "the server " + how + " before answering " + request + ", without an alert",
            tls13 ? Step.SERVER_VERIFIES_CLIENT : Step.APPLICATION_DATA);
      }
      case TIMED_OUT:
        return result.undecided(Outcome.TIMED_OUT, "the server did not answer " + request + " within " + timeout,
            "nothing from the server for " + timeout + " after " + request, Step.APPLICATION_DATA);
      default:
        return result.undecided(Outcome.UNCONFIRMED, "the exchange after the handshake failed on the client: "
            + reply.failure(), "a client-side failure after the handshake", Step.APPLICATION_DATA);
    }
  }

  /** Step 9 in words: what the probe sent and what came back. */
  private String exchanged(Conversation.Reply reply) {
    String sent = exchange.request();
    switch (reply.heard()) {
      case HTTP_ANSWER:
        return sent + " answered with " + reply.summary()
            + (reply.bodyLine() == null ? "" : " (\"" + reply.bodyLine() + "\")");
      case HTTP2_SETTINGS:
      case HTTP2_FRAME:
      case DATA:
        return sent + " answered with " + reply.summary();
      case ALERT:
        return sent + " sent; alert " + reply.alert() + " came back instead of an answer";
      case CLOSED:
        return sent + " sent; the server closed the connection without answering";
      case RESET:
        return sent + " sent; the server reset the connection without answering";
      case TIMED_OUT:
        return sent + " sent; no answer within " + timeout;
      default:
        return sent + ": " + reply.summary();
    }
  }

  /** nginx's refusals of a client certificate after the handshake (the ssl module's 495, 496 and its 400 pages). */
  private static boolean refusesCertificate(Conversation.Reply reply) {
    int status = reply.status();
    String body = reply.bodyLine() == null ? "" : reply.bodyLine();
    return status == 495 || status == 496
        || status == 400 && (body.contains("SSL certificate error") || body.contains("No required SSL certificate"));
  }

  private static String refusalText(TlsAlert alert, Reason reason) {
    return "the server refused with alert " + alert + (reason == null
        ? "; why is unknown: the server is not one of the library's, and the alert does not say"
        : ": " + reason.description());
  }

  private static Step stepForServer(Reason reason) {
    switch (reason) {
      case PROTOCOL_VERSION:
      case NO_COMMON_CIPHER_SUITE:
        return Step.SERVER_HELLO;
      default:
        return Step.SERVER_VERIFIES_CLIENT;
    }
  }

  /** Where a server that refused with {@code alert} stopped the handshake, as far as the client can tell. */
  private static Step serverStep(TlsAlert alert, Reason reason, boolean reachedCertificates) {
    if (reason != null) {
      return stepForServer(reason);
    }
    if (alert == TlsAlert.PROTOCOL_VERSION || alert == TlsAlert.INSUFFICIENT_SECURITY
        || alert == TlsAlert.NO_APPLICATION_PROTOCOL || !reachedCertificates) {
      return Step.SERVER_HELLO;
    }
    return Step.SERVER_VERIFIES_CLIENT;
  }

  /**
   * The reason an alert names by itself (OpenSSL's certificate_expired, unknown_ca, unsupported_certificate...), or
   * that follows from it: handshake_failure after an empty Certificate message. Null when it names none, such as a
   * JSSE server's certificate_unknown.
   */
  private static Reason reasonNamedBy(TlsAlert alert, boolean sentNothing) {
    switch (alert) {
      case CERTIFICATE_REQUIRED:
        return Reason.NO_CERTIFICATE;
      case HANDSHAKE_FAILURE:
        return sentNothing ? Reason.NO_CERTIFICATE : null;
      case PROTOCOL_VERSION:
        return Reason.PROTOCOL_VERSION;
      case CERTIFICATE_EXPIRED:
        return Reason.EXPIRED;
      case UNKNOWN_CA:
        return Reason.UNTRUSTED_ISSUER;
      case UNSUPPORTED_CERTIFICATE:
        return Reason.WRONG_EXTENDED_KEY_USAGE;
      case CERTIFICATE_REVOKED:
        return Reason.REVOKED;
      case DECRYPT_ERROR:
        return Reason.KEY_MISMATCH;
      default:
        return null;
    }
  }

  private static Reason clientReason(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
      return Reason.HOSTNAME_MISMATCH;
    }
    if (lower.contains("validity check failed")) {
      return lower.contains("certificate_expired") ? Reason.EXPIRED : Reason.NOT_YET_VALID;
    }
    if (lower.contains("path building failed")) {
      return Reason.UNTRUSTED_ISSUER;
    }
    if (lower.contains("protocol_version") || lower.contains("no appropriate protocol")) {
      return Reason.PROTOCOL_VERSION;
    }
    if (lower.contains("extended key usage")) {
      return Reason.WRONG_EXTENDED_KEY_USAGE;
    }
    return Reason.OTHER;
  }

  private static List<X509Certificate> x509(Certificate[] certificates) {
    List<X509Certificate> out = new ArrayList<>();
    if (certificates != null) {
      for (Certificate certificate : certificates) {
        out.add((X509Certificate) certificate);
      }
    }
    return out;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing was connected
    }
  }
}
