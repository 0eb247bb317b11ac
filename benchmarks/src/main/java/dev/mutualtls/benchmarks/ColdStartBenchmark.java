package dev.mutualtls.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fresh JVM, from launch to exit, that mints one CA and one leaf ({@link ColdStart}), against okhttp-tls
 * doing the same and an empty {@code main}. The child runs on the build's own class path, the dependencies'
 * original (signed) jars, as a user's test JVM would: the shaded benchmark jar has no signatures and would
 * hide what verifying BouncyCastle's jars costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 15)
@Fork(1)
public class ColdStartBenchmark {
  @Param({"emptyMain", "mutualtls", "okhttpTls"})
  public String program;

  private List<String> command;

  @Setup
  public void setUp() {
    List<String> lines = classPathLines();
    String classPath = lines.get(0) + File.pathSeparator + lines.get(1);
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !Files.exists(Path.of(entry))) {
        throw new IllegalStateException("ColdStartBenchmark runs on the class path of the build that made this jar,"
            + " and " + entry + " is gone: rebuild with ./mvnw -B -pl benchmarks -am package -DskipTests");
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    command = List.of(java, "-cp", classPath, ColdStart.class.getName(), program);
  }

  private static List<String> classPathLines() {
    try (InputStream in = ColdStartBenchmark.class.getResourceAsStream("cold-start.txt")) {
      if (in == null) {
        throw new IllegalStateException("cold-start.txt is missing from the benchmark jar");
      }
      List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      if (lines.size() < 2 || lines.get(1).contains("${")) {
        throw new IllegalStateException("cold-start.txt was not filtered by the build: " + lines);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public int freshJvm() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(command + " exited with " + exit + ":\n"
          + new String(output, StandardCharsets.UTF_8));
    }
    return output.length;
  }
}
