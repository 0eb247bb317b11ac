package dev.mutualtls.benchmarks;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs a fixture test class through JUnit Jupiter, as a build would, and insists that all its tests passed. */
final class EngineRuns {
  private EngineRuns() {}

  /** Executes {@code fixture}; fails unless exactly {@code tests} tests ran and every one succeeded. */
  static long run(Class<?> fixture, int tests) {
    return run(Map.of(), tests, fixture);
  }

  /**
   * Executes {@code fixtures} in one run (as one Surefire run would) with the configuration {@code parameters};
   * fails unless exactly {@code tests} tests ran and every one succeeded.
   */
  static long run(Map<String, String> parameters, int tests, Class<?>... fixtures) {
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter");
    parameters.forEach(builder::configurationParameter);
    EngineExecutionResults results = builder.selectors(
        Stream.of(fixtures).map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new)).execute();
    long succeeded = results.testEvents().succeeded().count();
    if (succeeded != tests || results.allEvents().failed().count() != 0) {
      throw new IllegalStateException(fixtures[0].getSimpleName() + "...: expected " + tests + " passing tests, "
          + succeeded + " passed; failures: " + results.allEvents().failed().list());
    }
    return succeeded;
  }
}
