package dev.mutualtls.recipes.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import org.junit.jupiter.api.Test;

/**
 * This module excludes WireMock (Jetty 11) from {@code mutualtls-junit} so that Jetty 12 can be on the class
 * path; these tests prove that {@code @MutualTls} still gives a test its CA and server identity then.
 */
@MutualTls
class WithoutWireMockTest {
  @Test
  void wireMockIsNotOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("com.github.tomakehurst.wiremock.WireMockServer"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theExtensionInjectsTheCaAndTheServerIdentity(CertificateAuthority ca, @ServerIdentity Identity server) {
    assertThat(server.chain()).hasSize(1);
    assertThat(server.certificate().getIssuerX500Principal()).isEqualTo(ca.subject());
  }
}
