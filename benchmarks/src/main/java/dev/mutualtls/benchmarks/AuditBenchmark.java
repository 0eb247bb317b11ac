package dev.mutualtls.benchmarks;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full audit (the good client and every client defect, under TLS 1.2 and TLS 1.3) of the JDK's {@code HttpsServer}
 * with {@code needClientAuth}, warm: one {@link ServerAudit} whose clients are already minted, as a test that audits
 * twice would hold it. {@code byHand} is the same probes as a user would write them without the library: the same
 * certificates, minted once, presented one after the other by an {@code SSLSocket} that sends a GET and reads the
 * status line, each refusal taken from the exception, with no classification and no report. Both check their outcome:
 * exactly the four defects the JDK's defaults accept.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditBenchmark {
  private static final Set<Defect> JDK_ACCEPTS = EnumSet.of(Defect.CA_AS_LEAF, Defect.REVOKED, Defect.WEAK_KEY,
      Defect.SHA1_SIGNATURE);
  private static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

  private CertificateAuthority ca;
  private HttpsServer server;
  private InetSocketAddress address;
  private ServerAudit audit;
  private Identity good;
  private final Map<Defect, Identity> defective = new EnumMap<>(Defect.class);

  @Setup
  public void setUp() throws IOException {
    ca = CertificateAuthority.create();
    SSLContext serverContext = ca.server().sslContext(ca);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = serverContext.getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        parameters.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    address = server.getAddress();
    audit = ServerAudit.of(ca).hostname("localhost");
    audit.run(address);
    good = ca.client("by-hand");
    for (Defect defect : Defect.values()) {
      if (defect.side() == Side.CLIENT && defect != Defect.NO_CERTIFICATE) {
        defective.put(defect, ca.defective(defect));
      }
    }
  }

  @TearDown
  public void tearDown() {
    server.stop(0);
  }

  @Benchmark
  public AuditReport audit() {
    AuditReport report = audit.run(address);
    if (!report.acceptedDefects().equals(JDK_ACCEPTS) || !report.unconfirmed().isEmpty()) {
      throw new IllegalStateException("unexpected audit:\n" + report.table());
    }
    return report;
  }

  @Benchmark
  public List<String> byHand() {
    List<String> accepted = new ArrayList<>();
    for (String protocol : PROTOCOLS) {
      if (!get(good, protocol).startsWith("HTTP/1.1 204")) {
        throw new IllegalStateException("the good client was refused over " + protocol);
      }
      if (get(null, protocol).startsWith("HTTP/1.1 204")) {
        accepted.add(Defect.NO_CERTIFICATE + " " + protocol);
      }
      for (Map.Entry<Defect, Identity> client : defective.entrySet()) {
        if (get(client.getValue(), protocol).startsWith("HTTP/1.1 204")) {
          accepted.add(client.getKey() + " " + protocol);
        }
      }
    }
    if (accepted.size() != JDK_ACCEPTS.size() * PROTOCOLS.size()) {
      throw new IllegalStateException("unexpected: " + accepted);
    }
    return accepted;
  }

  /** The status line the server answered, or the refusal's exception as text. */
  private String get(Identity client, String protocol) {
    try {
      return Probes.statusLineByHand(address, client == null ? ca.sslContextWithoutCertificate()
          : client.sslContext(ca), protocol);
    } catch (IOException e) {
      return e.toString();
    }
  }

}
