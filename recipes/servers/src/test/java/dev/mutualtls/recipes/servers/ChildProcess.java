package dev.mutualtls.recipes.servers;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A server program run as a child process (nginx, openssl s_server): its output collected as it comes, so that
 * neither pipe fills up and the launcher can watch for a line, and a {@link #close()} that stops it and every process
 * it started. Proxy variables are removed from its environment: it serves loopback only.
 */
final class ChildProcess implements AutoCloseable {
  /** How long a server may take to stop after SIGTERM before it and its children are killed. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final List<String> command;
  private final Process process;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ChildProcess(List<String> command, Process process) {
    this.command = command;
    this.process = process;
  }

  /** Starts {@code command} in {@code directory}. */
  static ChildProcess start(Path directory, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    try {
      ChildProcess child = new ChildProcess(command, builder.start());
      child.process.getOutputStream().close();
      collect(child.process.getInputStream(), child.stdout, "stdout of " + command.get(0));
      collect(child.process.getErrorStream(), child.stderr, "stderr of " + command.get(0));
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  private static void collect(InputStream stream, StringBuffer into, String name) {
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[4096];
      try (stream) {
        for (int n; (n = stream.read(buffer)) >= 0; ) {
          into.append(new String(buffer, 0, n, UTF_8));
        }
      } catch (IOException e) {
        into.append("\n[reading ").append(name).append(" failed: ").append(e).append("]\n");
      }
    }, name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Everything it printed on its standard output so far. */
  String stdout() {
    return stdout.toString();
  }

  /** Everything it printed on its standard error so far. */
  String stderr() {
    return stderr.toString();
  }

  /** The process and every process it started, while they run. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> all = new java.util.ArrayList<>();
    all.add(process.toHandle());
    process.descendants().forEach(all::add);
    return all;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code timeout} for it to exit: the short poll of a launcher waiting for it to be ready. */
  boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
    }
  }

  /** The command, its state and its output, for failure messages. */
  String describe() {
    return String.join(" ", command) + "\n" + (process.isAlive() ? "still running" : "exit code "
        + process.exitValue()) + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }

  /**
   * Stops it with SIGTERM (nginx's fast shutdown; openssl simply exits), waits up to {@link #STOP_TIMEOUT}, then
   * kills it and whatever it started (nginx's workers) that is still running.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
    process.destroy();
    if (!waitFor(STOP_TIMEOUT)) {
      process.destroyForcibly();
      waitFor(STOP_TIMEOUT);
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
        try {
          child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("process " + child.pid() + " started by " + command.get(0)
              + " did not end", e);
        }
      }
    }
  }
}
