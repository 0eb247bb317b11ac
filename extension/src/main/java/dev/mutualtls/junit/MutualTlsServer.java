package dev.mutualtls.junit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.global.GlobalSettings;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerContext;
import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.handshake.ServerVerdicts;
import dev.mutualtls.handshake.ServerView;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.junit.internal.MutualTlsWireMock;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A WireMock server that speaks HTTPS only, on a free loopback port, presents the CA's server identity and
 * requires a client certificate, judged with the {@link MutualTls#trustPolicy() trust policy} and, when
 * {@link MutualTls#revocation() revocation} is checked, by asking the CA's CRL or OCSP endpoint over HTTP. It
 * records its verdict on every handshake, so {@link #handshake(MutualTlsClient)} can tell why a client was refused,
 * and it tells stubs which client called through the headers of {@link ClientCertificates}.
 *
 * <pre>{@code
 * @Test
 * void greets_alice(MutualTlsServer server, @Client("alice") MutualTlsClient alice) throws Exception {
 *   server.stubFor(get("/hello").willReturn(ok("hello")));
 *   HttpResponse<String> response = alice.httpClient()
 *       .send(HttpRequest.newBuilder(server.uri("/hello")).build(), BodyHandlers.ofString());
 *   assertEquals("hello", response.body());
 * }
 * }</pre>
 *
 * <p>Lifecycle: started the first time a test (or lifecycle method) of the class asks for it (or taken from the run's
 * pool of idle servers, listening on a new port with this class's TLS context) and, when the class is done, closed
 * to every connection and given back to the pool, or stopped ({@code mutualtls.serverPool=false}, or a test that
 * used it failed); its stubs,
 * request journal, scenarios, global settings, recorded verdicts, and any {@link #rotate rotation},
 * {@link #validationTime moved clock} or {@link #trust trust change} are reset after each
 * test that used it (stubs made in {@code @BeforeAll} therefore last until the end of the first test: make them in
 * {@code @BeforeEach}). Stub files under {@code src/test/resources/mappings} are loaded, as plain WireMock does. Tests
 * that run at the same time (JUnit's parallel mode) never share a server: a test that asks while the class's
 * server is in use by another gets a server of its own, with the same CA and certificates, which later tests
 * reuse. A server injected into {@code @BeforeAll} and kept in a field is the class's first server; tests that
 * use it through the field are isolated from each other only when they run one at a time.
 *
 * <p>Stubbing and verification go straight to the server in memory ({@link #wireMock()}), so they work although
 * every HTTPS connection must present a client certificate; the admin API over HTTPS ({@code /__admin}) is
 * reachable only with one. Thread-safe.
 */
public final class MutualTlsServer implements ServerView {
  private final MutualTlsWireMock engine;
  /** Where the engine goes back when the class is done; null: the engine is stopped then. */
  private final ServerPool pool;
  private final WireMockServer server;
  private final WireMock wireMock;
  private final ServerVerdicts verdicts;
  private final ServerContext context;
  private final Identity identity;
  private final CertificateAuthority ca;
  private final TrustPolicy trustPolicy;
  private final RevocationCheck revocation;
  private final boolean revocationSoftFail;
  private final List<String> protocols;
  private final String host;
  private final String bindAddress;
  private final Consumer<HandshakeResult> probes;
  /** Set when a test that used this server failed: it is then stopped, not lent to another class. */
  private volatile boolean inDoubt;

  private MutualTlsServer(MutualTlsWireMock engine, ServerPool pool, ServerContext context, CertificateAuthority ca,
      Config.Key key, Consumer<HandshakeResult> probes) {
    this.engine = engine;
    this.pool = pool;
    this.server = engine.server();
    this.wireMock = new WireMock(server);
    this.verdicts = engine.verdicts();
    this.context = context;
    this.identity = context.identity();
    this.ca = ca;
    this.trustPolicy = key.trustPolicy;
    this.revocation = key.revocation;
    this.revocationSoftFail = key.revocationSoftFail;
    this.protocols = key.protocols;
    this.host = host(key);
    this.bindAddress = bindAddress(key);
    this.probes = probes;
  }

  /**
   * Takes an idle server for {@code key}'s protocols from {@code pool} (null: no pool), or builds one (this loads
   * most of WireMock and Jetty, and needs no key material yet), then asks {@code identity} for the identity to
   * present, then starts it judging clients of {@code ca} with a TLS context of its own: the CA may still be in the
   * making while the server is built.
   */
  static MutualTlsServer start(Supplier<Identity> identity, Supplier<CertificateAuthority> ca, Config.Key key,
      String threadName, Consumer<HandshakeResult> probes, ServerPool pool) {
    String bindAddress = bindAddress(key);
    MutualTlsWireMock engine = pool == null ? null : pool.borrow(key.protocols, bindAddress);
    ServerContext context;
    CertificateAuthority trusted;
    try {
      if (engine == null) {
        engine = MutualTlsWireMock.build(key.protocols, bindAddress, new ServerVerdicts(), threadName);
      }
      Identity presented = identity.get();
      trusted = ca.get();
      context = ServerContext.of(presented, trusted, key.trustPolicy, key.revocation, key.revocationSoftFail);
    } catch (RuntimeException | Error e) {
      if (engine != null) {
        engine.server().stop();
      }
      throw e;
    }
    if (engine.server().isRunning()) {
      try {
        engine.verdicts().clear();
        engine.resume(context.sslContext());
      } catch (RuntimeException e) {
        engine.server().stop();
        engine = MutualTlsWireMock.build(key.protocols, bindAddress, new ServerVerdicts(), threadName);
        engine.start(context.sslContext());
      }
    } else {
      engine.start(context.sslContext());
    }
    return new MutualTlsServer(engine, pool, context, trusted, key, probes);
  }

  /** The host of {@link #baseUri()}: the first loopback name the server certificate is issued for. */
  private static String host(Config.Key key) {
    if (key.hostnames.contains("localhost")) {
      return "localhost";
    }
    if (key.hostnames.contains("127.0.0.1")) {
      return "127.0.0.1";
    }
    return key.hostnames.contains("::1") ? "[::1]" : "localhost";
  }

  private static String bindAddress(Config.Key key) {
    return "[::1]".equals(host(key)) ? "::1" : "127.0.0.1";
  }

  /** {@code https://localhost:<port>} (the first loopback name among the server's host names). */
  public URI baseUri() {
    return URI.create("https://" + host + ":" + port());
  }

  /** {@code path} on this server, such as {@code uri("/hello")}; a missing leading slash is added. */
  public URI uri(String path) {
    Objects.requireNonNull(path, "path");
    return URI.create(baseUri() + (path.startsWith("/") ? path : "/" + path));
  }

  /** The HTTPS port. */
  public int port() {
    return server.httpsPort();
  }

  /** The loopback address and port the server listens on. */
  public InetSocketAddress address() {
    return new InetSocketAddress(bindAddress, port());
  }

  /** Adds a stub: {@code server.stubFor(get("/hello").willReturn(ok("hi")))}. */
  public StubMapping stubFor(MappingBuilder stub) {
    return server.stubFor(stub);
  }

  /** Verifies that at least one request matched {@code pattern}. */
  public void verify(RequestPatternBuilder pattern) {
    server.verify(pattern);
  }

  /** Verifies that exactly {@code count} requests matched {@code pattern}. */
  public void verify(int count, RequestPatternBuilder pattern) {
    server.verify(count, pattern);
  }

  /**
   * A WireMock client bound to this server in memory, for everything WireMock offers (stubs, scenarios,
   * verification, the request journal): no HTTP, so no client certificate needed.
   */
  public WireMock wireMock() {
    return wireMock;
  }

  /** Every request recorded since the test began whose client certificate has the common name {@code commonName}. */
  public List<LoggedRequest> requestsFrom(String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    return server.getAllServeEvents().stream().map(event -> event.getRequest())
        .filter(request -> ClientCertificates.commonNameOf(request).filter(commonName::equals).isPresent())
        .collect(Collectors.toList());
  }

  /** The identity (certificate chain and key) this server presents to new connections. */
  public Identity identity() {
    return context.identity();
  }

  /**
   * Presents {@code identity} from the next connection on: connections already open, and clients that resume a
   * session made before (as {@link MutualTlsClient#httpClient()} does with its pooled connections), keep the
   * certificate they got. Lasts until the end of the test; the next test gets the server's first identity back.
   */
  public void rotate(Identity identity) {
    context.rotate(Objects.requireNonNull(identity, "identity"));
  }

  /**
   * Judges client certificates as of {@code instant} from the next handshake on, instead of the current time: a
   * client whose certificate expires in an hour is refused with {@link dev.mutualtls.handshake.Reason#EXPIRED}
   * once the server's time is tomorrow. Resumed sessions are not judged again (see
   * {@link HandshakeResult#resumed()}). Lasts until {@link #validationTimeNow()} or the end of the test.
   */
  public void validationTime(Instant instant) {
    context.validationTime(Objects.requireNonNull(instant, "instant"));
  }

  /** Judges client certificates as of the current time again, the default. */
  public void validationTimeNow() {
    context.validationTimeNow();
  }

  /**
   * Trusts client certificates of the hierarchies of {@code first} and {@code more} from the next handshake on,
   * instead of {@link #certificateAuthority()}'s alone: for a root rollover, trust the old and the new root, then
   * the new one. Lasts until the end of the test.
   */
  public void trust(CertificateAuthority first, CertificateAuthority... more) {
    context.trust(first, more);
  }

  /** The CA whose hierarchy this server trusts and whose root signed {@link #identity()}. */
  public CertificateAuthority certificateAuthority() {
    return ca;
  }

  /** How this server judges client certificates. */
  public TrustPolicy trustPolicy() {
    return trustPolicy;
  }

  /**
   * How this server checks that client certificates are not revoked: {@link RevocationCheck#NONE} (no request
   * over the network), or by fetching the CRL or asking the OCSP responder of the CA's revocation endpoint.
   */
  public RevocationCheck revocation() {
    return revocation;
  }

  /**
   * Whether a client whose revocation status cannot be determined is accepted (soft-fail) rather than refused
   * with {@link dev.mutualtls.handshake.Reason#REVOCATION_UNKNOWN}; always false when {@link #revocation()} is
   * {@code NONE}.
   */
  public boolean revocationSoftFail() {
    return revocationSoftFail;
  }

  /** The TLS versions this server accepts. */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * Probes this server as {@code client} and merges the server's own verdict: who refused, with which alert, for
   * which {@link dev.mutualtls.handshake.Reason}. The probe's HTTP request after the handshake is answered by the
   * server itself, before WireMock: it never matches a stub, never enters the request journal and never counts in
   * {@link #verify}. Never waits on a timer; never throws for a refusal.
   */
  public HandshakeResult handshake(MutualTlsClient client) {
    Objects.requireNonNull(client, "client");
    HandshakeResult result = Handshake.to(address()).hostname(host.replace("[", "").replace("]", ""))
        .serverView(this)
        .probe(client.presentsCertificate() ? client.identity() : null, client.certificateAuthority());
    probes.accept(result);
    return result;
  }

  /** The server's verdicts on the handshakes of the current test, oldest first. */
  public List<ServerVerdict> verdicts() {
    return verdicts.all();
  }

  /**
   * This server's verdict on the connection from the client port {@code clientPort} reached at or after
   * {@code since}, waiting up to {@code timeout} for it; for probes of your own
   * ({@code Handshake.to(server.address()).serverView(server)...}).
   */
  @Override
  public Optional<ServerVerdict> awaitVerdict(int clientPort, Instant since, Duration timeout) {
    return verdicts.awaitVerdict(clientPort, since, timeout);
  }

  /**
   * Forgets stubs (back to those loaded from {@code src/test/resources/mappings}, if any), recorded requests,
   * scenarios, global settings (such as a fixed delay), rotations, a moved validation time, trust changes and
   * verdicts.
   */
  void reset() {
    server.resetAll();
    server.updateGlobalSettings(GlobalSettings.defaults());
    context.rotate(identity);
    context.validationTimeNow();
    context.trust(ca);
    verdicts.clear();
  }

  /**
   * Done with this server: back to the pool, closed to every connection and forgotten by WireMock, when there is a
   * pool and that works; stopped otherwise.
   */
  void stop() {
    if (pool == null || inDoubt) {
      server.stop();
      return;
    }
    boolean clean;
    try {
      engine.park();
      server.resetAll();
      server.updateGlobalSettings(GlobalSettings.defaults());
      verdicts.clear();
      clean = server.isRunning();
    } catch (RuntimeException e) {
      clean = false;
    }
    pool.giveBack(engine, protocols, bindAddress, clean);
  }

  /** The Jetty and WireMock underneath, which the pool lends from class to class; for tests. */
  Object engine() {
    return engine;
  }

  /** Marks this server in doubt, after a failure of a test that used it: when its class is done, it is stopped. */
  void markInDoubt() {
    inDoubt = true;
  }

  /** Stops this server for good, in doubt after a failure: never back to the pool. */
  void discard() {
    server.stop();
  }

  /** The base URI, trust policy, revocation check and protocols, for diagnostics. */
  @Override
  public String toString() {
    return "MutualTlsServer{" + (server.isRunning() ? baseUri().toString() : "stopped") + ", " + trustPolicy + ", "
        + "revocation " + revocation + (revocationSoftFail ? " (soft-fail)" : "") + ", " + protocols + "}";
  }
}
