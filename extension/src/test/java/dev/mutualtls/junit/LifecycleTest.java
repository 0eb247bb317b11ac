package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.entry;
import static dev.mutualtls.junit.EngineRuns.run;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.KeyType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** When CAs and servers are made, shared, reset and stopped. */
class LifecycleTest {

  @Test
  void oneCaAndServerPerClassWithStubsAndJournalResetBetweenTests() {
    EngineExecutionResults results = run(PerClass.class);
    assertAllPassed(results, 2);
    assertThat(entry(results, "first", "ca")).isEqualTo(entry(results, "second", "ca"));
    assertThat(entry(results, "first", "port")).isEqualTo(entry(results, "second", "port"));
  }

  @Test
  void aMethodWhoseConfigurationDiffersGetsItsOwnCaAndServer() {
    EngineExecutionResults results = run(MethodConfiguration.class);
    assertAllPassed(results, 3);
    assertThat(entry(results, "classConfiguration", "ca")).isEqualTo(entry(results, "moreClients", "ca"));
    assertThat(entry(results, "classConfiguration", "port")).isEqualTo(entry(results, "moreClients", "port"));
    assertThat(entry(results, "otherKeyType", "ca")).isNotEqualTo(entry(results, "classConfiguration", "ca"));
    // A server of another CA is another server; its port may be one the other server freed.
  }

  @Test
  void nestedClassesShareTheCaUnlessTheirConfigurationDiffers() {
    EngineExecutionResults results = run(Outer.class);
    assertAllPassed(results, 3);
    assertThat(entry(results, "outer", "ca")).isEqualTo(entry(results, "inner", "ca"));
    assertThat(entry(results, "outer", "ca")).isNotEqualTo(entry(results, "tls12", "ca"));
  }

  @Test
  void configurationIsInheritedFromSuperclasses() {
    assertAllPassed(run(Inheriting.class), 1);
  }

  @Test
  void worksAsAMetaAnnotation() {
    assertAllPassed(run(MetaAnnotated.class), 1);
  }

  @Test
  void aClassThatNeverAsksForTheServerStartsNone() {
    assertAllPassed(run(Lazy.class), 1);
  }

  @Test
  void everythingIsStoppedAfterTheClassEvenWhenATestFails() throws Exception {
    Set<String> tempFilesBefore = Probes.suspiciousTempFiles();
    EngineExecutionResults results = run(FailingAfterUse.class);
    assertThat(results.testEvents().failed().count()).isEqualTo(1);
    int port = Integer.parseInt(entry(results, "fails", "port").orElseThrow());
    String serial = entry(results, "fails", "serial").orElseThrow();
    assertThat(Probes.threadsStartingWith("mutualtls-FailingAfterUse-")).isEmpty();
    assertThat(Probes.serialPresentedOn(port)).as("certificate presented on port %d", port).isNotEqualTo(serial);
    assertThat(Probes.suspiciousTempFiles()).isSubsetOf(tempFilesBefore);
  }

  @MutualTls
  @Tag("fixture")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    @Test
    @Order(1)
    void first(MutualTlsServer server, MutualTlsClient client, CertificateAuthority ca, TestReporter reporter)
        throws Exception {
      reporter.publishEntry("ca", ca.subject().getName());
      reporter.publishEntry("port", String.valueOf(server.port()));
      server.stubFor(get("/a").willReturn(ok("a")));
      server.wireMock().setGlobalFixedDelayVariable(1);
      assertThat(Probes.get(client, server, "/a").body()).isEqualTo("a");
      assertThat(server.wireMock().getServeEvents()).hasSize(1);
    }

    @Test
    @Order(2)
    void second(MutualTlsServer server, MutualTlsClient client, CertificateAuthority ca, TestReporter reporter)
        throws Exception {
      reporter.publishEntry("ca", ca.subject().getName());
      reporter.publishEntry("port", String.valueOf(server.port()));
      assertThat(server.wireMock().getServeEvents()).isEmpty();
      assertThat(server.wireMock().allStubMappings().getMappings()).isEmpty();
      assertThat(server.wireMock().getGlobalSettings().getFixedDelay()).isNull();
      assertThat(server.verdicts()).isEmpty();
      assertThat(Probes.get(client, server, "/a").statusCode()).isEqualTo(404);
    }
  }

  @MutualTls
  @Tag("fixture")
  static class MethodConfiguration {
    @Test
    void classConfiguration(MutualTlsServer server, CertificateAuthority ca, TestReporter reporter) {
      reporter.publishEntry("ca", ca.subject().getName());
      reporter.publishEntry("port", String.valueOf(server.port()));
      assertThat(ca.keyType()).isEqualTo(KeyType.EC_P256);
    }

    @Test
    @MutualTls(keyType = KeyType.EC_P384)
    void otherKeyType(MutualTlsServer server, CertificateAuthority ca, MutualTlsClient client,
        TestReporter reporter) {
      reporter.publishEntry("ca", ca.subject().getName());
      reporter.publishEntry("port", String.valueOf(server.port()));
      assertThat(ca.keyType()).isEqualTo(KeyType.EC_P384);
      assertThat(client.certificateAuthority()).isSameAs(ca);
      assertThatHandshake(server.handshake(client)).isAccepted();
    }

    @Test
    @MutualTls(clients = "carol")
    void moreClients(MutualTlsServer server, CertificateAuthority ca, @Client("carol") MutualTlsClient carol,
        TestReporter reporter) {
      reporter.publishEntry("ca", ca.subject().getName());
      reporter.publishEntry("port", String.valueOf(server.port()));
      assertThatHandshake(server.handshake(carol)).isAccepted();
    }
  }

  @MutualTls
  @Tag("fixture")
  static class Outer {
    @Test
    void outer(CertificateAuthority ca, TestReporter reporter) {
      reporter.publishEntry("ca", ca.subject().getName());
    }

    @Nested
    class Inner {
      @Test
      void inner(CertificateAuthority ca, MutualTlsServer server, MutualTlsClient client, TestReporter reporter) {
        reporter.publishEntry("ca", ca.subject().getName());
        assertThatHandshake(server.handshake(client)).isAccepted();
      }
    }

    @Nested
    @MutualTls(protocols = "TLSv1.2")
    class Tls12 {
      @Test
      void tls12(CertificateAuthority ca, MutualTlsServer server, MutualTlsClient client, TestReporter reporter) {
        reporter.publishEntry("ca", ca.subject().getName());
        assertThatHandshake(server.handshake(client)).isAccepted().withProtocol("TLSv1.2");
      }
    }
  }

  @MutualTls(clients = "alice", keyType = KeyType.EC_P384)
  abstract static class Base {}

  @Tag("fixture")
  static class Inheriting extends Base {
    @Test
    void inherits(@Client("alice") MutualTlsClient alice, CertificateAuthority ca) {
      assertThat(ca.keyType()).isEqualTo(KeyType.EC_P384);
      assertThat(alice.identity().certificate().getSubjectX500Principal().getName())
          .isEqualTo("CN=alice,O=mutualtls");
    }
  }

  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @MutualTls(clients = "alice", protocols = "TLSv1.2")
  @interface PaymentsMutualTls {}

  @PaymentsMutualTls
  @Tag("fixture")
  static class MetaAnnotated {
    @Test
    void composed(MutualTlsServer server, @Client("alice") MutualTlsClient alice) {
      assertThatHandshake(server.handshake(alice)).isAccepted().withProtocol("TLSv1.2");
    }
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class Lazy {
    @Test
    void noServer(CertificateAuthority ca, @Client("alice") MutualTlsClient alice) {
      assertThat(alice.certificateAuthority()).isSameAs(ca);
      assertThat(Probes.threadsStartingWith("mutualtls-Lazy-")).isEmpty();
    }
  }

  @MutualTls
  @Tag("fixture")
  @Execution(ExecutionMode.SAME_THREAD)
  static class FailingAfterUse {
    @Test
    void fails(MutualTlsServer server, MutualTlsClient client, TestReporter reporter) throws Exception {
      reporter.publishEntry("port", String.valueOf(server.port()));
      reporter.publishEntry("serial", server.identity().certificate().getSerialNumber().toString());
      server.stubFor(get("/").willReturn(ok()));
      assertThat(Probes.get(client, server, "/").statusCode()).isEqualTo(200);
      assertThat(Probes.threadsStartingWith("mutualtls-FailingAfterUse-")).isNotEmpty();
      throw new AssertionError("fails on purpose, after using the server");
    }
  }
}
