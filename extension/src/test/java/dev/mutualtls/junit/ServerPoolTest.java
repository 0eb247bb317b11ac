package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.HandshakeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The server pool: classes of one run lend each other started servers, and never see each other's stubs, requests,
 * verdicts, certificates or connections. One test at a time: two tests here run the same fixture classes, whose
 * server threads the others count by name.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ServerPoolTest {
  static final int CLASSES = 12;
  static final int TESTS_PER_CLASS = 3;
  static final int PARALLELISM = 4;
  /** What the first class of {@link #aClassTakesUpTheServerOfTheOneBeforeAndNothingOfItsState} leaves behind. */
  static volatile HttpClient leftOpen;
  static volatile URI leftUri;

  @Test
  void aClassTakesUpTheServerOfTheOneBeforeAndNothingOfItsState() {
    EngineExecutionResults results = EngineRuns.run(First.class, Second.class);
    assertAllPassed(results, 2);
    List<String> engines = entries(results, "engine");
    assertThat(engines).hasSize(2);
    assertThat(engines.get(1)).as("the second class's server").isEqualTo(engines.get(0));
    assertThat(Probes.threadsStartingWith("mutualtls-First")).isEmpty();
  }

  @Test
  void aClassWithAFailedTestStopsItsServerInsteadOfLendingIt() {
    EngineExecutionResults results = EngineRuns.run(FailsATest.class, Next.class);
    results.testEvents().assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
    List<String> engines = entries(results, "engine");
    assertThat(engines).hasSize(2).doesNotHaveDuplicates();
    assertThat(Probes.threadsStartingWith("mutualtls-FailsATest")).isEmpty();
  }

  @Test
  void aClassThatFailsOutsideItsTestsStopsItsServerInsteadOfLendingIt() {
    EngineExecutionResults results = EngineRuns.run(FailsInBeforeAll.class, Next.class);
    results.containerEvents().assertStatistics(stats -> stats.failed(1));
    List<String> engines = entries(results, "engine");
    assertThat(engines).hasSize(2).doesNotHaveDuplicates();
    assertThat(Probes.threadsStartingWith("mutualtls-FailsInBeforeAll")).isEmpty();
  }

  @Test
  void turnedOffEachClassStartsItsOwnServer() {
    EngineExecutionResults results = EngineRuns.run(Map.of(Config.SERVER_POOL, "false"), First.class, Second.class);
    assertAllPassed(results, 2);
    List<String> engines = entries(results, "engine");
    assertThat(engines).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void classesRunningConcurrentlyShareServersOneAtATimeWithoutCrossTalk() {
    Map<String, String> parallel = new HashMap<>(Map.of(
        "mutualtls.httpTimeout", "PT60S",
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(PARALLELISM),
        "junit.jupiter.execution.parallel.config.fixed.max-pool-size", String.valueOf(PARALLELISM),
        "junit.jupiter.execution.parallel.config.fixed.saturate", "true"));
    EngineExecutionResults results = EngineRuns.run(parallel, Pooled01.class, Pooled02.class, Pooled03.class,
        Pooled04.class, Pooled05.class, Pooled06.class, Pooled07.class, Pooled08.class, Pooled09.class,
        Pooled10.class, Pooled11.class, Pooled12.class);
    assertAllPassed(results, CLASSES * TESTS_PER_CLASS);
    Set<String> engines = entries(results, "engine").stream().collect(Collectors.toSet());
    System.out.printf("%d classes x %d tests, %d at a time, used %d servers%n", CLASSES, TESTS_PER_CLASS,
        PARALLELISM, engines.size());
    assertThat(engines).as("servers started").hasSizeLessThanOrEqualTo(PARALLELISM);
    assertThat(Set.copyOf(entries(results, "ca"))).as("each class its own CA, minted ahead or not").hasSize(CLASSES);
    assertThat(Probes.threadsStartingWith("mutualtls-Pooled")).isEmpty();
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class First {
    @Test
    void leavesStubsRequestsVerdictsAndAnOpenConnection(MutualTlsServer server,
        @Client("alice") MutualTlsClient alice, TestReporter reporter) throws Exception {
      reporter.publishEntry("engine", String.valueOf(System.identityHashCode(server.engine())));
      server.stubFor(get("/first").willReturn(ok("first")));
      HttpClient client = HttpClient.newBuilder().sslContext(alice.sslContext())
          .connectTimeout(Duration.ofSeconds(10)).build();
      leftUri = server.uri("/first");
      assertThat(client.send(HttpRequest.newBuilder(leftUri).build(), BodyHandlers.ofString()).body())
          .isEqualTo("first");
      leftOpen = client;
      assertThat(server.verdicts()).isNotEmpty();
    }
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class FailsATest {
    @Test
    void fails(MutualTlsServer server, @Client("alice") MutualTlsClient alice, TestReporter reporter) {
      reporter.publishEntry("engine", String.valueOf(System.identityHashCode(server.engine())));
      server.stubFor(get("/failing").willReturn(ok("failing")));
      throw new AssertionError("on purpose");
    }
  }

  @MutualTls
  @Tag("fixture")
  static class FailsInBeforeAll {
    @BeforeAll
    static void fails(MutualTlsServer server, TestReporter reporter) {
      reporter.publishEntry("engine", String.valueOf(System.identityHashCode(server.engine())));
      throw new AssertionError("on purpose");
    }

    @Test
    void neverRuns() {}
  }

  @MutualTls
  @Tag("fixture")
  static class Next {
    @Test
    void startsClean(MutualTlsServer server, TestReporter reporter) {
      reporter.publishEntry("engine", String.valueOf(System.identityHashCode(server.engine())));
      assertThat(server.wireMock().allStubMappings().getMappings()).isEmpty();
      assertThat(server.wireMock().getServeEvents()).isEmpty();
    }
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class Second {
    @Test
    void seesNoneOfIt(MutualTlsServer server, @Client("alice") MutualTlsClient alice, TestReporter reporter)
        throws Exception {
      reporter.publishEntry("engine", String.valueOf(System.identityHashCode(server.engine())));
      assertThat(server.wireMock().allStubMappings().getMappings()).isEmpty();
      assertThat(server.wireMock().getServeEvents()).isEmpty();
      assertThat(server.verdicts()).isEmpty();
      // The first class's client, its connection kept alive, reaches neither its old address nor this server.
      assertThatThrownBy(() -> leftOpen.send(HttpRequest.newBuilder(leftUri).build(), BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> leftOpen.send(HttpRequest.newBuilder(server.uri("/first")).build(),
          BodyHandlers.ofString())).isInstanceOf(IOException.class);
      assertThat(server.wireMock().getServeEvents()).isEmpty();
      assertThat(Probes.serialPresentedOn(server.port()))
          .isEqualTo(server.identity().certificate().getSerialNumber().toString());
      assertThat(server.verdicts()).allSatisfy(verdict -> assertThat(verdict.accepted()).isFalse());
      server.stubFor(get("/second").willReturn(ok("second")));
      assertThat(Probes.get(alice, server, "/second").body()).isEqualTo("second");
    }
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  @TestMethodOrder(MethodOrderer.MethodName.class)
  abstract static class Pooled {
    @RepeatedTest(TESTS_PER_CLASS)
    void seesOnlyItsOwnState(MutualTlsServer server, @Client("alice") MutualTlsClient alice, TestInfo info,
        TestReporter reporter) throws Exception {
      String me = getClass().getSimpleName() + "-" + info.getDisplayName().replaceAll("\\D", "");
      reporter.publishEntry("engine", String.valueOf(System.identityHashCode(server.engine())));
      reporter.publishEntry("ca", server.certificateAuthority().certificate().getSerialNumber().toString());
      assertThat(server.wireMock().allStubMappings().getMappings()).isEmpty();
      assertThat(server.wireMock().getServeEvents()).isEmpty();
      assertThat(server.verdicts()).isEmpty();
      assertThat(server.certificateAuthority()).isSameAs(alice.certificateAuthority());
      server.stubFor(get("/" + me).willReturn(ok(me)));
      for (int i = 0; i < 2; i++) {
        assertThat(Probes.get(alice, server, "/" + me).body()).isEqualTo(me);
      }
      assertThat(server.wireMock().getServeEvents()).hasSize(2)
          .allSatisfy(event -> assertThat(event.getRequest().getUrl()).isEqualTo("/" + me));
      assertThat(server.requestsFrom("alice")).hasSize(2);
      HandshakeResult probe = server.handshake(alice);
      assertThat(probe.succeeded()).as(probe.explain()).isTrue();
      assertThat(probe.serverSerial()).contains(server.identity().certificate().getSerialNumber());
      // Every verdict (the probe's, and the HTTP client's handshake unless it kept a connection of an earlier test
      // of this class) is on this class's alice.
      assertThat(server.verdicts()).isNotEmpty().allSatisfy(verdict -> {
        List<X509Certificate> chain = verdict.clientChain();
        assertThat(chain).as("client chain of %s", verdict).isNotEmpty();
        assertThat(chain.get(0)).isEqualTo(alice.identity().certificate());
      });
    }
  }

  static class Pooled01 extends Pooled {}

  static class Pooled02 extends Pooled {}

  static class Pooled03 extends Pooled {}

  static class Pooled04 extends Pooled {}

  static class Pooled05 extends Pooled {}

  static class Pooled06 extends Pooled {}

  static class Pooled07 extends Pooled {}

  static class Pooled08 extends Pooled {}

  static class Pooled09 extends Pooled {}

  static class Pooled10 extends Pooled {}

  static class Pooled11 extends Pooled {}

  static class Pooled12 extends Pooled {}

}
