package dev.mutualtls.benchmarks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a test class pays for its mutual-TLS server: certificates for a CA, the server and a client, the
 * server started, the first mutual-TLS request answered, the server stopped. {@code *FirstInJvm} measure
 * the first class in a fresh JVM (class loading included: one shot per fork); the others every later
 * class. WireMock is configured by hand as its documentation shows, with key stores written to temporary
 * files; the JDK's {@code HttpsServer} takes an {@code SSLContext} built from in-memory key stores.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ServerStartBenchmark {

  @Benchmark
  public String wireMockByHand() {
    Path dir = HandMade.tempDirectory();
    CertificateAuthority ca = CertificateAuthority.create();
    Identity client = ca.client("client");
    WireMockServer server = HandMade.wireMock(dir, ca.server(), ca);
    try {
      return HandMade.getHello(HandMade.httpClient(HandMade.sslContext(client, ca)), HandMade.uri(server));
    } finally {
      server.stop();
      HandMade.delete(dir);
    }
  }

  @Benchmark
  public String jdkHttpsServer() {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity client = ca.client("client");
    HttpsServer server = HandMade.jdkHttpsServer(HandMade.sslContext(ca.server(), ca));
    try {
      return HandMade.getHello(HandMade.httpClient(HandMade.sslContext(client, ca)), HandMade.uri(server));
    } finally {
      server.stop(0);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public String wireMockByHandFirstInJvm() {
    return wireMockByHand();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public String jdkHttpsServerFirstInJvm() {
    return jdkHttpsServer();
  }
}
