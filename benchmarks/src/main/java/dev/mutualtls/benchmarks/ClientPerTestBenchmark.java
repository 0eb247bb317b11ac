package dev.mutualtls.benchmarks;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mutualtls.handshake.HttpClients;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each test of a suite pays for its own client against a server that is already running (WireMock
 * configured by hand for mutual TLS): a client {@code SSLContext}, a new {@code HttpClient}, and one GET
 * whose handshake presents the client certificate. The hand-made peer builds its context through PKCS#12
 * key stores; mutualtls builds it directly, and, where a test allows it, shares one context per class so
 * that the TLS session resumes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ClientPerTestBenchmark {
  private Path dir;
  private CertificateAuthority ca;
  private WireMockServer server;
  private URI uri;
  private Identity client;
  private SSLContext sharedContext;
  private HttpClient keptAlive;

  @Setup
  public void setUp() {
    dir = HandMade.tempDirectory();
    ca = CertificateAuthority.create();
    server = HandMade.wireMock(dir, ca.server(), ca);
    uri = HandMade.uri(server);
    client = ca.client("client");
    sharedContext = client.sslContext(ca);
    keptAlive = HttpClients.create(sharedContext);
  }

  @TearDown
  public void tearDown() {
    server.stop();
    HandMade.delete(dir);
  }

  /** PKCS#12 key and trust stores, the JDK's factories, a new HttpClient, a full handshake. */
  @Benchmark
  public String handMade() {
    return HandMade.getHello(HandMade.httpClient(HandMade.sslContext(client, ca)), uri);
  }

  /** A new context from the identity (no key stores), a new HttpClient, a full handshake. */
  @Benchmark
  public String mutualtlsFreshContext() {
    return HandMade.getHello(HttpClients.create(client.sslContext(ca)), uri);
  }

  /** A new client identity minted for the test, its context, a new HttpClient, a full handshake. */
  @Benchmark
  public String mutualtlsNewIdentity() {
    return HandMade.getHello(HttpClients.create(ca.client("test").sslContext(ca)), uri);
  }

  /** The class's context shared by its tests, a new HttpClient: the TLS session resumes. */
  @Benchmark
  public String mutualtlsSharedContext() {
    return HandMade.getHello(HttpClients.create(sharedContext), uri);
  }

  /** For scale: one more request on a kept-alive connection. */
  @Benchmark
  public String keptAliveConnection() {
    return HandMade.getHello(keptAlive, uri);
  }
}
