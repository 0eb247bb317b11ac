package dev.mutualtls.benchmarks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Benchmark results as a Markdown table: median, the mean's 99.9% error, and the ratio of medians to the
 * peer measured in the same run.
 */
final class Table {
  private Table() {}

  /** A row's identity: the benchmark's simple class and method, and its parameters. */
  record Key(String benchmark, Map<String, String> params) {
    static Key of(BenchmarkParams params) {
      String full = params.getBenchmark();
      int method = full.lastIndexOf('.');
      int type = full.lastIndexOf('.', method - 1);
      Map<String, String> values = new LinkedHashMap<>();
      for (String key : params.getParamsKeys()) {
        values.put(key, params.getParam(key));
      }
      return new Key(full.substring(type + 1), values);
    }

    String className() {
      return benchmark.substring(0, benchmark.indexOf('.'));
    }

    String method() {
      return benchmark.substring(benchmark.indexOf('.') + 1);
    }

    Key with(String benchmark, Map<String, String> params) {
      return new Key(benchmark, params);
    }
  }

  /** Which row each row is compared with; empty where the issue names no peer. */
  static Optional<Key> peer(Key key) {
    Map<String, String> params = key.params();
    switch (key.className()) {
      case "FullPkiBenchmark":
        return Optional.of(key.with("FullPkiBenchmark.okhttpTls", params));
      case "SslContextBenchmark":
        return Optional.of(key.with("SslContextBenchmark.okhttpTls", params));
      case "LeafBenchmark":
        return Optional.of(key.with("LeafPeerBenchmark.okhttpTls", params));
      case "ClientPerTestBenchmark":
        return Optional.of(key.with("ClientPerTestBenchmark.handMade", params));
      case "OwnServerProbeBenchmark":
        return Optional.of(key.with("OwnServerProbeBenchmark.byHand", params));
      case "AuditBenchmark":
        return Optional.of(key.with("AuditBenchmark.byHand", params));
      case "ServerStartBenchmark": {
        String peer = key.method().startsWith("mutualtls") ? "wireMockByHandClass" : "wireMockByHand";
        return Optional.of(key.with("ServerStartBenchmark." + peer
            + (key.method().endsWith("FirstInJvm") ? "FirstInJvm" : ""), params));
      }
      case "TwentyTestClassBenchmark":
        return Optional.of(key.with(key.method().endsWith("FirstInJvm")
            ? "TwentyTestClassBenchmark.handMadeFirstInJvm" : "TwentyTestClassBenchmark.handMade", params));
      case "RevocationBenchmark": {
        Map<String, String> none = new LinkedHashMap<>(params);
        none.put("revocation", "NONE");
        return Optional.of(key.with(key.benchmark(), none));
      }
      case "ColdStartBenchmark": {
        Map<String, String> okhttp = new LinkedHashMap<>(params);
        okhttp.put("program", "okhttpTls");
        return Optional.of(key.with(key.benchmark(), okhttp));
      }
      default:
        return Optional.empty();
    }
  }

  static String markdown(Collection<RunResult> results, double loadBefore, double loadAfter) {
    Map<Key, RunResult> byKey = new LinkedHashMap<>();
    for (RunResult result : results) {
      byKey.put(Key.of(result.getParams()), result);
    }
    List<Key> keys = new ArrayList<>(byKey.keySet());
    keys.sort(Comparator.comparing(Key::benchmark).thenComparing(k -> k.params().toString()));
    Runtime runtime = Runtime.getRuntime();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d cores, %s %s (%s), load average %.2f before, %.2f after%n%n",
        runtime.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), loadBefore, loadAfter));
    out.append("| benchmark | params | mode | samples | median | mean ± 99.9% error | unit | median / peer |\n");
    out.append("|---|---|---|---:|---:|---:|---|---:|\n");
    for (Key key : keys) {
      RunResult run = byKey.get(key);
      Result<?> primary = run.getPrimaryResult();
      double median = primary.getStatistics().getPercentile(50);
      String ratio = peer(key).filter(p -> !p.equals(key)).map(byKey::get)
          .map(p -> number(median / p.getPrimaryResult().getStatistics().getPercentile(50)) + "x "
              + label(key, Key.of(p.getParams())))
          .orElse("");
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s ± %s | %s | %s |%n",
          key.benchmark(), params(key.params()), run.getParams().getMode().shortLabel(),
          primary.getStatistics().getN(), number(median), number(primary.getScore()),
          number(primary.getScoreError()), primary.getScoreUnit(), ratio));
    }
    return out.toString();
  }

  /** The peer as the reader tells it from the row: its method, or its parameters when the method is the same. */
  private static String label(Key row, Key peer) {
    return peer.method().equals(row.method()) ? params(peer.params()) : peer.method();
  }

  private static String params(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(" ", parts);
  }

  /** Three significant digits, never in exponent notation: 0.000412, 0.801, 16.8, 1975. */
  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_EVEN));
    return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
  }
}
