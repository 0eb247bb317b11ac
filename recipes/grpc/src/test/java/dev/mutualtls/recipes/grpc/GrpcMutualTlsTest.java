package dev.mutualtls.recipes.grpc;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static dev.mutualtls.pki.Defect.CA_AS_LEAF;
import static dev.mutualtls.pki.Defect.REVOKED;
import static dev.mutualtls.pki.Defect.SHA1_SIGNATURE;
import static dev.mutualtls.pki.Defect.WEAK_KEY;
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
 * A gRPC-java server (grpc-netty-shaded) with mutual TLS as its documentation configures it, left at the JDK's
 * defaults: {@link TlsServerCredentials} with the server's PEM chain and key, the CA's PEM certificate as trusted root
 * and {@code ClientAuth.REQUIRE}, on a free loopback port. gRPC builds the JDK's default PKIX trust manager from the
 * PEM root, and runs the TLS itself on the BoringSSL that grpc-netty-shaded bundles.
 */
@MutualTls(revocation = RevocationCheck.OCSP)
class GrpcMutualTlsTest {
  private static CertificateAuthority ca;
  private static Server server;

  @BeforeAll
  static void start(CertificateAuthority ca, @ServerIdentity Identity identity) throws Exception {
    GrpcMutualTlsTest.ca = ca;
    // tag::grpc-server[]
    ServerCredentials credentials = TlsServerCredentials.newBuilder()
        .keyManager(pem(identity.chainPem()), pem(identity.privateKeyPem()))
        .trustManager(pem(ca.certificatePem()))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials)
        .addService(SubjectService.definition())
        .build()
        .start();
    // end::grpc-server[]
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void answersTheClientsSubjectToAGrpcClientWithTlsChannelCredentials(MutualTlsClient client) throws Exception {
    // tag::grpc-client[]
    ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
        .keyManager(pem(client.identity().chainPem()), pem(client.identity().privateKeyPem()))
        .trustManager(pem(ca.certificatePem()))
        .build();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.getPort(), credentials).build();
    // end::grpc-client[]
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

  @ParameterizedTest(name = "under {0} lets through the good client and exactly the four defects the JDK accepts")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void letsThroughWhatTheJdksDefaultsAccept(String protocol) {
    Map<String, GrpcAudit.Finding> findings = GrpcAudit.run(ca, server.getPort(), protocol);
    String table = GrpcAudit.table("gRPC, JDK defaults, " + protocol, findings);
    System.out.println(table);

    List<String> letThrough = List.of(GrpcAudit.GOOD, "CA_AS_LEAF", "REVOKED", "WEAK_KEY", "SHA1_SIGNATURE");
    assertThat(GrpcAudit.letThroughByJdkClient(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(GrpcAudit.letThroughByBoringSslClient(findings)).as(table).containsExactlyElementsOf(letThrough);
    assertThat(GrpcAudit.jdkClientRefusals(findings)).as(table)
        .isEqualTo(GrpcAudit.boringSslServerRefusals(protocol, letThrough, SslProvider.JDK));
    assertThat(GrpcAudit.boringSslClientRefusals(findings)).as(table)
        .isEqualTo(GrpcAudit.boringSslServerRefusals(protocol, letThrough, SslProvider.OPENSSL));
  }

  /**
   * The library's audit, over HTTP/2 as gRPC speaks it, says what gRPC's own clients measured: the four defects the
   * JDK's defaults accept, and every other defect refused, over both protocols.
   */
  @Test
  void theAuditFindsTheFourDefectsTheJdkAccepts() {
    // tag::grpc-audit[]
    AuditReport report = ServerAudit.of(ca).exchange(Exchange.http2())
        .run(new InetSocketAddress("127.0.0.1", server.getPort()));
    assertThatServer(report).refusesEveryDefectExcept(CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE);
    // end::grpc-audit[]
    System.out.println(report.table());
  }

  /** Twenty audits in a row find the same, and what the test above pins, every time. */
  @Test
  void auditsAlikeTwentyTimesInARow() {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getPort());
    Verdicts.auditTwentyTimes(ServerAudit.of(ca).exchange(Exchange.http2()), address,
        report -> assertThatServer(report).refusesEveryDefectExcept(CA_AS_LEAF, REVOKED, WEAK_KEY, SHA1_SIGNATURE));
  }

  static InputStream pem(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
