package dev.mutualtls.junit;

import static dev.mutualtls.junit.EngineRuns.assertAllPassed;
import static dev.mutualtls.junit.EngineRuns.run;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** JUnit configuration parameters set the defaults of a whole run; annotation attributes still win. */
class ConfigurationParametersTest {
  private static final Map<String, String> RUN_DEFAULTS = Map.of(
      "mutualtls.keyType", "EC_P384",
      "mutualtls.hostnames", "localhost, api.example.test",
      "mutualtls.protocols", "TLSv1.2",
      "mutualtls.clients", "dave, erin",
      "mutualtls.trustPolicy", "jdk_default",
      "mutualtls.httpTimeout", "PT3S");

  @Test
  void configurationParametersChangeTheDefaults() {
    assertAllPassed(run(RUN_DEFAULTS, RunDefaults.class), 1);
  }

  @Test
  void annotationAttributesOverrideConfigurationParameters() {
    assertAllPassed(run(RUN_DEFAULTS, Overriding.class), 1);
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class RunDefaults {
    @Test
    void test(CertificateAuthority ca, MutualTlsServer server, @ServerIdentity Identity identity,
        @Client("dave") MutualTlsClient dave, @Client("alice") MutualTlsClient alice) throws Exception {
      assertThat(ca.keyType()).isEqualTo(KeyType.EC_P384);
      assertThat(identity.certificate().getSubjectAlternativeNames())
          .containsExactly(List.of(2, "localhost"), List.of(2, "api.example.test"));
      assertThat(server.protocols()).containsExactly("TLSv1.2");
      assertThat(server.trustPolicy()).isEqualTo(TrustPolicy.JDK_DEFAULT);
      assertThat(dave.httpTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThatHandshake(server.handshake(dave)).isAccepted().withProtocol("TLSv1.2");
      assertThatHandshake(server.handshake(alice)).isAccepted();
    }
  }

  @MutualTls(keyType = KeyType.EC_P256, protocols = "TLSv1.3", trustPolicy = TrustPolicy.STRICT,
      hostnames = "127.0.0.1")
  @Tag("fixture")
  static class Overriding {
    @Test
    void test(CertificateAuthority ca, MutualTlsServer server, @Client("erin") MutualTlsClient erin) {
      assertThat(ca.keyType()).isEqualTo(KeyType.EC_P256);
      assertThat(server.protocols()).containsExactly("TLSv1.3");
      assertThat(server.trustPolicy()).isEqualTo(TrustPolicy.STRICT);
      assertThat(server.baseUri().getHost()).isEqualTo("127.0.0.1");
      assertThatHandshake(server.handshake(erin)).isAccepted().withProtocol("TLSv1.3");
    }
  }
}
