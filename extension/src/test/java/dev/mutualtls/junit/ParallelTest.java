package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.entries;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Sixteen @MutualTls classes at once, their methods concurrent too: no port clash, no cross-talk between servers
 * or between tests of one class, and no server thread left afterwards.
 */
class ParallelTest {
  static final int CLASSES = 16;
  static final int TESTS_PER_CLASS = 4;
  /** Holds every class in its {@code @BeforeAll}, with its server started, until all sixteen are there. */
  static final CyclicBarrier ALL_CLASSES_STARTED = new CyclicBarrier(CLASSES);

  @Test
  void sixteenClassesRunConcurrentlyWithoutClashOrCrossTalk() {
    // 64 tests, 24 at a time, each starting TLS connections: under a load of 25 on two cores a request once waited
    // longer than the default 10 s. What is claimed here is isolation, not speed: the safety net is a minute.
    EngineExecutionResults results = EngineRuns.run(Map.of(
        "mutualtls.httpTimeout", "PT60S",
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "24"),
        Parallel01.class, Parallel02.class, Parallel03.class, Parallel04.class, Parallel05.class, Parallel06.class,
        Parallel07.class, Parallel08.class, Parallel09.class, Parallel10.class, Parallel11.class, Parallel12.class,
        Parallel13.class, Parallel14.class, Parallel15.class, Parallel16.class);
    assertAllPassed(results, CLASSES * TESTS_PER_CLASS);
    List<String> classPorts = entries(results, "classPort");
    assertThat(classPorts).hasSize(CLASSES).doesNotHaveDuplicates();
    Map<String, Set<String>> classesByServer = entries(results, "testServer").stream().collect(
        Collectors.groupingBy(entry -> entry.split(":")[1], Collectors.mapping(entry -> entry.split(":")[0],
            Collectors.toSet())));
    assertThat(classesByServer.values()).as("classes per server").allSatisfy(classes -> assertThat(classes).hasSize(1));
    assertThat(classesByServer).hasSizeGreaterThanOrEqualTo(CLASSES);
    System.out.printf("%d classes x %d concurrent tests used %d servers%n", CLASSES, TESTS_PER_CLASS,
        classesByServer.size());
    assertThat(Probes.threadsStartingWith("mutualtls-Parallel")).isEmpty();
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  abstract static class Concurrent {
    @BeforeAll
    static void startTogether(MutualTlsServer server, TestReporter reporter) throws Exception {
      reporter.publishEntry("classPort", String.valueOf(server.port()));
      ALL_CLASSES_STARTED.await(60, TimeUnit.SECONDS);
    }

    @RepeatedTest(TESTS_PER_CLASS)
    void seesOnlyItsOwnStubsAndRequests(MutualTlsServer server, @Client("alice") MutualTlsClient alice,
        TestInfo info, TestReporter reporter) throws Exception {
      String me = getClass().getSimpleName() + "-" + info.getDisplayName().replaceAll("\\D", "");
      // A server is its port and its certificate: a port freed by one class's server may go to another's.
      reporter.publishEntry("testServer", getClass().getSimpleName() + ":" + server.port() + "/"
          + server.identity().certificate().getSerialNumber());
      assertThat(server.wireMock().allStubMappings().getMappings()).isEmpty();
      server.stubFor(get("/" + me).willReturn(ok(me)));
      assertThat(Probes.get(alice, server, "/" + me).body()).isEqualTo(me);
      assertThat(server.handshake(alice).succeeded()).isTrue();
      assertThat(server.wireMock().getServeEvents()).extracting(ServeEvent::getRequest)
          .extracting(request -> request.getUrl()).containsExactly("/" + me);
      assertThat(server.wireMock().allStubMappings().getMappings()).hasSize(1);
    }
  }

  static class Parallel01 extends Concurrent {}

  static class Parallel02 extends Concurrent {}

  static class Parallel03 extends Concurrent {}

  static class Parallel04 extends Concurrent {}

  static class Parallel05 extends Concurrent {}

  static class Parallel06 extends Concurrent {}

  static class Parallel07 extends Concurrent {}

  static class Parallel08 extends Concurrent {}

  static class Parallel09 extends Concurrent {}

  static class Parallel10 extends Concurrent {}

  static class Parallel11 extends Concurrent {}

  static class Parallel12 extends Concurrent {}

  static class Parallel13 extends Concurrent {}

  static class Parallel14 extends Concurrent {}

  static class Parallel15 extends Concurrent {}

  static class Parallel16 extends Concurrent {}
}
