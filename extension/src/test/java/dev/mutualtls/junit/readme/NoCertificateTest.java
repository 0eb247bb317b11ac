package dev.mutualtls.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.CertificateSelection;
import dev.mutualtls.handshake.CertificateSelection.Cause;
import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

@MutualTls
class NoCertificateTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @Test
  void saysWhyTheClientSentNoCertificate(MutualTlsServer server, CertificateAuthority ca,
      @Defective(Defect.UNTRUSTED_ISSUER) Identity stranger, TestReporter reporter) {
    KeyStore keyStore = stranger.keyStore(PASSWORD);
    // tag::no-certificate[]
    CertificateSelection selection = Handshake.to(new InetSocketAddress("localhost", server.port()))
        .certificateSelection(keyStore, PASSWORD);    // or certificateSelection(keyManager)
    System.out.println(selection.explain());
    // end::no-certificate[]
    reporter.publishEntry("selection", selection.explain());
    assertThat(selection.sent()).as(selection.explain()).isFalse();
    assertThat(selection.causes()).containsExactly(Cause.ISSUER_NOT_ACCEPTED);
    assertThat(selection.acceptableIssuers()).containsExactly(ca.subject());
    assertThat(selection.explain()).contains("'mutualtls' was issued by "
        + stranger.certificate().getIssuerX500Principal().getName() + ", and the server named "
        + ca.subject().getName() + " only.");
    assertThat(selection.handshake().explain()).contains("why (inferred by checking each key against the request)");
  }
}
