package dev.mutualtls.junit;

import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.entries;
import static dev.mutualtls.junit.EngineRuns.onlyFailure;
import static dev.mutualtls.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Every kind of parameter @MutualTls injects, into test methods, lifecycle methods and constructors. */
class ParameterInjectionTest {

  @Test
  void injectsEveryParameterKind() {
    assertAllPassed(run(EveryKind.class), 10);
  }

  @Test
  void injectsIntoConstructorsAndLifecycleMethods() {
    EngineExecutionResults results = run(Lifecycle.class);
    assertAllPassed(results, 1);
    assertThat(entries(results, "ca")).hasSize(2).containsOnly(entries(results, "ca").get(0));
  }

  @Test
  void leavesUnsupportedTypesToOtherResolvers() {
    Throwable failure = onlyFailure(run(Unsupported.class));
    assertThat(failure).isInstanceOf(ParameterResolutionException.class)
        .hasMessageStartingWith("No ParameterResolver registered for parameter [java.lang.String arg0]");
  }

  @MutualTls(clients = {"alice", "bob"})
  @Tag("fixture")
  static class EveryKind {
    @Test
    void certificateAuthorityAndServer(CertificateAuthority ca, MutualTlsServer server) {
      assertThat(server.certificateAuthority()).isSameAs(ca);
      assertThat(server.identity().certificate().getIssuerX500Principal()).isEqualTo(ca.subject());
      assertThat(server.trustPolicy()).isEqualTo(TrustPolicy.STRICT);
      assertThat(server.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
      assertThat(server.baseUri().toString()).isEqualTo("https://localhost:" + server.port());
      assertThat(server.uri("hello").toString()).isEqualTo("https://localhost:" + server.port() + "/hello");
    }

    @Test
    void defaultClient(MutualTlsClient client, SSLContext context, @Client("client") MutualTlsClient named,
        CertificateAuthority ca) {
      assertThat(client.name()).isEqualTo("client");
      assertThat(client.identity().certificate().getSubjectX500Principal().getName())
          .isEqualTo("CN=client,O=mutualtls");
      assertThat(context).isSameAs(client.sslContext());
      assertThat(named).isSameAs(client);
      assertThat(client.certificateAuthority()).isSameAs(ca);
      assertThat(client.defect()).isEmpty();
      assertThat(client.httpTimeout()).isEqualTo(MutualTlsClient.DEFAULT_HTTP_TIMEOUT);
    }

    @Test
    void namedClients(@Client("alice") MutualTlsClient alice, @Client("alice") Identity aliceIdentity,
        @Client("alice") SSLContext aliceContext, @Client("bob") MutualTlsClient bob) throws Exception {
      assertThat(alice.identity()).isSameAs(aliceIdentity);
      assertThat(alice.sslContext()).isSameAs(aliceContext);
      assertThat(aliceIdentity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=alice,O=mutualtls");
      assertThat(bob.identity().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=bob,O=mutualtls");
      KeyStore keys = alice.keyStore();
      assertThat(keys.getCertificate("mutualtls")).isEqualTo(aliceIdentity.certificate());
      assertThat(keys.getKey("mutualtls", MutualTlsClient.KEY_STORE_PASSWORD.toCharArray())).isNotNull();
      assertThat(alice.trustStore().getCertificate("mutualtls-root")).isEqualTo(alice.certificateAuthority().root());
    }

    @Test
    void defectiveClient(@Defective(Defect.EXPIRED) MutualTlsClient expired,
        @Defective(Defect.EXPIRED) Identity identity, @Defective(Defect.EXPIRED) SSLContext context) {
      assertThat(expired.identity()).isSameAs(identity);
      assertThat(expired.sslContext()).isSameAs(context);
      assertThat(expired.name()).isEqualTo("client-expired");
      assertThat(expired.defect()).contains(Defect.EXPIRED);
      assertThat(identity.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
    }

    @Test
    void clientWithoutCertificate(@Defective(Defect.NO_CERTIFICATE) MutualTlsClient none,
        @Defective(Defect.NO_CERTIFICATE) SSLContext context) throws Exception {
      assertThat(none.presentsCertificate()).isFalse();
      assertThat(none.sslContext()).isSameAs(context);
      assertThat(none.keyStore().size()).isZero();
      assertThatThrownBy(none::identity).isInstanceOf(IllegalStateException.class)
          .hasMessage("MutualTlsClient client-no-certificate (@Defective(NO_CERTIFICATE)) presents no certificate,"
              + " so it has no identity; check presentsCertificate() first, or use sslContext() or keyStore(),"
              + " which hold no certificate");
    }

    @Test
    void defectiveServerIdentity(@Defective(Defect.HOSTNAME_MISMATCH) Identity wrong) throws Exception {
      assertThat(wrong.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2, "wrong.example"));
    }

    @Test
    void serverIdentity(@ServerIdentity Identity identity, MutualTlsServer server) {
      assertThat(identity).isSameAs(server.identity());
    }

    @Test
    void sameObjectsWithinTheClass(@Client("alice") MutualTlsClient alice, CertificateAuthority ca,
        @ServerIdentity Identity identity) {
      assertThat(alice.certificateAuthority()).isSameAs(ca);
      assertThat(identity.certificate().getIssuerX500Principal()).isEqualTo(ca.subject());
    }

    @Test
    void composedSelectors(@Alice MutualTlsClient alice, @Client("alice") MutualTlsClient same) {
      assertThat(alice).isSameAs(same);
    }

    @Test
    void otherResolversStillWork(TestInfo info, MutualTlsClient client) {
      assertThat(info.getTestMethod()).isPresent();
      assertThat(client).isNotNull();
    }
  }

  @Target(ElementType.PARAMETER)
  @Retention(RetentionPolicy.RUNTIME)
  @Client("alice")
  @interface Alice {}

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class Lifecycle {
    private final MutualTlsClient fromConstructor;
    private MutualTlsServer fromBeforeEach;

    Lifecycle(@Client("alice") MutualTlsClient alice) {
      this.fromConstructor = alice;
    }

    @BeforeAll
    static void beforeAll(CertificateAuthority ca, TestReporter reporter) {
      reporter.publishEntry("ca", ca.subject().getName());
    }

    @BeforeEach
    void beforeEach(MutualTlsServer server) {
      fromBeforeEach = server;
    }

    @Test
    void test(CertificateAuthority ca, MutualTlsServer server, @Client("alice") MutualTlsClient alice,
        TestReporter reporter) {
      reporter.publishEntry("ca", ca.subject().getName());
      assertThat(fromConstructor).isSameAs(alice);
      assertThat(fromBeforeEach).isSameAs(server);
    }
  }

  @MutualTls
  @Tag("fixture")
  static class Unsupported {
    @Test
    void test(String unsupported) {}
  }
}
