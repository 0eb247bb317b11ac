package dev.mutualtls.benchmarks;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
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
import org.openjdk.jmh.annotations.Warmup;

/** One client leaf with its new key, per {@link KeyType}, from a CA of the same type made beforehand. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeafBenchmark {
  @Param({"EC_P256", "EC_P384", "ED25519", "RSA_2048", "RSA_3072", "RSA_4096"})
  public KeyType keyType;

  private CertificateAuthority ca;

  @Setup
  public void setUp() {
    ca = CertificateAuthority.builder().keyType(keyType).build();
  }

  @Benchmark
  public Identity mutualtls() {
    return ca.client("leaf");
  }
}
