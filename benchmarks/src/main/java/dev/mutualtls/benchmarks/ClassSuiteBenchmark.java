package dev.mutualtls.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The suite of issue 18 in one JUnit run, as one Surefire run executes it: 20 classes of 3 tests (two stubbed
 * requests, one expired client refused), with {@code @MutualTls} and by hand (WireMock with key stores in
 * temporary files). {@code *PerClass} divide one run by its 20 classes, so they state what a class costs once the
 * run is going (the first class's start included, spread over the twenty); {@code suite*} time the whole run, one
 * class at a time or in JUnit's parallel mode (classes and methods concurrent, the dynamic strategy).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ClassSuiteBenchmark {
  static final int CLASSES = 20;
  static final int TESTS = CLASSES * 3;
  static final Map<String, String> SEQUENTIAL = Map.of("junit.jupiter.execution.parallel.enabled", "false");
  static final Map<String, String> PARALLEL = Map.of(
      "junit.jupiter.execution.parallel.enabled", "true",
      "junit.jupiter.execution.parallel.mode.default", "concurrent",
      "junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
  static final Map<String, String> NO_POOL = Map.of("junit.jupiter.execution.parallel.enabled", "false",
      "mutualtls.serverPool", "false");
  /** The same suite with Ed25519 keys throughout ({@code mutualtls.keyType}). */
  static final Map<String, String> ED25519 = Map.of("junit.jupiter.execution.parallel.enabled", "false",
      "mutualtls.keyType", "ED25519");
  static final Class<?>[] MUTUALTLS = {
    M01.class, M02.class, M03.class, M04.class, M05.class, M06.class, M07.class, M08.class, M09.class, M10.class,
    M11.class, M12.class, M13.class, M14.class, M15.class, M16.class, M17.class, M18.class, M19.class, M20.class};
  static final Class<?>[] HAND_MADE = {
    H01.class, H02.class, H03.class, H04.class, H05.class, H06.class, H07.class, H08.class, H09.class, H10.class,
    H11.class, H12.class, H13.class, H14.class, H15.class, H16.class, H17.class, H18.class, H19.class, H20.class};

  @Benchmark
  @OperationsPerInvocation(CLASSES)
  public long mutualtlsPerClass() {
    return EngineRuns.run(SEQUENTIAL, TESTS, MUTUALTLS);
  }

  @Benchmark
  @OperationsPerInvocation(CLASSES)
  public long mutualtlsPerClassWithoutPool() {
    return EngineRuns.run(NO_POOL, TESTS, MUTUALTLS);
  }

  @Benchmark
  @OperationsPerInvocation(CLASSES)
  public long mutualtlsPerClassEd25519() {
    return EngineRuns.run(ED25519, TESTS, MUTUALTLS);
  }

  @Benchmark
  @OperationsPerInvocation(CLASSES)
  public long handMadePerClass() {
    return EngineRuns.run(SEQUENTIAL, TESTS, HAND_MADE);
  }

  @Benchmark
  public long suiteOneClassAtATime() {
    return EngineRuns.run(SEQUENTIAL, TESTS, MUTUALTLS);
  }

  @Benchmark
  public long suiteParallel() {
    return EngineRuns.run(PARALLEL, TESTS, MUTUALTLS);
  }

  /**
   * The hand-made suite in parallel mode. Its classes are {@code @Execution(SAME_THREAD)} (their tests share one
   * server), so JUnit runs them one after another: this measures the hand-made suite sequential.
   */
  @Benchmark
  public long handMadeSuiteParallel() {
    return EngineRuns.run(PARALLEL, TESTS, HAND_MADE);
  }

  /** A fixture: two stubbed requests and an expired client refused. */
  @MutualTls
  abstract static class MutualTlsClass {
    @Test
    void hello(MutualTlsServer server, MutualTlsClient client) {
      server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200).withBody(HandMade.BODY)));
      HandMade.getHello(client.httpClient(), server.uri("/hello"));
    }

    @Test
    void helloAgain(MutualTlsServer server, MutualTlsClient client) {
      server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200).withBody(HandMade.BODY)));
      HandMade.getHello(client.httpClient(), server.uri("/hello"));
    }

    @Test
    void expiredRefused(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
      assertThatHandshake(server.handshake(expired)).isRejectedByServer();
    }
  }

  /** A fixture: the same by hand; its tests share one server, so they run one at a time. */
  @Execution(ExecutionMode.SAME_THREAD)
  abstract static class HandMadeClass {
    static final Map<Class<?>, HandMadeClass.State> STATES = new java.util.concurrent.ConcurrentHashMap<>();

    static final class State {
      final Path dir = HandMade.tempDirectory();
      final CertificateAuthority ca = CertificateAuthority.create();
      final WireMockServer server = HandMade.wireMock(dir, ca.server(), ca);
      final HttpClient client = HandMade.httpClient(HandMade.sslContext(ca.client("client"), ca));
    }

    State state() {
      return STATES.get(getClass());
    }

    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) {
      STATES.put(info.getTestClass().orElseThrow(), new State());
    }

    @AfterAll
    static void stop(org.junit.jupiter.api.TestInfo info) {
      State state = STATES.remove(info.getTestClass().orElseThrow());
      state.server.stop();
      HandMade.delete(state.dir);
    }

    @Test
    void hello() {
      state().server.resetAll();
      state().server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200)
          .withBody(HandMade.BODY)));
      HandMade.getHello(state().client, HandMade.uri(state().server));
    }

    @Test
    void helloAgain() {
      state().server.resetAll();
      state().server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200)
          .withBody(HandMade.BODY)));
      HandMade.getHello(state().client, HandMade.uri(state().server));
    }

    @Test
    void expiredRefused() {
      SSLContext expired = HandMade.sslContext(state().ca.defective(Defect.EXPIRED), state().ca);
      HandMade.requireRefused(expired, state().server.httpsPort(), "an expired client");
    }
  }

  static class M01 extends MutualTlsClass {}

  static class M02 extends MutualTlsClass {}

  static class M03 extends MutualTlsClass {}

  static class M04 extends MutualTlsClass {}

  static class M05 extends MutualTlsClass {}

  static class M06 extends MutualTlsClass {}

  static class M07 extends MutualTlsClass {}

  static class M08 extends MutualTlsClass {}

  static class M09 extends MutualTlsClass {}

  static class M10 extends MutualTlsClass {}

  static class M11 extends MutualTlsClass {}

  static class M12 extends MutualTlsClass {}

  static class M13 extends MutualTlsClass {}

  static class M14 extends MutualTlsClass {}

  static class M15 extends MutualTlsClass {}

  static class M16 extends MutualTlsClass {}

  static class M17 extends MutualTlsClass {}

  static class M18 extends MutualTlsClass {}

  static class M19 extends MutualTlsClass {}

  static class M20 extends MutualTlsClass {}

  static class H01 extends HandMadeClass {}

  static class H02 extends HandMadeClass {}

  static class H03 extends HandMadeClass {}

  static class H04 extends HandMadeClass {}

  static class H05 extends HandMadeClass {}

  static class H06 extends HandMadeClass {}

  static class H07 extends HandMadeClass {}

  static class H08 extends HandMadeClass {}

  static class H09 extends HandMadeClass {}

  static class H10 extends HandMadeClass {}

  static class H11 extends HandMadeClass {}

  static class H12 extends HandMadeClass {}

  static class H13 extends HandMadeClass {}

  static class H14 extends HandMadeClass {}

  static class H15 extends HandMadeClass {}

  static class H16 extends HandMadeClass {}

  static class H17 extends HandMadeClass {}

  static class H18 extends HandMadeClass {}

  static class H19 extends HandMadeClass {}

  static class H20 extends HandMadeClass {}
}
