package dev.mutualtls.handshake;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationEndpoint;
import dev.mutualtls.pki.Side;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Presents the whole catalogue of defective client certificates to a server, one {@link Handshake} probe per client
 * {@link Defect} and protocol, after a good client, and reports what the server did with each: a test of your own
 * server's client-certificate checks in one call.
 *
 * <pre>{@code
 * AuditReport report = ServerAudit.of(ca)      // the CA your server trusts; the clients are minted from it
 *     .hostname("localhost")
 *     .run(new InetSocketAddress("localhost", port));
 * System.out.println(report.table());
 * assertThat(report.wronglyAccepted()).isEmpty();
 * }</pre>
 *
 * <p>The good client goes first, per protocol: if the server refuses it, no defect can be told apart from it, and
 * {@link #run} throws an {@link IllegalStateException} saying why (the server does not trust the CA, the host name
 * does not match, the protocol is not offered) with the probe's explanation. Each finding is built from what the
 * probe observed, so a finding is "accepted" only on evidence, and an unconfirmed one (a {@link Exchange#raw()}
 * exchange without an answer) is never counted as a refusal. {@link Defect#REVOKED} is revoked on the CA's CRL and
 * OCSP responder; a server can refuse it only if the CA publishes them ({@code revocationEndpoint(true)}, or
 * {@code @MutualTls(revocation = ...)}), and the report says whether the server asked. The defective clients are
 * minted once per audit object. Not thread-safe while configured; {@link #run} may be called from any thread.
 */
public final class ServerAudit {
  /** How many probes run at once: the waits are the server's and the network's, not the CPU's. */
  private static final int CONCURRENT_PROBES = 4;

  private final CertificateAuthority ca;
  private String hostname;
  private List<String> protocols = List.of("TLSv1.2", "TLSv1.3");
  private Exchange exchange = Exchange.http();
  private Duration timeout = Handshake.DEFAULT_TIMEOUT;
  private volatile Minted minted;

  private ServerAudit(CertificateAuthority ca) {
    this.ca = Objects.requireNonNull(ca, "ca");
  }

  /** An audit whose clients are minted from {@code ca}, the CA the server under audit trusts. */
  public static ServerAudit of(CertificateAuthority ca) {
    return new ServerAudit(ca);
  }

  /** The name the clients connect to (SNI, and the server certificate's check). If unset: the address's host. */
  public ServerAudit hostname(String hostname) {
    this.hostname = Objects.requireNonNull(hostname, "hostname");
    return this;
  }

  /**
   * The protocols to audit, each separately. If unset: {@code TLSv1.2} and {@code TLSv1.3}.
   *
   * @throws IllegalArgumentException for anything but {@code TLSv1.2} and {@code TLSv1.3}, or none
   */
  public ServerAudit protocols(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    if (protocols.length == 0 || !Arrays.stream(protocols).allMatch(p -> "TLSv1.2".equals(p) || "TLSv1.3".equals(p))) {
      throw new IllegalArgumentException("ServerAudit.protocols must name TLSv1.2, TLSv1.3 or both, was "
          + Arrays.toString(protocols));
    }
    this.protocols = List.copyOf(new LinkedHashSet<>(Arrays.asList(protocols)));
    return this;
  }

  /** What each probe says after the handshake (see {@link Exchange}). If unset: {@link Exchange#http()}. */
  public ServerAudit exchange(Exchange exchange) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    return this;
  }

  /** Each probe's safety-net timeout. If unset: {@link Handshake#DEFAULT_TIMEOUT}. */
  public ServerAudit timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("ServerAudit.timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Audits the server at {@code address}: the good client, then every client {@link Defect}, per protocol.
   *
   * @throws IllegalStateException if the server refuses the good client, saying why, with the explanation
   */
  public AuditReport run(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    String host = hostname != null ? hostname : address.getHostString();
    Minted clients = minted();
    Optional<RevocationEndpoint> endpoint = ca.revocationEndpoint();
    int revocationRequestsBefore = endpoint.map(e -> e.crlRequests() + e.ocspRequests()).orElse(0);

    List<HandshakeResult> good = new ArrayList<>();
    for (String protocol : protocols) {
      int before = endpoint.map(e -> e.crlRequests() + e.ocspRequests()).orElse(0);
      HandshakeResult result = probe(address, host, protocol, clients.good);
      if (!result.succeeded()) {
        int asked = endpoint.map(e -> e.crlRequests() + e.ocspRequests()).orElse(0) - before;
        throw new IllegalStateException(goodClientRefused(address, host, protocol, result, asked));
      }
      good.add(result);
    }

    List<Defect> defects = clientDefects();
    List<Future<HandshakeResult>> futures = new ArrayList<>();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_PROBES, runnable -> {
      Thread thread = new Thread(runnable, "mutualtls-audit-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    List<Finding> findings = new ArrayList<>();
    try {
      for (Defect defect : defects) {
        for (String protocol : protocols) {
          Identity client = clients.defective.get(defect);
          futures.add(pool.submit(() -> probe(address, host, protocol, client)));
        }
      }
      int i = 0;
      for (Defect defect : defects) {
        for (String protocol : protocols) {
          findings.add(new Finding(defect, protocol, futures.get(i++).get()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the audit of " + address + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a probe of the audit of " + address + " failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Integer revocationRequests = endpoint.map(e -> e.crlRequests() + e.ocspRequests() - revocationRequestsBefore)
        .orElse(null);
    return new AuditReport(address, host, ca, protocols, good, findings, revocationRequests);
  }

  private HandshakeResult probe(InetSocketAddress address, String host, String protocol, Identity client) {
    return Handshake.to(address).hostname(host).protocols(protocol).exchange(exchange).timeout(timeout)
        .probe(client, ca);
  }

  /** The client defects in catalogue order: the ones a server must refuse. */
  static List<Defect> clientDefects() {
    List<Defect> defects = new ArrayList<>();
    for (Defect defect : Defect.values()) {
      if (defect.side() == Side.CLIENT) {
        defects.add(defect);
      }
    }
    return defects;
  }

  private Minted minted() {
    Minted clients = minted;
    if (clients == null) {
      synchronized (this) {
        clients = minted;
        if (clients == null) {
          Map<Defect, Identity> defective = new EnumMap<>(Defect.class);
          for (Defect defect : clientDefects()) {
            defective.put(defect, defect == Defect.NO_CERTIFICATE ? null : ca.defective(defect));
          }
          clients = new Minted(ca.client("mutualtls-audit"), defective);
          minted = clients;
        }
      }
    }
    return clients;
  }

  private String goodClientRefused(InetSocketAddress address, String host, String protocol,
      HandshakeResult result, int revocationRequests) {
    String why;
    Reason reason = result.reason().orElse(null);
    if (result.outcome() == Outcome.NOT_CONNECTED) {
      why = "nothing accepts connections there";
    } else if (result.outcome() == Outcome.TIMED_OUT) {
      why = "the server did not answer within " + timeout + "; does it speak TLS there, and "
          + (exchange.kind() == Exchange.Kind.HTTP1 ? "HTTP/1.1 (try exchange(Exchange.http2()) for gRPC)?" : "the"
          + " exchange chosen?");
    } else if (result.outcome() == Outcome.UNCONFIRMED) {
      why = "its acceptance of the good client cannot be confirmed with " + exchange + "; audit with an exchange the"
          + " server answers";
    } else if (result.alert().orElse(null) == TlsAlert.NO_APPLICATION_PROTOCOL) {
      why = "the server does not speak the application protocol offered over ALPN (" + exchange + "); audit with"
          + " the exchange it speaks, such as Exchange.http() for HTTP/1.1";
    } else if (reason == Reason.PROTOCOL_VERSION) {
      why = "the server does not offer " + protocol + "; audit only the protocols it offers, with protocols(...)";
    } else if (reason == Reason.HOSTNAME_MISMATCH) {
      why = "the server's certificate is not for \"" + host + "\"; set hostname(...) to a name it is issued for";
    } else if (result.rejectedBy().orElse(null) == Side.CLIENT) {
      why = "the client refused the server's certificate (" + result.detail() + "): the server must present a"
          + " certificate issued by the audited CA, " + ca.subject().getName();
    } else {
      why = "the server refused a valid client certificate of " + ca.subject().getName() + ": does it trust this CA"
          + " (its root certificate, ca.certificatePem() or ca.trustStore())?";
      if (revocationRequests > 0) {
        why += " " + revocationRequests + (revocationRequests == 1 ? " request" : " requests") + " reached the CA's"
            + " revocation endpoint during this handshake (from this server, unless another peer of the CA asked at"
            + " the same time): if the server checks revocation, a CRL or OCSP response it cannot use (unreachable,"
            + " or not yet valid or expired by its clock) ends the handshake the same way";
      }
    }
    return "The audit of " + host + " (" + address + ") stopped: the good client was refused over " + protocol
        + ", so no defective client could be told apart from it. " + Character.toUpperCase(why.charAt(0))
        + why.substring(1) + ".\n\n" + result.explain();
  }

  private record Minted(Identity good, Map<Defect, Identity> defective) {}
}
