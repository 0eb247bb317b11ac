package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.Failures;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain TLS server on a free loopback port that requires a client certificate, judges it with a
 * {@link TrustPolicy}, records its verdict per connection, answers an accepted client's HTTP/1.x request with
 * {@code 200 OK} and the client's subject, and echoes anything else an accepted client sends.
 * It is the reference peer for {@link Handshake} and for testing clients.
 *
 * <p>After refusing a handshake it drains what the client still sends (until the client closes, at most
 * {@link #DRAIN_LIMIT}) before closing: a server that closes at once makes the kernel reset the
 * connection, and a TLS 1.2 client then often sees "Broken pipe" instead of the alert. Thread-safe;
 * close it to stop.
 *
 * <p>Started with an identity or a {@link ServerContext}, it can change while it runs, taking effect from the next
 * handshake: {@link #rotate} the certificate it presents, judge clients as of another instant
 * ({@link #validationTime(Instant)}), and {@link #trust} other roots.
 *
 * <pre>{@code
 * try (HandshakeServer server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT)) {
 *   HandshakeResult result = server.probe(ca.defective(Defect.EXPIRED), ca);
 *   // result.rejectedBy() == SERVER, result.reason() == EXPIRED
 * }
 * }</pre>
 */
public final class HandshakeServer implements ServerView, AutoCloseable {
  /** The longest a refused connection is drained before it is closed. */
  public static final Duration DRAIN_LIMIT = Duration.ofMillis(500);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Pattern HTTP_REQUEST = Pattern.compile("^[A-Z]+ \\S+ HTTP/1\\.[01]\r\n");

  private final ServerSocket listener;
  private final SSLSocketFactory factory;
  private final String[] protocols;
  private final ServerVerdicts verdicts = new ServerVerdicts();
  private final ExecutorService workers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ServerContext material;

  private HandshakeServer(SSLContext context, ServerContext material, String[] protocols) throws IOException {
    this.material = material;
    this.factory = context.getSocketFactory();
    this.protocols = protocols;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int id = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory daemons = runnable -> {
      Thread thread = new Thread(runnable, "mutualtls-handshake-server-" + id + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.workers = Executors.newCachedThreadPool(daemons);
    workers.execute(this::acceptLoop);
  }

  /**
   * Starts a server presenting {@code identity}, validating clients against {@code trusted} with
   * {@code policy}, over TLSv1.3 and TLSv1.2, or only the {@code protocols} given.
   */
  public static HandshakeServer start(Identity identity, CertificateAuthority trusted, TrustPolicy policy,
      String... protocols) {
    ServerContext material = ServerContext.of(identity, trusted, policy, RevocationCheck.NONE, false);
    return start(material.sslContext(), material, protocols);
  }

  /**
   * Starts a server with a context of your own: its key manager presents, its trust manager decides. Such a server
   * cannot {@link #rotate} or move its {@link #validationTime(Instant) validation time}; build the context with
   * {@link ServerContext} for that.
   */
  public static HandshakeServer start(SSLContext context, String... protocols) {
    return start(context, null, protocols);
  }

  /** Starts a server presenting and judging as {@code context} says, which it can rotate and move in time. */
  public static HandshakeServer start(ServerContext context, String... protocols) {
    return start(context.sslContext(), context, protocols);
  }

  private static HandshakeServer start(SSLContext context, ServerContext material, String... protocols) {
    try {
      return new HandshakeServer(Objects.requireNonNull(context, "context"), material,
          protocols == null || protocols.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : protocols.clone());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a loopback server socket", e);
    }
  }

  /**
   * Presents {@code identity} from the next handshake on; connections already open keep theirs. See
   * {@link ServerContext#rotate(Identity)}.
   *
   * @throws IllegalStateException if the server was started with an {@code SSLContext} of your own
   */
  public void rotate(Identity identity) {
    material("rotate").rotate(identity);
  }

  /**
   * Judges client certificates as of {@code instant} from the next handshake on, instead of the current time: a
   * client whose certificate expires tomorrow is refused with {@link Reason#EXPIRED} once the server's time is the
   * day after. See {@link ServerContext#validationTime(Instant)}.
   *
   * @throws IllegalStateException if the server was started with an {@code SSLContext} of your own
   */
  public void validationTime(Instant instant) {
    material("validationTime").validationTime(instant);
  }

  /** Judges client certificates as of the current time again, the default. */
  public void validationTimeNow() {
    material("validationTimeNow").validationTimeNow();
  }

  /**
   * Trusts client certificates of the hierarchies of {@code first} and {@code more} from the next handshake on,
   * instead of those trusted so far. See {@link ServerContext#trust(CertificateAuthority, CertificateAuthority...)}.
   *
   * @throws IllegalStateException if the server was started with an {@code SSLContext} of your own
   */
  public void trust(CertificateAuthority first, CertificateAuthority... more) {
    material("trust").trust(first, more);
  }

  /** The identity new handshakes get; empty for a server started with an {@code SSLContext} of your own. */
  public Optional<Identity> identity() {
    return Optional.ofNullable(material).map(ServerContext::identity);
  }

  private ServerContext material(String method) {
    if (material == null) {
      throw new IllegalStateException("HandshakeServer." + method + ": this server was started with an SSLContext"
          + " of your own, whose key and trust managers it cannot change; start it with an Identity or a"
          + " ServerContext instead");
    }
    return material;
  }

  /** The loopback address and port clients connect to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** The port. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Probes this server as {@code client} (null: no certificate), trusting {@code trusted}; merged with this server's
   * verdict.
   */
  public HandshakeResult probe(Identity client, CertificateAuthority trusted) {
    return Handshake.to(address()).hostname("localhost").serverView(this).probe(client, trusted);
  }

  /** The verdicts so far, oldest first. */
  public List<ServerVerdict> verdicts() {
    return verdicts.all();
  }

  @Override
  public Optional<ServerVerdict> awaitVerdict(int clientPort, Instant since, Duration timeout) {
    return verdicts.awaitVerdict(clientPort, since, timeout);
  }

  /** The newest verdict that matches, waiting up to {@code timeout} for it (for clients run as processes). */
  public Optional<ServerVerdict> awaitVerdict(Predicate<ServerVerdict> matching, Duration timeout) {
    return verdicts.await(matching, timeout);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        workers.execute(() -> serve(socket));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket raw) {
    int clientPort = raw.getPort();
    open.add(raw);
    try (raw) {
      // No Nagle: small TLS records must not wait for the client's delayed ACK (see Handshake.run).
      raw.setTcpNoDelay(true);
      SSLSocket ssl = (SSLSocket) factory.createSocket(raw, null, false);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setNeedClientAuth(true);
      parameters.setProtocols(protocols);
      ssl.setSSLParameters(parameters);
      ssl.setUseClientMode(false);
      try {
        ssl.startHandshake();
      } catch (IOException failure) {
        verdicts.record(ServerVerdict.failed(clientPort, null, failure));
        Failures.drain(raw, DRAIN_LIMIT);
        return;
      }
      List<X509Certificate> chain = peerChain(ssl);
      verdicts.record(ServerVerdict.accepted(clientPort, ssl.getSession().getProtocol(), chain));
      answer(ssl, chain);
    } catch (IOException ignored) {
      // the client went away; its probe reports what it saw
    } finally {
      open.remove(raw);
    }
  }

  private static List<X509Certificate> peerChain(SSLSocket ssl) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate certificate : ssl.getSession().getPeerCertificates()) {
        chain.add((X509Certificate) certificate);
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate: only possible if client authentication is not required
    }
    return chain;
  }

  /**
   * Answers an HTTP/1.x request with {@code 200 OK} and the client's subject, then closes; echoes anything else
   * until the client closes.
   */
  private static void answer(SSLSocket ssl, List<X509Certificate> clientChain) throws IOException {
    ssl.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    InputStream in = ssl.getInputStream();
    OutputStream out = ssl.getOutputStream();
    byte[] buffer = new byte[8192];
    int n = in.read(buffer);
    if (n < 0) {
      ssl.close();
      return;
    }
    String start = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    if (HTTP_REQUEST.matcher(start).find()) {
      while (!start.contains("\r\n\r\n") && start.length() < 16 * 1024 && (n = in.read(buffer)) != -1) {
        start += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
      }
      String body = "hello " + (clientChain.isEmpty() ? "(no client certificate)"
          : clientChain.get(0).getSubjectX500Principal().getName()) + "\n";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      ssl.close();
      return;
    }
    try {
      do {
        out.write(buffer, 0, n);
        out.flush();
      } while ((n = in.read(buffer)) != -1);
    } catch (SocketException e) {
      return;
    }
    ssl.close();
  }

  /** Stops accepting, ends every connection, and waits for its threads to end. */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    workers.shutdownNow();
    try {
      // Its threads end in microseconds once their sockets are closed; a stopped server leaves none behind.
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "HandshakeServer{" + address() + "}";
  }
}
