package dev.mutualtls.benchmarks;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HeldCertificate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One client {@code SSLContext} from certificates that already exist: no key stores against key stores. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SslContextBenchmark {
  private CertificateAuthority ca;
  private Identity client;
  private HeldCertificate okRoot;
  private HeldCertificate okClient;

  @Setup
  public void setUp() {
    ca = CertificateAuthority.create();
    client = ca.client("client");
    okRoot = OkHttpTls.root(KeyType.EC_P256);
    okClient = OkHttpTls.client(okRoot, KeyType.EC_P256, "client");
  }

  @Benchmark
  public SSLContext mutualtls() {
    return client.sslContext(ca);
  }

  @Benchmark
  public SSLContext handMade() {
    return HandMade.sslContext(client, ca);
  }

  @Benchmark
  public SSLContext okhttpTls() {
    return OkHttpTls.sslContext(okClient, okRoot);
  }
}
