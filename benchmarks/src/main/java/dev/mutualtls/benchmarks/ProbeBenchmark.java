package dev.mutualtls.benchmarks;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HandshakeServer;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
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
 * One handshake probe against a running {@link HandshakeServer} (STRICT policy), merged with the server's
 * verdict: a client it accepts, and an expired client it refuses. Every probe's outcome is checked, so a
 * probe that stops deciding correctly fails the run instead of measuring the wrong thing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ProbeBenchmark {
  @Param({"TLSv1.3", "TLSv1.2"})
  public String protocol;

  private CertificateAuthority ca;
  private HandshakeServer server;
  private Identity accepted;
  private Identity expired;

  @Setup
  public void setUp() {
    ca = CertificateAuthority.create();
    server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT, protocol);
    accepted = ca.client("alice");
    expired = ca.defective(Defect.EXPIRED);
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  @Benchmark
  public HandshakeResult accepted() {
    return Probes.requireAccepted(server.probe(accepted, ca), protocol);
  }

  @Benchmark
  public HandshakeResult rejected() {
    return Probes.requireRefused(server.probe(expired, ca), Reason.EXPIRED);
  }
}
