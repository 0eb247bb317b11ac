package dev.mutualtls.demo;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@code curl} command-line client. If curl is not installed the calling test is skipped, with a
 * message that says so, unless the environment variable {@value #REQUIRE_PEERS} is {@code true} (CI sets
 * it): then it fails. Thread-safe.
 */
final class Curl {
  /** The environment variable that turns a missing curl from a skip into a failure. */
  static final String REQUIRE_PEERS = "MUTUALTLS_REQUIRE_PEERS";
  /** How long curl may run before it is killed and the test fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path executable;

  private Curl(Path executable) {
    this.executable = executable;
  }

  /** curl from the {@code PATH}; skips or fails the test when there is none. */
  static Curl require() {
    String searchPath = String.valueOf(System.getenv("PATH"));
    for (String dir : searchPath.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "curl");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new Curl(candidate);
      }
    }
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE_PEERS))) {
      return Assertions.fail("curl is not on the PATH (" + searchPath + ") and " + REQUIRE_PEERS + "=true: install"
          + " curl (.ci/run does)");
    }
    Assumptions.abort("curl is not on the PATH (" + searchPath + "): this test is skipped; install curl to run it"
        + " (with " + REQUIRE_PEERS + "=true a missing curl fails the build)");
    throw new AssertionError("unreachable: Assumptions.abort always throws");
  }

  /** Runs curl with {@code arguments} in {@code directory}, without proxies, and waits at most {@link #TIMEOUT}. */
  Result run(Path directory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        return Assertions.fail(String.join(" ", command) + " did not finish within " + TIMEOUT + " and was killed");
      }
      return new Result(String.join(" ", command), process.exitValue(),
          stdout.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
          stderr.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for curl", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read curl's output", e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What curl did: its exit code and what it printed. */
  record Result(String command, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return command + "\nexit code " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }
}
