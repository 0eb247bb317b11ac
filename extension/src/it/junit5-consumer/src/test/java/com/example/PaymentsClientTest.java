package com.example;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mutualtls.handshake.Reason;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

@MutualTls(clients = "alice")
class PaymentsClientTest {
  @Test
  void pays(MutualTlsServer server, @Client("alice") MutualTlsClient alice) throws Exception {
    server.stubFor(get("/balance").willReturn(ok("42")));
    var request = HttpRequest.newBuilder(server.uri("/balance")).build();
    assertEquals("42", alice.httpClient().send(request, BodyHandlers.ofString()).body());
  }

  @Test
  void expiredClientIsRejected(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    assertThatHandshake(server.handshake(expired)).isRejectedByServer().withReason(Reason.EXPIRED);
  }

  @Test
  void clientWithoutCertificateIsRejected(MutualTlsServer server,
      @Defective(Defect.NO_CERTIFICATE) MutualTlsClient anonymous) {
    assertThatHandshake(server.handshake(anonymous)).isRejectedByServer().withReason(Reason.NO_CERTIFICATE);
  }

  @Test
  void clientFromAnotherCaIsRejected(MutualTlsServer server,
      @Defective(Defect.UNTRUSTED_ISSUER) MutualTlsClient stranger) {
    assertThatHandshake(server.handshake(stranger)).isRejectedByServer().withReason(Reason.UNTRUSTED_ISSUER);
  }
}
