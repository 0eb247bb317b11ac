package dev.mutualtls.benchmarks;

import dev.mutualtls.pki.KeyType;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
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

/** {@link LeafBenchmark}'s peer: one okhttp-tls leaf for the two key types okhttp-tls offers. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeafPeerBenchmark {
  @Param({"EC_P256", "RSA_2048"})
  public KeyType keyType;

  private HeldCertificate root;

  @Setup
  public void setUp() {
    root = OkHttpTls.root(keyType);
  }

  @Benchmark
  public HeldCertificate okhttpTls() {
    return OkHttpTls.client(root, keyType, "leaf");
  }
}
