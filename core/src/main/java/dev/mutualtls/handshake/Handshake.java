package dev.mutualtls.handshake;

import dev.mutualtls.handshake.HandshakeResult.Step;
import dev.mutualtls.handshake.internal.CertificateRejection;
import dev.mutualtls.handshake.internal.Judge;
import dev.mutualtls.handshake.internal.RecordingKeyManager;
import dev.mutualtls.handshake.internal.RecordingTrustManager;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.internal.Crypto;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * A handshake probe: connects to a TLS server as a client, completes the handshake <em>and</em> waits for
 * the server's first answer (under TLS 1.3 a server refuses a client certificate only after the client's
 * handshake has finished), then says who refused, with which alert, and why.
 *
 * <pre>{@code
 * HandshakeResult result = Handshake.probe(alice.sslContext(ca), server.address(), "localhost");
 * if (!result.succeeded()) {
 *   System.out.println(result.explain());
 * }
 * }</pre>
 *
 * <p>How the probe decides, without waiting on a timer: under TLS 1.2 the handshake itself ends with the
 * server's Finished, sent only after the server accepted the client. Under TLS 1.3 the probe sends
 * close_notify after its Finished and reads: a server that accepted answers with its own close_notify (or
 * data), one that refused with an alert. Timeouts are a safety net for servers that never answer.
 * Thread-safe: every probe has its own socket.
 */
public final class Handshake {
  /** The default connect, read and server-verdict timeout: a safety net, never waited out on loopback. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_]+)");
  private static final Pattern PREFIX = Pattern.compile("^\\(([a-z_]+)\\)");

  private final InetSocketAddress address;
  private String hostname;
  private String[] protocols;
  private Duration timeout = DEFAULT_TIMEOUT;
  private ServerView serverView;
  private TrustPolicy clientPolicy = TrustPolicy.STRICT;

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

  /** How the client judges the server's certificate in {@link #probe(Identity, CertificateAuthority)}. Default STRICT. */
  public Handshake clientPolicy(TrustPolicy policy) {
    this.clientPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Runs the probe with a context of your own. */
  public HandshakeResult probe(SSLContext client) {
    return run(Objects.requireNonNull(client, "client"), null, null);
  }

  /** Runs the probe presenting {@code client} (null: no certificate) and trusting {@code trusted}. */
  public HandshakeResult probe(Identity client, CertificateAuthority trusted) {
    Objects.requireNonNull(trusted, "trusted");
    RecordingKeyManager keys = new RecordingKeyManager(client == null ? null : client.keyManager());
    RecordingTrustManager trust = new RecordingTrustManager(clientPolicy.trustManager(trusted));
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, Crypto.RANDOM);
      return run(context, keys, trust);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the probe's SSLContext", e);
    }
  }

  private HandshakeResult run(SSLContext context, RecordingKeyManager keys, RecordingTrustManager trust) {
    String host = hostname != null ? hostname : address.getHostString();
    List<String> offered = protocols != null ? Arrays.asList(protocols)
        : Arrays.asList(context.getDefaultSSLParameters().getProtocols());
    Instant since = Instant.now();
    Socket raw = new Socket();
    int localPort;
    try {
      // TLS writes each handshake flight in several small records: with Nagle's algorithm on, the second
      // waits for the peer's delayed ACK (40 ms on Linux), and a probe would wait on that timer twice.
      raw.setTcpNoDelay(true);
      raw.connect(address, (int) timeout.toMillis());
      localPort = raw.getLocalPort();
    } catch (IOException e) {
      closeQuietly(raw);
      return new HandshakeResult(address, host, offered, false, null, null, Reason.CONNECTION_FAILED,
          "no TCP connection to " + address + ": " + e, null, null, e, List.of(), false, List.of(), false, List.of(),
          null, Step.CONNECT);
    }
    String protocol = null;
    String cipherSuite = null;
    List<X509Certificate> localChain = List.of();
    List<X509Certificate> serverChain = List.of();
    boolean handshakeDone = false;
    Throwable failure = null;
    // autoClose=false: after a refusal the raw socket is drained before it closes, so the peer reads our
    // alert instead of a reset (the same reason HandshakeServer drains).
    try (raw; SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, address.getPort(), false)) {
      socket.setSoTimeout((int) timeout.toMillis());
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocols != null) {
        parameters.setProtocols(protocols);
      }
      socket.setSSLParameters(parameters);
      try {
        socket.startHandshake();
        handshakeDone = true;
        SSLSession session = socket.getSession();
        protocol = session.getProtocol();
        cipherSuite = session.getCipherSuite();
        localChain = x509(session.getLocalCertificates());
        serverChain = x509(session.getPeerCertificates());
        if ("TLSv1.3".equals(protocol)) {
          // The server judges our certificate after our Finished: its answer to close_notify tells.
          socket.shutdownOutput();
          socket.getInputStream().read();
        }
      } catch (IOException e) {
        failure = e;
        drain(raw);
      }
    } catch (IOException e) {
      if (failure == null && !handshakeDone) {
        failure = e;
      }
    }
    ServerVerdict verdict = serverView == null ? null
        : serverView.awaitVerdict(localPort, since, timeout).orElse(null);
    return decide(host, offered, protocol, cipherSuite, localChain, serverChain, handshakeDone, failure, keys,
        trust, verdict);
  }

  private HandshakeResult decide(String host, List<String> offered, String protocol, String cipherSuite,
      List<X509Certificate> localChain, List<X509Certificate> serverChain, boolean handshakeDone, Throwable failure,
      RecordingKeyManager keys, RecordingTrustManager trust, ServerVerdict verdict) {
    List<X509Certificate> sent = keys != null ? keys.sent() : localChain;
    boolean sentKnown = keys != null || handshakeDone;
    List<X500Principal> issuers = keys != null ? keys.issuers() : List.of();
    boolean requested = keys != null ? keys.asked() : handshakeDone && !localChain.isEmpty();
    List<X509Certificate> shown = trust != null && !trust.serverChain().isEmpty() ? trust.serverChain() : serverChain;
    if (protocol == null && trust != null) {
      protocol = trust.protocol();
    }
    if (protocol == null && verdict != null) {
      protocol = verdict.protocol().orElse(null);
    }

    if (failure == null && (verdict == null || verdict.accepted())) {
      return new HandshakeResult(address, host, offered, true, null, null, null, "accepted", protocol, cipherSuite,
          null, sent, sentKnown, issuers, requested, shown, verdict, Step.FINISHED);
    }
    if (verdict != null && verdict.refusedByServer()) {
      Reason reason = verdict.reason().orElse(Reason.OTHER);
      TlsAlert alert = verdict.alertSent().orElseGet(() -> receivedAlert(failure).orElse(null));
      return new HandshakeResult(address, host, offered, false, Side.SERVER, alert, reason, verdict.detail(),
          protocol, cipherSuite, failure, sent.isEmpty() && !verdict.clientChain().isEmpty() ? verdict.clientChain()
          : sent, sentKnown, issuers, requested, shown, verdict, stepForServer(reason));
    }

    // The client's own view decides: it refused, or the server refused without telling us why.
    String message = failure == null ? "" : String.valueOf(failure.getMessage());
    Optional<TlsAlert> received = receivedAlert(failure);
    CertificateRejection rejection = failure == null ? null : Judge.find(failure, CertificateRejection.class);
    boolean local = rejection != null || received.isEmpty() && failure instanceof SSLException
        && !ServerVerdict.connectionLost(failure, Judge.messages(failure));
    if (local) {
      TlsAlert alert = prefixAlert(message)
          .or(() -> verdict == null ? Optional.empty() : verdict.alertReceived()).orElse(null);
      Reason reason = rejection != null ? rejection.reason() : clientReason(message);
      String detail = rejection != null ? rejection.detail() : "the client refused: " + message;
      Step step = reason == Reason.PROTOCOL_VERSION || reason == Reason.NO_COMMON_CIPHER_SUITE
          ? Step.SERVER_HELLO : Step.CLIENT_VERIFIES_SERVER;
      return new HandshakeResult(address, host, offered, false, Side.CLIENT, alert, reason, detail, protocol,
          cipherSuite, failure, sent, sentKnown, issuers, requested, shown, verdict, step);
    }
    if (verdict != null && verdict.alertReceived().isPresent()) {
      return new HandshakeResult(address, host, offered, false, Side.CLIENT, verdict.alertReceived().get(),
          Reason.OTHER, "the client refused: " + message, protocol, cipherSuite, failure, sent, sentKnown, issuers,
          requested, shown, verdict, Step.CLIENT_VERIFIES_SERVER);
    }
    if (received.isPresent()) {
      TlsAlert alert = received.get();
      Reason reason = reasonForServerAlert(alert, protocol, requested && sent.isEmpty());
      return new HandshakeResult(address, host, offered, false, Side.SERVER, alert, reason,
          "the server refused with alert " + alert + (reason == Reason.OTHER ? "" : ": " + reason.description()),
          protocol, cipherSuite, failure, sent, sentKnown, issuers, requested, shown, verdict, stepForServer(reason));
    }
    String how = failure instanceof SocketTimeoutException
        ? "the server did not answer within " + timeout
        : failure instanceof SocketException || failure instanceof EOFException
            || message.contains("Remote host terminated")
            ? "the server closed the connection during the handshake (" + message + ") before the client could"
              + " read an alert; a server that closes without draining makes the client see a reset"
            : "the handshake failed: " + message;
    return new HandshakeResult(address, host, offered, false, Side.SERVER, null, Reason.OTHER, how, protocol,
        cipherSuite, failure, sent, sentKnown, issuers, requested, shown, verdict,
        handshakeDone ? Step.SERVER_VERIFIES_CLIENT : Step.SERVER_HELLO);
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

  /** What an alert from a server most likely means when the server is not ours to ask. */
  private static Reason reasonForServerAlert(TlsAlert alert, String protocol, boolean sentNothing) {
    switch (alert) {
      case CERTIFICATE_REQUIRED:
        return Reason.NO_CERTIFICATE;
      case HANDSHAKE_FAILURE:
        return sentNothing ? Reason.NO_CERTIFICATE : Reason.OTHER;
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
        return Reason.OTHER;
    }
  }

  private static Reason clientReason(String message) {
    String lower = message.toLowerCase(java.util.Locale.ROOT);
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

  private static Optional<TlsAlert> receivedAlert(Throwable failure) {
    if (failure == null) {
      return Optional.empty();
    }
    Matcher matcher = RECEIVED.matcher(Judge.messages(failure));
    return matcher.find() ? TlsAlert.fromRfcName(matcher.group(1)) : Optional.empty();
  }

  private static Optional<TlsAlert> prefixAlert(String message) {
    Matcher matcher = PREFIX.matcher(message);
    return matcher.find() ? TlsAlert.fromRfcName(matcher.group(1)) : Optional.empty();
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

  private static void drain(Socket raw) {
    try {
      // Half-close first: the peer, draining too, then sees end-of-stream at once instead of waiting.
      raw.shutdownOutput();
      raw.setSoTimeout((int) HandshakeServer.DRAIN_LIMIT.toMillis());
      java.io.InputStream in = raw.getInputStream();
      byte[] buffer = new byte[4096];
      long deadline = System.nanoTime() + HandshakeServer.DRAIN_LIMIT.toNanos();
      while (in.read(buffer) != -1 && System.nanoTime() < deadline) {
        // discard until the peer closes
      }
    } catch (IOException ignored) {
      // drained as far as possible
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing was connected
    }
  }
}
