package dev.mutualtls.junit;

import dev.mutualtls.junit.internal.MutualTlsWireMock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Started WireMock servers (Jetty, WireMock and their threads) that classes of one JUnit run lend each other, so
 * that only the first class pays for starting one. A server lent out listens on a port of its own with its
 * borrower's TLS context; given back it stops listening (closing every connection), forgets its stubs, requests,
 * scenarios, settings and verdicts, and waits for the next borrower, who gives it a new TLS context: nothing of one
 * class (connections, sessions, certificates, trust) reaches the next. A server that cannot be cleaned that way is
 * stopped instead. Kept in the root extension context's store, so JUnit stops every idle server when the run ends.
 * Thread-safe.
 */
final class ServerPool implements AutoCloseable {
  private final Object lock = new Object();
  /** Idle servers by what a borrower cannot change: the protocols and the bind address. Guarded by lock. */
  private final Map<List<Object>, Deque<MutualTlsWireMock>> idle = new HashMap<>();
  private boolean closed;

  /** An idle server built for {@code protocols} on {@code bindAddress}, parked; empty when there is none. */
  MutualTlsWireMock borrow(List<String> protocols, String bindAddress) {
    synchronized (lock) {
      if (closed) {
        return null;
      }
      Deque<MutualTlsWireMock> servers = idle.get(key(protocols, bindAddress));
      return servers == null ? null : servers.pollFirst();
    }
  }

  /**
   * Takes back a server a class has done with, parked and reset ({@code clean}), or stops it if it is not clean or
   * the pool is closed.
   */
  void giveBack(MutualTlsWireMock server, List<String> protocols, String bindAddress, boolean clean) {
    if (clean) {
      synchronized (lock) {
        if (!closed) {
          idle.computeIfAbsent(key(protocols, bindAddress), k -> new ArrayDeque<>()).addLast(server);
          return;
        }
      }
    }
    server.server().stop();
  }

  private static List<Object> key(List<String> protocols, String bindAddress) {
    return List.of(List.copyOf(protocols), bindAddress);
  }

  /** Stops every idle server; servers given back later are stopped then. */
  @Override
  public void close() {
    List<MutualTlsWireMock> toStop = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      idle.values().forEach(toStop::addAll);
      idle.clear();
    }
    RuntimeException failure = null;
    for (MutualTlsWireMock server : toStop) {
      try {
        server.server().stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
