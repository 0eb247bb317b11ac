package dev.mutualtls.benchmarks;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
 * One probe of a server the library does not run: the JDK's own {@code HttpsServer} requiring client certificates
 * of the test CA, as a user's service would. The probe completes the handshake and one HTTP/1.1 request, so an
 * accepted probe costs a request more than a handshake; a refused one ends when the server closes (this server
 * sends no alert). {@code byHand} is what a user would write instead to see the accepted case: a context for the
 * client's certificate, an {@code SSLSocket}, a GET and the status line, with no classification. Each call makes its
 * context anew, as the probe does: a context kept from one call to the next resumes its TLS session, and a resumed
 * session presents no certificate at all, so it would test nothing. Every outcome is checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class OwnServerProbeBenchmark {
  @Param({"TLSv1.3", "TLSv1.2"})
  public String protocol;

  private CertificateAuthority ca;
  private HttpsServer server;
  private InetSocketAddress address;
  private Identity alice;
  private Identity expired;

  @Setup
  public void setUp() throws IOException {
    ca = CertificateAuthority.create();
    alice = ca.client("alice");
    expired = ca.defective(Defect.EXPIRED);
    SSLContext serverContext = ca.server().sslContext(ca);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = serverContext.getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        ssl.setProtocols(new String[] {protocol});
        parameters.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    address = server.getAddress();
  }

  @TearDown
  public void tearDown() {
    server.stop(0);
  }

  @Benchmark
  public HandshakeResult accepted() {
    return Probes.requireAccepted(Handshake.to(address).hostname("localhost").probe(alice, ca), protocol);
  }

  @Benchmark
  public HandshakeResult refused() {
    HandshakeResult result = Handshake.to(address).hostname("localhost").probe(expired, ca);
    if (!result.rejectedBy().equals(Optional.of(Side.SERVER))) {
      throw new IllegalStateException("expected the server to refuse:\n" + result.explain());
    }
    return result;
  }

  @Benchmark
  public String byHand() throws IOException {
    String line = Probes.statusLineByHand(address, alice.sslContext(ca), protocol);
    if (!line.startsWith("HTTP/1.1 204")) {
      throw new IllegalStateException("expected 204, got " + line);
    }
    return line;
  }

}
