package dev.mutualtls.junit.readme;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mutualtls.handshake.Reason;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

// tag::quick-start[]
@MutualTls
class QuickStartTest {
  @Test
  void servesAClientWithAValidCertificate(MutualTlsServer server, MutualTlsClient client) throws Exception {
    server.stubFor(get("/balance").willReturn(ok("42")));
    var request = HttpRequest.newBuilder(server.uri("/balance")).build();

    assertEquals("42", client.httpClient().send(request, BodyHandlers.ofString()).body());
  }

  @Test
  void refusesAnExpiredCertificate(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    assertThatHandshake(server.handshake(expired)).isRejectedByServer().withReason(Reason.EXPIRED);
  }
}
// end::quick-start[]
