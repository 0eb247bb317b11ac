package dev.mutualtls.recipes.grpc;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.Exchange;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.servers.Verdicts;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gRPC-java server of {@link GrpcMutualTlsTest}, hardened: {@link TlsServerCredentials} take a trust manager of
 * the application's own, here {@link StrictClientTrust} over the CA's trust store. The CA publishes OCSP and CRLs on
 * loopback, and every certificate names them, so the server asks about each client during its handshake. The TLS
 * still runs on BoringSSL; the trust manager is called from BoringSSL's certificate callback, and the alert BoringSSL
 * sends comes from the cause of the trust manager's exception (expired, not yet valid, revoked) or is
 * {@code internal_error}.
 */
@MutualTls(revocation = RevocationCheck.OCSP)
class GrpcHardenedMutualTlsTest {
  private static CertificateAuthority ca;
  private static Server server;

  @BeforeAll
  static void start(CertificateAuthority ca, @ServerIdentity Identity identity) throws Exception {
    GrpcHardenedMutualTlsTest.ca = ca;
    // tag::grpc-hardened-server[]
    ServerCredentials credentials = TlsServerCredentials.newBuilder()
        .keyManager(pem(identity.chainPem()), pem(identity.privateKeyPem()))
        .trustManager(StrictClientTrust.trusting(ca.trustStore()))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
    // end::grpc-hardened-server[]
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials)
        .addService(SubjectService.definition())
        .build()
        .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void answersTheClientsSubjectToAGrpcClientWithTlsChannelCredentials(MutualTlsClient client) throws Exception {
    ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
        .keyManager(pem(client.identity().chainPem()), pem(client.identity().privateKeyPem()))
        .trustManager(pem(ca.certificatePem()))
        .build();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.getPort(), credentials).build();
    try {
      assertThat(SubjectService.call(channel, Duration.ofSeconds(10))).isEqualTo("CN=client,O=mutualtls");
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void runsItsTlsOnTheBoringSslThatGrpcNettyShadedBundles() {
    assertThat(OpenSsl.isAvailable()).isTrue();
    assertThat(OpenSsl.versionString()).startsWith("BoringSSL");
  }

  @ParameterizedTest(name = "under {0} lets through the good client only")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void letsThroughTheGoodClientOnly(String protocol) {
    Map<String, GrpcAudit.Finding> findings = GrpcAudit.run(ca, server.getPort(), protocol);
    String table = GrpcAudit.table("gRPC, hardened, " + protocol, findings);
    System.out.println(table);

    List<String> letThrough = List.of(GrpcAudit.GOOD);
    assertThat(GrpcAudit.letThroughByJdkClient(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(GrpcAudit.letThroughByBoringSslClient(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(GrpcAudit.jdkClientRefusals(findings)).as(table)
        .isEqualTo(GrpcAudit.boringSslServerRefusals(protocol, letThrough, SslProvider.JDK));
    assertThat(GrpcAudit.boringSslClientRefusals(findings)).as(table)
        .isEqualTo(GrpcAudit.boringSslServerRefusals(protocol, letThrough, SslProvider.OPENSSL));
  }

  /**
   * The library's audit of the hardened server, over HTTP/2 as gRPC speaks it: every defect refused, over both
   * protocols.
   */
  @Test
  void theAuditFindsEveryDefectRefused() {
    AuditReport report = ServerAudit.of(ca).exchange(Exchange.http2())
        .run(new InetSocketAddress("127.0.0.1", server.getPort()));
    assertThatServer(report).refusesEveryDefect();
    System.out.println(report.table());
  }

  /** Twenty audits in a row find the same, and what the test above pins, every time. */
  @Test
  void auditsAlikeTwentyTimesInARow() {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getPort());
    Verdicts.auditTwentyTimes(ServerAudit.of(ca).exchange(Exchange.http2()), address,
        report -> assertThatServer(report).refusesEveryDefect());
  }

  static InputStream pem(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
