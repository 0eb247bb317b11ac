package dev.mutualtls.benchmarks;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static dev.mutualtls.pki.Defect.EXPIRED;
import static dev.mutualtls.pki.Defect.MISMATCHED_PRIVATE_KEY;
import static dev.mutualtls.pki.Defect.MISSING_DIGITAL_SIGNATURE;
import static dev.mutualtls.pki.Defect.MISSING_INTERMEDIATE;
import static dev.mutualtls.pki.Defect.NOT_YET_VALID;
import static dev.mutualtls.pki.Defect.NO_CERTIFICATE;
import static dev.mutualtls.pki.Defect.SELF_SIGNED;
import static dev.mutualtls.pki.Defect.UNTRUSTED_ISSUER;
import static dev.mutualtls.pki.Defect.WRONG_EXTENDED_KEY_USAGE;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A test class of 20 tests run through JUnit Jupiter ({@code EngineTestKit}), each checking that the server
 * refuses one defective client, cycling through the nine client defects the JDK's default trust manager also
 * refuses (so that the hand-made server, which uses it, refuses them too). With {@code @MutualTls}: the class's
 * server, a {@code @Defective} client per test, {@code server.handshake(client)} asserted refused by the server
 * for the defect's reason. By hand: the CA and server certificates minted with mutualtls's core, WireMock
 * configured with key stores written to temporary files, and per test the defective certificate minted, its
 * PKCS#12 key store and the JDK's factories, and a TLS connection that must fail. {@code *FirstInJvm}: the
 * first class in a fresh JVM (one shot per fork).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TwentyTestClassBenchmark {
  static final int TESTS = 20;

  @Benchmark
  public long mutualtls() {
    return EngineRuns.run(WithMutualTls.class, TESTS);
  }

  @Benchmark
  public long handMade() {
    return EngineRuns.run(ByHand.class, TESTS);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public long mutualtlsFirstInJvm() {
    return mutualtls();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(8)
  public long handMadeFirstInJvm() {
    return handMade();
  }

  /** A fixture, not a test Surefire runs. */
  @MutualTls
  static class WithMutualTls {
    static void refused(MutualTlsServer server, MutualTlsClient client) {
      assertThatHandshake(server.handshake(client)).isRejectedByServer()
          .withReason(Reason.expectedFor(client.defect().orElseThrow()));
    }

    @Test
    void test01(MutualTlsServer server, @Defective(NO_CERTIFICATE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test02(MutualTlsServer server, @Defective(EXPIRED) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test03(MutualTlsServer server, @Defective(NOT_YET_VALID) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test04(MutualTlsServer server, @Defective(UNTRUSTED_ISSUER) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test05(MutualTlsServer server, @Defective(SELF_SIGNED) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test06(MutualTlsServer server, @Defective(WRONG_EXTENDED_KEY_USAGE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test07(MutualTlsServer server, @Defective(MISSING_DIGITAL_SIGNATURE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test08(MutualTlsServer server, @Defective(MISSING_INTERMEDIATE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test09(MutualTlsServer server, @Defective(MISMATCHED_PRIVATE_KEY) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test10(MutualTlsServer server, @Defective(NO_CERTIFICATE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test11(MutualTlsServer server, @Defective(EXPIRED) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test12(MutualTlsServer server, @Defective(NOT_YET_VALID) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test13(MutualTlsServer server, @Defective(UNTRUSTED_ISSUER) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test14(MutualTlsServer server, @Defective(SELF_SIGNED) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test15(MutualTlsServer server, @Defective(WRONG_EXTENDED_KEY_USAGE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test16(MutualTlsServer server, @Defective(MISSING_DIGITAL_SIGNATURE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test17(MutualTlsServer server, @Defective(MISSING_INTERMEDIATE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test18(MutualTlsServer server, @Defective(MISMATCHED_PRIVATE_KEY) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test19(MutualTlsServer server, @Defective(NO_CERTIFICATE) MutualTlsClient client) {
      refused(server, client);
    }

    @Test
    void test20(MutualTlsServer server, @Defective(EXPIRED) MutualTlsClient client) {
      refused(server, client);
    }
  }

  /** A fixture: the same class written by hand. */
  static class ByHand {
    private static Path dir;
    private static CertificateAuthority ca;
    private static WireMockServer server;

    @BeforeAll
    static void start() {
      dir = HandMade.tempDirectory();
      ca = CertificateAuthority.create();
      server = HandMade.wireMock(dir, ca.server(), ca);
    }

    @AfterAll
    static void stop() {
      server.stop();
      HandMade.delete(dir);
    }

    static void refused(Defect defect) {
      HandMade.requireRefused(HandMade.sslContext(defect == NO_CERTIFICATE ? null : ca.defective(defect), ca),
          server.httpsPort(), defect);
    }

    @Test
    void test01() {
      refused(NO_CERTIFICATE);
    }

    @Test
    void test02() {
      refused(EXPIRED);
    }

    @Test
    void test03() {
      refused(NOT_YET_VALID);
    }

    @Test
    void test04() {
      refused(UNTRUSTED_ISSUER);
    }

    @Test
    void test05() {
      refused(SELF_SIGNED);
    }

    @Test
    void test06() {
      refused(WRONG_EXTENDED_KEY_USAGE);
    }

    @Test
    void test07() {
      refused(MISSING_DIGITAL_SIGNATURE);
    }

    @Test
    void test08() {
      refused(MISSING_INTERMEDIATE);
    }

    @Test
    void test09() {
      refused(MISMATCHED_PRIVATE_KEY);
    }

    @Test
    void test10() {
      refused(NO_CERTIFICATE);
    }

    @Test
    void test11() {
      refused(EXPIRED);
    }

    @Test
    void test12() {
      refused(NOT_YET_VALID);
    }

    @Test
    void test13() {
      refused(UNTRUSTED_ISSUER);
    }

    @Test
    void test14() {
      refused(SELF_SIGNED);
    }

    @Test
    void test15() {
      refused(WRONG_EXTENDED_KEY_USAGE);
    }

    @Test
    void test16() {
      refused(MISSING_DIGITAL_SIGNATURE);
    }

    @Test
    void test17() {
      refused(MISSING_INTERMEDIATE);
    }

    @Test
    void test18() {
      refused(MISMATCHED_PRIVATE_KEY);
    }

    @Test
    void test19() {
      refused(NO_CERTIFICATE);
    }

    @Test
    void test20() {
      refused(EXPIRED);
    }
  }
}
