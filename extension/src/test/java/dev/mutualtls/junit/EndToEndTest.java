package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.forbidden;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mutualtls.junit.ClientCertificates.fromClient;
import static dev.mutualtls.junit.ClientCertificates.fromUri;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.handshake.TlsAlert;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The extension against the real WireMock server, run the way users run it (in parallel here). */
@MutualTls(clients = {"alice", "bob"})
class EndToEndTest {

  @Test
  void theDefaultClientGetsAStubbedResponseThroughTheInjectedHttpClient(MutualTlsServer server,
      MutualTlsClient client) throws Exception {
    server.stubFor(get("/hello").willReturn(ok("hello, client")));
    HttpResponse<String> response = Probes.get(client, server, "/hello");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello, client");
    assertThat(server.verdicts()).extracting(ServerVerdict::accepted).containsOnly(true);
  }

  @Test
  void stubsTellAliceAndBobApartByTheirCertificates(MutualTlsServer server, @Client("alice") MutualTlsClient alice,
      @Client("bob") MutualTlsClient bob) throws Exception {
    server.stubFor(fromClient("alice", get("/account")).willReturn(ok("alice's account")));
    server.stubFor(fromClient("bob", get("/account")).willReturn(ok("bob's account")));
    assertThat(Probes.get(alice, server, "/account").body()).isEqualTo("alice's account");
    assertThat(Probes.get(bob, server, "/account").body()).isEqualTo("bob's account");
    server.verify(1, fromClient("alice", getRequestedFor(urlEqualTo("/account"))));
    assertThat(server.requestsFrom("bob")).hasSize(1);
    assertThat(server.wireMock().getServeEvents())
        .extracting(event -> event.getRequest().getHeader(ClientCertificates.SUBJECT))
        .containsExactlyInAnyOrder("CN=alice,O=mutualtls", "CN=bob,O=mutualtls");
  }

  @Test
  void aClientCannotPoseAsAnotherBySendingTheHeaders(MutualTlsServer server, @Client("bob") MutualTlsClient bob)
      throws Exception {
    server.stubFor(fromClient("alice", get("/account")).willReturn(ok("alice's account")));
    server.stubFor(get("/account").willReturn(forbidden()));
    HttpResponse<String> response = bob.httpClient().send(HttpRequest.newBuilder(server.uri("/account"))
        .header(ClientCertificates.COMMON_NAME, "alice").header(ClientCertificates.SUBJECT, "CN=alice,O=mutualtls")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(ClientCertificates.commonNameOf(server.wireMock().getServeEvents().get(0).getRequest())).contains("bob");
  }

  @Test
  void stubsMatchOnASpiffeUri(MutualTlsServer server, CertificateAuthority ca) throws Exception {
    Identity workload = ca.issue(CertificateSpec.builder().commonName("payments")
        .uris("spiffe://example.org/ns/prod/sa/payments").extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH).build());
    server.stubFor(fromUri("spiffe://example.org/ns/prod/sa/payments", get("/pay")).willReturn(ok("paid")));
    HttpClient client = HttpClient.newBuilder().sslContext(workload.sslContext(ca))
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/pay"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("paid");
  }

  /**
   * Under TLS 1.3 the JDK's {@code HttpClient} can miss the server's refusal and fail only when the client's timeout
   * ends (seen once, 10.02 s, in a full build at load 12 on 17.0.15): so no claim of speed here, only that it fails,
   * that nothing reached a stub, and that the server knows why. The timeout is {@code HttpClientsTimeoutTest}'s; the
   * refusal that fails at once is {@link Tls12Only}'s.
   */
  @Test
  void aRefusedClientFailsThroughHttpClientAndTheServerKnowsWhy(MutualTlsServer server,
      @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    server.stubFor(get("/hello").willReturn(ok("hello")));
    assertThatThrownBy(() -> Probes.get(expired, server, "/hello")).isInstanceOf(IOException.class);
    assertThat(server.verdicts()).isNotEmpty().allSatisfy(verdict -> {
      assertThat(verdict.refusedByServer()).isTrue();
      assertThat(verdict.reason()).contains(Reason.EXPIRED);
    });
    assertThat(server.wireMock().getServeEvents()).isEmpty();
  }

  /** Every client defect, refused by the server with the defect's reason. */
  abstract static class EveryDefectRefused {
    static void assertRefused(MutualTlsServer server, MutualTlsClient client, Defect defect) {
      var result = server.handshake(client);
      assertThatHandshake(result).isRejectedByServer().withReason(Reason.expectedFor(defect));
      if (defect != Defect.NO_CERTIFICATE && defect != Defect.MISMATCHED_PRIVATE_KEY) {
        assertThatHandshake(result).withAlert(TlsAlert.CERTIFICATE_UNKNOWN);
      }
      assertThat(result.protocol()).contains(server.protocols().get(0));
    }

    @Test
    void noCertificate(MutualTlsServer server, @Defective(Defect.NO_CERTIFICATE) MutualTlsClient client) {
      assertRefused(server, client, Defect.NO_CERTIFICATE);
    }

    @Test
    void expired(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient client) {
      assertRefused(server, client, Defect.EXPIRED);
    }

    @Test
    void notYetValid(MutualTlsServer server, @Defective(Defect.NOT_YET_VALID) MutualTlsClient client) {
      assertRefused(server, client, Defect.NOT_YET_VALID);
    }

    @Test
    void untrustedIssuer(MutualTlsServer server, @Defective(Defect.UNTRUSTED_ISSUER) MutualTlsClient client) {
      assertRefused(server, client, Defect.UNTRUSTED_ISSUER);
    }

    @Test
    void selfSigned(MutualTlsServer server, @Defective(Defect.SELF_SIGNED) MutualTlsClient client) {
      assertRefused(server, client, Defect.SELF_SIGNED);
    }

    @Test
    void wrongExtendedKeyUsage(MutualTlsServer server,
        @Defective(Defect.WRONG_EXTENDED_KEY_USAGE) MutualTlsClient client) {
      assertRefused(server, client, Defect.WRONG_EXTENDED_KEY_USAGE);
    }

    @Test
    void missingDigitalSignature(MutualTlsServer server,
        @Defective(Defect.MISSING_DIGITAL_SIGNATURE) MutualTlsClient client) {
      assertRefused(server, client, Defect.MISSING_DIGITAL_SIGNATURE);
    }

    @Test
    void caAsLeaf(MutualTlsServer server, @Defective(Defect.CA_AS_LEAF) MutualTlsClient client) {
      assertRefused(server, client, Defect.CA_AS_LEAF);
    }

    @Test
    void missingIntermediate(MutualTlsServer server, @Defective(Defect.MISSING_INTERMEDIATE) MutualTlsClient client) {
      assertRefused(server, client, Defect.MISSING_INTERMEDIATE);
    }

    @Test
    void revoked(MutualTlsServer server, @Defective(Defect.REVOKED) MutualTlsClient client) {
      assertRefused(server, client, Defect.REVOKED);
    }

    @Test
    void weakKey(MutualTlsServer server, @Defective(Defect.WEAK_KEY) MutualTlsClient client) {
      assertRefused(server, client, Defect.WEAK_KEY);
    }

    @Test
    void sha1Signature(MutualTlsServer server, @Defective(Defect.SHA1_SIGNATURE) MutualTlsClient client) {
      assertRefused(server, client, Defect.SHA1_SIGNATURE);
    }

    @Test
    void mismatchedPrivateKey(MutualTlsServer server,
        @Defective(Defect.MISMATCHED_PRIVATE_KEY) MutualTlsClient client) {
      assertRefused(server, client, Defect.MISMATCHED_PRIVATE_KEY);
    }

    @Test
    void aGoodClientIsAccepted(MutualTlsServer server, MutualTlsClient client) throws Exception {
      assertThatHandshake(server.handshake(client)).isAccepted().withProtocol(server.protocols().get(0));
      server.stubFor(get("/").willReturn(ok("ok")));
      HttpResponse<String> response = Probes.get(client, server, "/");
      assertThat(response.body()).isEqualTo("ok");
    }
  }

  @Nested
  @MutualTls(protocols = "TLSv1.3")
  class Tls13Only extends EveryDefectRefused {
    @Test
    void aClientOfferingOnlyTls12IsRefused(MutualTlsServer server, MutualTlsClient client) {
      var result = Handshake.to(server.address()).hostname("localhost").protocols("TLSv1.2").serverView(server)
          .probe(client.identity(), client.certificateAuthority());
      assertThatHandshake(result).isRejectedByServer().withReason(Reason.PROTOCOL_VERSION);
    }
  }

  @Nested
  @MutualTls(protocols = "TLSv1.2")
  class Tls12Only extends EveryDefectRefused {
    /** Under TLS 1.2 the refusal ends the handshake, which the client is still waiting on: it fails at once. */
    @Test
    void aRefusedClientFailsFastThroughHttpClient(MutualTlsServer server,
        @Defective(Defect.EXPIRED) MutualTlsClient expired) {
      server.stubFor(get("/hello").willReturn(ok("hello")));
      Instant start = Instant.now();
      assertThatThrownBy(() -> Probes.get(expired, server, "/hello")).isInstanceOf(IOException.class);
      assertThat(Duration.between(start, Instant.now())).isLessThan(expired.httpTimeout());
      assertThat(server.wireMock().getServeEvents()).isEmpty();
    }

    @Test
    void aClientOfferingOnlyTls13IsRefused(MutualTlsServer server, MutualTlsClient client) {
      var result = Handshake.to(server.address()).hostname("localhost").protocols("TLSv1.3").serverView(server)
          .probe(client.identity(), client.certificateAuthority());
      assertThatHandshake(result).isRejectedByServer().withReason(Reason.PROTOCOL_VERSION);
    }
  }

  /** Checking revocation over the network changes no other verdict. */
  @Nested
  @MutualTls(revocation = RevocationCheck.OCSP)
  class OcspChecked extends EveryDefectRefused {}

  @Nested
  @MutualTls(revocation = RevocationCheck.CRL, protocols = "TLSv1.2")
  class CrlCheckedOverTls12 extends EveryDefectRefused {}

  @Nested
  @MutualTls(trustPolicy = TrustPolicy.JDK_DEFAULT)
  class JdkDefaultPolicy {
    @Test
    void acceptsACaCertificateAsLeaf(MutualTlsServer server, @Defective(Defect.CA_AS_LEAF) MutualTlsClient client) {
      assertThatHandshake(server.handshake(client)).isAccepted();
    }

    @Test
    void acceptsARevokedCertificate(MutualTlsServer server, @Defective(Defect.REVOKED) MutualTlsClient client) {
      assertThatHandshake(server.handshake(client)).isAccepted();
    }

    @Test
    void acceptsSha1(MutualTlsServer server, @Defective(Defect.SHA1_SIGNATURE) MutualTlsClient client) {
      assertThatHandshake(server.handshake(client)).isAccepted();
    }

    @Test
    void stillRefusesExpiredCertificates(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient client) {
      assertThatHandshake(server.handshake(client)).isRejectedByServer().withReason(Reason.EXPIRED);
    }
  }
}
