package dev.mutualtls.benchmarks;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs a fixture test class through JUnit Jupiter, as a build would, and insists that all its tests passed. */
final class EngineRuns {
  private EngineRuns() {}

  /** Executes {@code fixture}; fails unless exactly {@code tests} tests ran and every one succeeded. */
  static long run(Class<?> fixture, int tests) {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(DiscoverySelectors.selectClass(fixture))
        .execute();
    long succeeded = results.testEvents().succeeded().count();
    if (succeeded != tests || results.allEvents().failed().count() != 0) {
      throw new IllegalStateException(fixture.getSimpleName() + ": expected " + tests + " passing tests, "
          + succeeded + " passed; failures: " + results.allEvents().failed().list());
    }
    return succeeded;
  }
}
