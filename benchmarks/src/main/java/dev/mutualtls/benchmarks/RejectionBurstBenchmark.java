package dev.mutualtls.benchmarks;

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

/** 1,000 refused probes in a row against one server: a probe that waited on a timer would show here. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class RejectionBurstBenchmark {
  static final int PROBES = 1000;

  @Param({"TLSv1.3", "TLSv1.2"})
  public String protocol;

  private CertificateAuthority ca;
  private HandshakeServer server;
  private Identity expired;

  @Setup
  public void setUp() {
    ca = CertificateAuthority.create();
    server = HandshakeServer.start(ca.server(), ca, TrustPolicy.STRICT, protocol);
    expired = ca.defective(Defect.EXPIRED);
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  @Benchmark
  public int thousandRejections() {
    int refused = 0;
    for (int i = 0; i < PROBES; i++) {
      Probes.requireRefused(server.probe(expired, ca), Reason.EXPIRED);
      refused++;
    }
    return refused;
  }
}
