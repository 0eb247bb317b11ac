package dev.mutualtls.benchmarks;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationEndpoint;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking revocation over the network adds to an accepted handshake (issue 7): one probe against a
 * {@link HandshakeServer} whose STRICT trust manager checks the client's certificate with no network check
 * ({@code NONE}: STRICT still consults the CA's CRL in memory), against the CRL from its distribution point, or
 * against the OCSP responder its AIA names, both served by the CA's {@link RevocationEndpoint} on loopback.
 *
 * <p>Nothing is cached between handshakes: the trust manager fetches the CRL itself on every check (the JDK's
 * own CRL-DP fetching, which caches, is off by default and not used), and the JDK's OCSP client keeps no responses.
 * Each probe checks that the endpoint served one more CRL or OCSP request, so a cache appearing would fail the
 * run rather than quietly change what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RevocationBenchmark {
  @Param({"NONE", "CRL", "OCSP"})
  public RevocationCheck revocation;

  @Param({"TLSv1.3", "TLSv1.2"})
  public String protocol;

  private CertificateAuthority ca;
  private RevocationEndpoint endpoint;
  private HandshakeServer server;
  private Identity client;

  @Setup
  public void setUp() {
    ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    Identity serverIdentity = ca.server();
    client = ca.client("alice");
    endpoint = ca.revocationEndpoint().orElseThrow();
    server = HandshakeServer.start(serverIdentity.sslContext(TrustPolicy.STRICT.trustManager(ca, revocation, false)),
        protocol);
  }

  @TearDown
  public void tearDown() {
    server.close();
    endpoint.close();
  }

  @Benchmark
  public HandshakeResult accepted() {
    int before = fetches();
    HandshakeResult result = Probes.requireAccepted(server.probe(client, ca), protocol);
    if (revocation != RevocationCheck.NONE && fetches() <= before) {
      throw new IllegalStateException("the " + revocation + " check fetched nothing: a cache is answering");
    }
    return result;
  }

  private int fetches() {
    return endpoint.crlRequests() + endpoint.ocspRequests();
  }
}
