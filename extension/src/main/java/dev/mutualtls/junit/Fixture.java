package dev.mutualtls.junit;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import dev.mutualtls.pki.RevocationEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What one {@link MutualTls} level owns: the CA (with its revocation endpoint when revocation is checked), the
 * clients and identities minted from it on demand, and the servers started for it. Stored in the owning extension
 * context's store, so JUnit closes it when that context ends. Thread-safe.
 *
 * <p>Servers are lent, never shared: a test (or a class's lifecycle methods) holds a {@link Lease} on one server
 * until its extension context ends; a test prefers the server its class holds, takes any idle one otherwise, and
 * starts a new one only when every server is in use by a test running at the same time.
 */
final class Fixture implements AutoCloseable {
  private final Config.Key key;
  private final Duration httpTimeout;
  /** Where servers come from and go back to; null: each is built and stopped here. */
  private final ServerPool pool;
  private final String id;
  private final String label;
  /** Made on a thread of its own, so that a server can be built meanwhile; see {@link #ca()}. */
  private final CompletableFuture<CertificateAuthority> ca;
  /** The CA, server identity and default client minted ahead for this class; null: minted here. */
  private final CompletableFuture<MintAhead.Minted> minted;
  private final ConcurrentMap<String, MutualTlsClient> clients = new ConcurrentHashMap<>();
  private final ConcurrentMap<Defect, MutualTlsClient> defectiveClients = new ConcurrentHashMap<>();
  private final ConcurrentMap<Defect, Identity> defectiveServers = new ConcurrentHashMap<>();
  private final ConcurrentMap<Thread, HandshakeResult> probes = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Every started server and who holds it (null: idle). Guarded by {@link #lock}. */
  private final Map<MutualTlsServer, Lease> servers = new LinkedHashMap<>();
  private Identity serverIdentity;
  private int started;
  private boolean closed;

  Fixture(Config config, String id, String label, ServerPool pool, MintAhead mintAhead) {
    this.key = config.key();
    this.httpTimeout = config.httpTimeout();
    this.pool = pool;
    this.id = id;
    this.label = label;
    KeyType keyType = key.keyType;
    boolean revocationEndpoint = key.revocation != RevocationCheck.NONE;
    Clock clock = key.mintedAt instanceof Instant instant ? Clock.fixed(instant, ZoneOffset.UTC)
        : key.mintedAt instanceof Duration offset ? Clock.offset(Clock.systemUTC(), offset) : Clock.systemUTC();
    boolean ahead = mintAhead != null && MintAhead.eligible(key);
    this.minted = ahead ? mintAhead.take(keyType, key.hostnames) : null;
    this.ca = minted != null ? minted.thenApply(MintAhead.Minted::ca)
        : CompletableFuture.supplyAsync(() -> CertificateAuthority.builder().keyType(keyType)
            .revocationEndpoint(revocationEndpoint).clock(clock).build(),
            task -> {
              Thread thread = new Thread(task, "mutualtls-ca-" + label);
              thread.setDaemon(true);
              thread.start();
            });
    if (ahead) {
      mintAhead.mintNext(keyType, key.hostnames, ca);
    }
  }

  /** The unique ID of the extension context that owns this fixture. */
  String id() {
    return id;
  }

  /**
   * The CA, waiting for it if it is still being made: on the first class of a JVM that takes BouncyCastle's
   * start-up, which then overlaps with building the first server.
   */
  CertificateAuthority ca() {
    try {
      return ca.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  /** What was minted ahead for this class, waiting for it (a failure is {@link #ca()}'s). */
  private MintAhead.Minted mintedAhead() {
    ca();
    return minted.join();
  }

  /** The server identity, minted once (server identities of RSA CAs are slow to mint). */
  Identity serverIdentity() {
    synchronized (lock) {
      if (serverIdentity == null) {
        serverIdentity = minted != null ? mintedAhead().server() : ca().server(key.hostnames.toArray(new String[0]));
      }
      return serverIdentity;
    }
  }

  MutualTlsClient client(String name) {
    return clients.computeIfAbsent(name, n -> new MutualTlsClient(n, null,
        minted != null && n.equals(Config.DEFAULT_CLIENT) ? mintedAhead().client() : ca().client(n), ca(),
        httpTimeout, this::recordProbe));
  }

  /** The client with {@code defect}; {@link Defect#NO_CERTIFICATE} presents none. Client-side defects only. */
  MutualTlsClient defectiveClient(Defect defect) {
    return defectiveClients.computeIfAbsent(defect, d -> new MutualTlsClient("client-" + d.slug(), d,
        d == Defect.NO_CERTIFICATE ? null : ca().defective(d), ca(), httpTimeout, this::recordProbe));
  }

  /** The identity with {@code defect}: a client's for client defects, a server's for server defects. */
  Identity defectiveIdentity(Defect defect) {
    if (defect.side() == dev.mutualtls.pki.Side.CLIENT) {
      return defectiveClient(defect).identity();
    }
    return defectiveServers.computeIfAbsent(defect, d -> ca().defective(d));
  }

  void recordProbe(HandshakeResult result) {
    probes.put(Thread.currentThread(), result);
  }

  /** The last probe the current thread made since the last call, if any. */
  Optional<HandshakeResult> takeProbe() {
    return Optional.ofNullable(probes.remove(Thread.currentThread()));
  }

  /**
   * A lease on a server: {@code preferred}'s server when that lease has not lent it to someone else, else an
   * idle server, else a new one.
   */
  Lease lease(Lease preferred) {
    int number;
    synchronized (lock) {
      requireOpen();
      if (preferred != null && servers.get(preferred.server) == preferred) {
        return lend(preferred.server, preferred);
      }
      for (Map.Entry<MutualTlsServer, Lease> entry : servers.entrySet()) {
        if (entry.getValue() == null) {
          return lend(entry.getKey(), null);
        }
      }
      number = ++started;
    }
    MutualTlsServer server = MutualTlsServer.start(this::serverIdentity, this::ca, key,
        "mutualtls-" + label + "-" + number, this::recordProbe, pool);
    synchronized (lock) {
      if (!closed) {
        return lend(server, null);
      }
    }
    server.stop();
    throw new IllegalStateException("the @MutualTls fixture of " + label + " was closed while a server started");
  }

  private Lease lend(MutualTlsServer server, Lease lender) {
    Lease lease = new Lease(this, server, lender);
    servers.put(server, lease);
    return lease;
  }

  /** Resets the server and gives it back to whoever lent it, or to the idle servers. */
  void release(Lease lease) {
    synchronized (lock) {
      lease.released = true;
      if (closed || servers.get(lease.server) != lease) {
        return;
      }
    }
    RuntimeException failure = null;
    try {
      lease.server.reset();
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (failure == null) {
        servers.put(lease.server, lease.lender != null && !lease.lender.released ? lease.lender : null);
        return;
      }
      servers.remove(lease.server);
    }
    lease.server.discard();
    throw failure;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the @MutualTls fixture of " + label + " is closed");
    }
  }

  /** Stops every server and the CA's revocation endpoint, and closes the clients' HTTP clients. */
  @Override
  public void close() {
    List<MutualTlsServer> toStop;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>(servers.keySet());
      servers.clear();
    }
    RuntimeException failure = null;
    for (MutualTlsServer server : toStop) {
      try {
        server.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    try {
      closeRevocationEndpoint();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    clients.values().forEach(MutualTlsClient::close);
    defectiveClients.values().forEach(MutualTlsClient::close);
    probes.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Stops the endpoint once the servers that ask it are gone. A CA still in the making has issued nothing, so
   * it has no endpoint; one that issued nothing starts its endpoint here only to stop it (a few milliseconds).
   */
  private void closeRevocationEndpoint() {
    if (key.revocation != RevocationCheck.NONE && ca.isDone() && !ca.isCompletedExceptionally()) {
      ca.join().revocationEndpoint().filter(endpoint -> !endpoint.isClosed()).ifPresent(RevocationEndpoint::close);
    }
  }

  @Override
  public String toString() {
    return "Fixture{" + label + ", " + key + "}";
  }

  /** One holder's use of one server; closing it (JUnit does, with the holder's context) gives the server back. */
  static final class Lease implements AutoCloseable {
    final Fixture fixture;
    final MutualTlsServer server;
    final Lease lender;
    /** Guarded by the fixture's lock. */
    boolean released;

    Lease(Fixture fixture, MutualTlsServer server, Lease lender) {
      this.fixture = fixture;
      this.server = server;
      this.lender = lender;
    }

    @Override
    public void close() {
      fixture.release(this);
    }
  }
}
