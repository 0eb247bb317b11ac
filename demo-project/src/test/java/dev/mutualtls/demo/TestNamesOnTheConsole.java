package dev.mutualtls.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints each finished test as the sentence its display names make, so that the demo's console output
 * reads like its documentation: {@code ✔ LedgerService › answers 403 to a valid certificate ...}. Registered
 * through {@code META-INF/services}; one line per test, written at once, so parallel tests do not garble it.
 */
public final class TestNamesOnTheConsole implements TestExecutionListener {
  private final PrintStream out = System.out;
  private volatile TestPlan plan;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    out.println("  - " + sentence(test) + "  (skipped: " + reason + ")");
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (!test.isTest()) {
      return;
    }
    switch (result.getStatus()) {
      case SUCCESSFUL:
        out.println("  \u2714 " + sentence(test));
        break;
      case ABORTED:
        out.println("  - " + sentence(test) + "  (skipped: "
            + result.getThrowable().map(Throwable::getMessage).orElse("aborted") + ")");
        break;
      default:
        out.println("  \u2718 " + sentence(test));
    }
  }

  private String sentence(TestIdentifier test) {
    List<String> names = new ArrayList<>();
    TestPlan current = plan;
    for (TestIdentifier at = test; at != null; at = current == null ? null : current.getParent(at).orElse(null)) {
      if (at.getSource().isPresent()) {
        names.add(0, at.getDisplayName());
      }
    }
    return String.join(" \u203A ", names);
  }
}
