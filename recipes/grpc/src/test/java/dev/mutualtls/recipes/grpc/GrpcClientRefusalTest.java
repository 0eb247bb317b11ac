package dev.mutualtls.recipes.grpc;

import static dev.mutualtls.recipes.grpc.GrpcMutualTlsTest.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.netty.handler.codec.DecoderException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * What gRPC's client shows its caller when the server refuses its certificate, and how long that takes: the server of
 * {@link GrpcMutualTlsTest} and an expired client, under TLS 1.3 (what {@link TlsChannelCredentials} negotiates with
 * it) and TLS 1.2 (a client context restricted to it), each call with a deadline.
 */
@MutualTls
class GrpcClientRefusalTest {
  /** The call's deadline: a refusal seen "at once" takes less than half of it. */
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private static CertificateAuthority ca;
  private static Server server;

  @BeforeAll
  static void start(CertificateAuthority ca, @ServerIdentity Identity identity) throws Exception {
    GrpcClientRefusalTest.ca = ca;
    ServerCredentials credentials = TlsServerCredentials.newBuilder()
        .keyManager(pem(identity.chainPem()), pem(identity.privateKeyPem()))
        .trustManager(pem(ca.certificatePem()))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials)
        .addService(SubjectService.definition())
        .build()
        .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @RepeatedTest(20)
  void underTls13TheServersAlertArrivesAtOnceAfterTheClientsHandshake(
      @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
    ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
        .keyManager(pem(expired.identity().chainPem()), pem(expired.identity().privateKeyPem()))
        .trustManager(pem(ca.certificatePem()))
        .build();
    Measured refusal = call(credentials);
    assertThat(refusal.atOnce()).as("before the %s deadline: %s", DEADLINE, refusal).isTrue();
    assertThat(refusal.thrown().getStatus().getCode()).as("%s", refusal).isEqualTo(Code.UNAVAILABLE);
    assertThat(refusal.thrown().getStatus().getDescription()).as("%s", refusal).isEqualTo("ssl exception");
    assertThat(refusal.thrown()).as("%s", refusal).cause().isInstanceOf(DecoderException.class)
        .cause().isInstanceOf(SSLException.class).hasMessageContaining("SSLV3_ALERT_CERTIFICATE_EXPIRED");
  }

  @RepeatedTest(20)
  void underTls12TheServersAlertFailsTheHandshakeAtOnce(
      @Defective(Defect.EXPIRED) MutualTlsClient expired) throws Exception {
    ChannelCredentials credentials = NettySslContextChannelCredentials.create(GrpcSslContexts.forClient()
        .keyManager(expired.identity().keyManager())
        .trustManager(ca.certificate())
        .protocols("TLSv1.2")
        .build());
    Measured refusal = call(credentials);
    assertThat(refusal.atOnce()).as("before the %s deadline: %s", DEADLINE, refusal).isTrue();
    assertThat(refusal.thrown().getStatus().getCode()).as("%s", refusal).isEqualTo(Code.UNAVAILABLE);
    assertThat(refusal.thrown().getStatus().getDescription()).as("%s", refusal).startsWith("io exception");
    assertThat(refusal.thrown()).as("%s", refusal).cause().isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("SSLV3_ALERT_CERTIFICATE_EXPIRED");
  }

  private static Measured call(ChannelCredentials credentials) throws InterruptedException {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.getPort(), credentials).build();
    try {
      return assertTimeoutPreemptively(DEADLINE.multipliedBy(3), () -> {
        long start = System.nanoTime();
        try {
          SubjectService.call(channel, DEADLINE);
        } catch (StatusRuntimeException e) {
          return new Measured(e, Duration.ofNanos(System.nanoTime() - start));
        }
        throw new AssertionError("The call returned: the server let the certificate through");
      });
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** A failed call and how long it took. */
  private record Measured(StatusRuntimeException thrown, Duration elapsed) {
    boolean atOnce() {
      return elapsed.compareTo(DEADLINE.dividedBy(2)) < 0;
    }

    @Override
    public String toString() {
      return "after " + elapsed.toMillis() + " ms: " + thrown.getStatus() + " <- " + thrown.getCause();
    }
  }
}
