package dev.mutualtls.junit;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A class's CA, server identity and default client, minted ahead while the class before it runs, so that a class
 * of the run does not wait for them. One set at a time per key type and host names, each handed to exactly one
 * class and never to another: what a class gets is as much its own as what it would mint itself. Only for classes
 * whose CA mints at the real time without a revocation endpoint; a set minted more than {@link #MAX_AGE} before it
 * is asked for is dropped, so that certificates are minted at most that long before their class starts. Kept in the
 * root extension context's store beside the server pool. Thread-safe.
 */
final class MintAhead implements AutoCloseable {
  static final Duration MAX_AGE = Duration.ofSeconds(5);

  /** What one class takes: its CA, the identity its servers present and its default client's identity. */
  record Minted(CertificateAuthority ca, Identity server, Identity client, long mintedAtNanos) {}

  private final Duration maxAge;
  private final Object lock = new Object();
  /** The next set per key type and host names, minting or minted. Guarded by lock. */
  private final Map<List<Object>, CompletableFuture<Minted>> next = new HashMap<>();
  private boolean closed;

  MintAhead() {
    this(MAX_AGE);
  }

  /** Drops sets minted more than {@code maxAge} before they are asked for. */
  MintAhead(Duration maxAge) {
    this.maxAge = maxAge;
  }

  /** Whether a class with {@code key} can take a set minted ahead. */
  static boolean eligible(Config.Key key) {
    return key.mintedAt == null && key.revocation == RevocationCheck.NONE;
  }

  /**
   * The set minted ahead for {@code keyType} and {@code hostnames}: one still minting, or one minted less than the
   * maximum age ago; null when there is none (the class mints its own). Nobody else gets it.
   */
  CompletableFuture<Minted> take(KeyType keyType, List<String> hostnames) {
    CompletableFuture<Minted> taken;
    synchronized (lock) {
      taken = closed ? null : next.remove(key(keyType, hostnames));
    }
    if (taken == null || taken.isCompletedExceptionally()) {
      return null;
    }
    if (taken.isDone() && System.nanoTime() - taken.join().mintedAtNanos() > maxAge.toNanos()) {
      return null;
    }
    return taken;
  }

  /**
   * Starts minting the set for the next class with {@code keyType} and {@code hostnames} once {@code after} (the
   * asking class's own CA) is done, so that it never competes with the first class of a run for its start-up; does
   * nothing when such a set is already there.
   */
  void mintNext(KeyType keyType, List<String> hostnames, CompletableFuture<?> after) {
    CompletableFuture<Minted> following = new CompletableFuture<>();
    synchronized (lock) {
      if (closed || next.putIfAbsent(key(keyType, hostnames), following) != null) {
        return;
      }
    }
    after.whenComplete((done, failure) -> {
      synchronized (lock) {
        if (closed) {
          return;
        }
      }
      Thread thread = new Thread(() -> {
        try {
          CertificateAuthority ca = CertificateAuthority.builder().keyType(keyType).build();
          Identity server = ca.server(hostnames.toArray(new String[0]));
          Identity client = ca.client(Config.DEFAULT_CLIENT);
          following.complete(new Minted(ca, server, client, System.nanoTime()));
        } catch (RuntimeException | Error e) {
          following.completeExceptionally(e);
        }
      }, "mutualtls-mint-ahead");
      thread.setDaemon(true);
      thread.start();
    });
  }

  /** The set waiting for {@code keyType} and {@code hostnames}, without taking it; for tests. */
  CompletableFuture<Minted> peek(KeyType keyType, List<String> hostnames) {
    synchronized (lock) {
      return next.get(key(keyType, hostnames));
    }
  }

  private static List<Object> key(KeyType keyType, List<String> hostnames) {
    return List.of(keyType, List.copyOf(hostnames));
  }

  /** Forgets the set minted ahead; a set still minting finishes on its daemon thread and is dropped. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      next.clear();
    }
  }
}
