package dev.mutualtls.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The benchmark jar's entry point: JMH's own command line (every JMH option works: {@code -f}, {@code -i},
 * a benchmark name regex...), then a Markdown table of medians, errors and ratios to each peer, headed by
 * the machine's cores, the JDK and the load average before and after.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args);
    if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
        || options.shouldListProfilers() || options.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    double loadBefore = load();
    Collection<RunResult> results = new Runner(options).run();
    double loadAfter = load();
    System.out.println();
    System.out.print(Table.markdown(results, loadBefore, loadAfter));
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
