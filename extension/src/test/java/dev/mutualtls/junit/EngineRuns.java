package dev.mutualtls.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Runs fixture classes through JUnit's {@link EngineTestKit}, sequentially unless told otherwise. */
final class EngineRuns {
  private EngineRuns() {}

  static EngineExecutionResults run(Class<?>... classes) {
    return run(Map.of(), classes);
  }

  static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
    parameters.forEach(builder::configurationParameter);
    return builder.selectors(Stream.of(classes).map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
        .execute();
  }

  /** Asserts that {@code count} tests ran and all passed, showing every failure otherwise. */
  static void assertAllPassed(EngineExecutionResults results, int count) {
    List<String> failures = results.allEvents().stream()
        .filter(event -> event.getType() == EventType.FINISHED)
        .filter(event -> event.getRequiredPayload(TestExecutionResult.class).getStatus()
            != TestExecutionResult.Status.SUCCESSFUL)
        .map(event -> event.getTestDescriptor().getDisplayName() + ": "
            + event.getRequiredPayload(TestExecutionResult.class).getThrowable().map(EngineRuns::stackTrace)
            .orElse("(no throwable)"))
        .collect(Collectors.toList());
    assertThat(failures).as("failures").isEmpty();
    assertThat(results.testEvents().succeeded().count()).as("tests passed").isEqualTo(count);
  }

  /** The throwable of the only failed test or container. */
  static Throwable onlyFailure(EngineExecutionResults results) {
    List<Throwable> failures = results.allEvents().stream()
        .filter(event -> event.getType() == EventType.FINISHED)
        .map(event -> event.getRequiredPayload(TestExecutionResult.class))
        .filter(result -> result.getStatus() == TestExecutionResult.Status.FAILED)
        .map(result -> result.getThrowable().orElseThrow())
        .collect(Collectors.toList());
    assertThat(failures).as("failures").hasSize(1);
    return failures.get(0);
  }

  /** The values of every report entry with {@code key}, in the order published. */
  static List<String> entries(EngineExecutionResults results, String key) {
    return results.allEvents().stream()
        .filter(event -> event.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
        .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key))
        .filter(value -> value != null)
        .collect(Collectors.toList());
  }

  /** The value of the report entry {@code key} published by the test named {@code test}. */
  static Optional<String> entry(EngineExecutionResults results, String test, String key) {
    return results.allEvents().stream()
        .filter(event -> event.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
        .filter(event -> event.getTestDescriptor().getDisplayName().startsWith(test + "("))
        .map(Event::getPayload).flatMap(Optional::stream)
        .map(payload -> ((ReportEntry) payload).getKeyValuePairs().get(key))
        .filter(value -> value != null)
        .findFirst();
  }

  private static String stackTrace(Throwable throwable) {
    java.io.StringWriter out = new java.io.StringWriter();
    throwable.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
