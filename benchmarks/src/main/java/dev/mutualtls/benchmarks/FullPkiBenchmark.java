package dev.mutualtls.benchmarks;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A whole test PKI: root, server and client certificates with their keys, and the server's and the client's
 * {@code SSLContext}, each trusting the root. Peers: okhttp-tls doing the same, and the hand-made path
 * (mutualtls's certificates put through PKCS#12 key stores and the JDK's factories).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class FullPkiBenchmark {
  @Param({"EC_P256", "RSA_2048"})
  public KeyType keyType;

  @Benchmark
  public void mutualtls(Blackhole blackhole) {
    CertificateAuthority ca = CertificateAuthority.builder().keyType(keyType).build();
    Identity server = ca.server();
    Identity client = ca.client("client");
    blackhole.consume(server.sslContext(ca));
    blackhole.consume(client.sslContext(ca));
  }

  @Benchmark
  public void okhttpTls(Blackhole blackhole) {
    HeldCertificate root = OkHttpTls.root(keyType);
    HeldCertificate server = OkHttpTls.server(root, keyType);
    HeldCertificate client = OkHttpTls.client(root, keyType, "client");
    blackhole.consume(OkHttpTls.sslContext(server, root));
    blackhole.consume(OkHttpTls.sslContext(client, root));
  }

  @Benchmark
  public void handMade(Blackhole blackhole) {
    CertificateAuthority ca = CertificateAuthority.builder().keyType(keyType).build();
    Identity server = ca.server();
    Identity client = ca.client("client");
    blackhole.consume(HandMade.sslContext(server, ca));
    blackhole.consume(HandMade.sslContext(client, ca));
  }
}
