package dev.mutualtls.junit.readme;

import static com.github.tomakehurst.wiremock.client.WireMock.forbidden;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mutualtls.junit.ClientCertificates.fromClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.ClientCertificates;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

// tag::named-clients[]
@MutualTls(clients = {"alice", "bob"})
class NamedClientsTest {
  @Test
  void onlyAliceSeesHerAccount(MutualTlsServer server, @Client("alice") MutualTlsClient alice,
      @Client("bob") MutualTlsClient bob) throws Exception {
    server.stubFor(get("/account").willReturn(forbidden()));                     // everyone else
    server.stubFor(fromClient("alice", get("/account")).willReturn(ok("alice's account"))); // newest stub wins

    var request = HttpRequest.newBuilder(server.uri("/account")).build();
    assertEquals(200, alice.httpClient().send(request, BodyHandlers.ofString()).statusCode());
    assertEquals(403, bob.httpClient().send(request, BodyHandlers.ofString()).statusCode());

    server.verify(1, fromClient("alice", getRequestedFor(urlEqualTo("/account"))));
    assertEquals("bob", ClientCertificates.commonNameOf(server.requestsFrom("bob").get(0)).orElseThrow());
  }
}
// end::named-clients[]
