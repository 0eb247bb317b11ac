package dev.mutualtls.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a test class pays for its mutual-TLS server: certificates for a CA, the server and a client, the
 * server started, the first mutual-TLS request answered, the server stopped. {@code *FirstInJvm} measure
 * the first class in a fresh JVM (class loading included: one shot per fork); the others every later
 * class. WireMock is configured by hand as its documentation shows, with key stores written to temporary
 * files; the JDK's {@code HttpsServer} takes an {@code SSLContext} built from in-memory key stores.
 *
 * <p>{@code mutualtls} runs a one-test {@code @MutualTls} class through JUnit Jupiter ({@code EngineTestKit}),
 * the only public way to start a {@code MutualTlsServer}; its peer {@code wireMockByHandClass} runs a one-test
 * class doing {@link #wireMockByHand()}'s work through the same engine, so the ratio leaves out JUnit's own cost.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ServerStartBenchmark {

  @Benchmark
  public String wireMockByHand() {
    return wireMockRoundTrip();
  }

  static String wireMockRoundTrip() {
    Path dir = HandMade.tempDirectory();
    CertificateAuthority ca = CertificateAuthority.create();
    Identity client = ca.client("client");
    WireMockServer server = HandMade.wireMock(dir, ca.server(), ca);
    try {
      return HandMade.getHello(HandMade.httpClient(HandMade.sslContext(client, ca)), HandMade.uri(server));
    } finally {
      server.stop();
      HandMade.delete(dir);
    }
  }

  @Benchmark
  public String jdkHttpsServer() {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity client = ca.client("client");
    HttpsServer server = HandMade.jdkHttpsServer(HandMade.sslContext(ca.server(), ca));
    try {
      return HandMade.getHello(HandMade.httpClient(HandMade.sslContext(client, ca)), HandMade.uri(server));
    } finally {
      server.stop(0);
    }
  }

  @Benchmark
  public long mutualtls() {
    return EngineRuns.run(WithMutualTls.class, 1);
  }

  @Benchmark
  public long wireMockByHandClass() {
    return EngineRuns.run(WireMockByHandClass.class, 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public String wireMockByHandFirstInJvm() {
    return wireMockByHand();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public String jdkHttpsServerFirstInJvm() {
    return jdkHttpsServer();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public long mutualtlsFirstInJvm() {
    return mutualtls();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public long wireMockByHandClassFirstInJvm() {
    return wireMockByHandClass();
  }

  /** A fixture, not a test Surefire runs: the class's server, stubbed, and one GET by the default client. */
  @MutualTls
  static class WithMutualTls {
    @Test
    void oneRequest(MutualTlsServer server, MutualTlsClient client) {
      server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200).withBody(HandMade.BODY)));
      HandMade.getHello(client.httpClient(), server.uri("/hello"));
    }
  }

  /** A fixture: the same test with WireMock configured by hand. */
  static class WireMockByHandClass {
    @Test
    void oneRequest() {
      wireMockRoundTrip();
    }
  }
}
