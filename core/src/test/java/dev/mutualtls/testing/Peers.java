package dev.mutualtls.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Third-party programs (openssl, curl, python3, keytool, certtool) that interoperability tests run as
 * subprocesses.
 *
 * <p>A missing peer skips the test with a message saying what is missing, unless the environment variable
 * {@value #REQUIRE_PEERS} is {@code true} (CI sets it): then a missing peer fails the test, so that a CI
 * image without openssl cannot turn the interoperability suite into a row of silent skips. Thread-safe:
 * no state.
 */
public final class Peers {
  /** The environment variable that turns a missing peer from a skip into a failure. */
  public static final String REQUIRE_PEERS = "MUTUALTLS_REQUIRE_PEERS";
  /** How long one peer process may run before it is killed and the test fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Peers() {}

  /**
   * The path of {@code tool} on the {@code PATH}; if it is absent, skips the calling test, or fails it
   * when {@value #REQUIRE_PEERS} is {@code true}.
   */
  public static Path require(String tool) {
    return locate(tool, System.getenv("PATH"), "true".equalsIgnoreCase(System.getenv(REQUIRE_PEERS)));
  }

  /**
   * The path of {@code tool} on the {@code PATH}; if it is absent, skips the calling test whatever
   * {@value #REQUIRE_PEERS} says. For extra linters CI does not install, such as GnuTLS {@code certtool}.
   */
  public static Path optional(String tool) {
    return locate(tool, System.getenv("PATH"), false);
  }

  /** The {@code keytool} of the JDK running the tests, so key stores are read by the same release. */
  public static Path keytool() {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      Assertions.fail("the running JDK has no keytool at " + keytool);
    }
    return keytool;
  }

  /** The lookup behind {@link #require} and {@link #optional}, with the search path passed in for tests. */
  static Path locate(String tool, String searchPath, boolean required) {
    Optional<Path> found = find(tool, searchPath);
    if (found.isPresent()) {
      return found.get();
    }
    if (required) {
      return Assertions.fail(tool + " is not on the PATH (" + searchPath + ") and " + REQUIRE_PEERS
          + "=true demands every interoperability peer: install " + tool + " (.ci/run does)");
    }
    Assumptions.abort(tool + " is not on the PATH (" + searchPath + "): this interoperability test is"
        + " skipped; install " + tool + " to run it (with " + REQUIRE_PEERS + "=true a missing peer fails)");
    throw new AssertionError("unreachable: Assumptions.abort always throws");
  }

  private static Optional<Path> find(String tool, String searchPath) {
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, tool);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code command} in {@code directory} with no input, waits at most {@link #TIMEOUT} and returns
   * what it printed. Proxy variables are removed from its environment: every peer talks to loopback only.
   * A peer that does not finish in time is killed and fails the test.
   */
  public static Result run(Path directory, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      process.getOutputStream().close();
      // Both pipes are drained at once: a peer that fills one while we wait on the other would hang.
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return Assertions.fail(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds()
            + " s and was killed");
      }
      return new Result(command, process.exitValue(), stdout.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
          stderr.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    } finally {
      process.destroyForcibly();
    }
  }

  /** Like {@link #run(Path, List)}. */
  public static Result run(Path directory, String... command) {
    return run(directory, List.of(command));
  }

  /**
   * Starts {@code openssl s_server -accept 127.0.0.1:0} with {@code options} in {@code directory} and waits (at most
   * {@link #TIMEOUT}) for the port it prints: the kernel chooses it, so no other listener can take it in between.
   */
  public static Server opensslServer(Path directory, String... options) {
    List<String> command = new ArrayList<>(List.of(require("openssl").toString(), "s_server", "-accept",
        "127.0.0.1:0"));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    Process process;
    try {
      // Its standard input stays open: without -www, s_server ends a connection when it reads end of input.
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    StringBuffer output = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          output.append(line).append('\n');
          if (line.startsWith("ACCEPT 127.0.0.1:")) {
            port.complete(Integer.parseInt(line.substring("ACCEPT 127.0.0.1:".length()).trim()));
          }
        }
      } catch (IOException | RuntimeException e) {
        output.append("[reading failed: ").append(e).append("]\n");
      } finally {
        port.complete(-1);
      }
    }, "openssl-s_server-output");
    reader.setDaemon(true);
    reader.start();
    Server server = new Server(command, process, output);
    try {
      int accepted = port.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (accepted < 0) {
        server.close();
        return Assertions.fail("openssl s_server exited before listening\n" + server.describe());
      }
      server.port = accepted;
      return server;
    } catch (InterruptedException e) {
      server.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + command, e);
    } catch (ExecutionException | TimeoutException e) {
      server.close();
      return Assertions.fail("openssl s_server printed no port within " + TIMEOUT.toSeconds() + " s\n"
          + server.describe());
    }
  }

  /** A running {@code openssl s_server}: its loopback port and what it printed; closing stops it. */
  public static final class Server implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final StringBuffer output;
    private volatile int port;

    private Server(List<String> command, Process process, StringBuffer output) {
      this.command = command;
      this.process = process;
      this.output = output;
    }

    /** The loopback address it listens on. */
    public InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** The command and everything it printed so far (standard output and error together). */
    public String describe() {
      return String.join(" ", command) + "\n" + output;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), UTF_8));
      } catch (IOException | RuntimeException e) {
        text.completeExceptionally(e);
      }
    }, "peer-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  /** What a peer process did: its exit code and everything it printed. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** The command, exit code and output, for assertion messages. */
    public String describe() {
      return String.join(" ", command) + "\nexit code " + exitCode + "\n--- stdout\n" + stdout
          + "--- stderr\n" + stderr;
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
