package dev.mutualtls.handshake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A thread-safe record of a server's verdicts, newest kept, oldest dropped past a bound. Servers
 * {@link #record} each handshake outcome; probes {@link #awaitVerdict} the one for their connection.
 */
public final class ServerVerdicts implements ServerView {
  private static final int LIMIT = 1024;
  private final Deque<ServerVerdict> verdicts = new ArrayDeque<>();

  /** Adds a verdict and wakes any probe waiting for it. */
  public synchronized void record(ServerVerdict verdict) {
    verdicts.addLast(Objects.requireNonNull(verdict, "verdict"));
    if (verdicts.size() > LIMIT) {
      verdicts.removeFirst();
    }
    notifyAll();
  }

  @Override
  public Optional<ServerVerdict> awaitVerdict(int clientPort, Instant since, Duration timeout) {
    return await(v -> v.clientPort() == clientPort && !v.at().isBefore(since), timeout);
  }

  /**
   * The newest verdict that matches, waiting up to {@code timeout} for one to be recorded: for clients
   * whose port is not known, such as curl run as a process.
   */
  public synchronized Optional<ServerVerdict> await(Predicate<ServerVerdict> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Iterator<ServerVerdict> it = verdicts.descendingIterator(); it.hasNext(); ) {
        ServerVerdict verdict = it.next();
        if (matching.test(verdict)) {
          return Optional.of(verdict);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** Every verdict still held, oldest first. */
  public synchronized List<ServerVerdict> all() {
    return new ArrayList<>(verdicts);
  }

  /** Forgets every verdict. */
  public synchronized void clear() {
    verdicts.clear();
  }
}
