// tag::quick-start[]
package dev.mutualtls.junit.readme;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

@MutualTls
class QuickStartTest {
  @Test
  void callsAServerThatDemandsAClientCertificate(MutualTlsServer server, MutualTlsClient client) throws Exception {
    server.stubFor(get("/balance").willReturn(ok("42")));

    var response = client.httpClient().send(HttpRequest.newBuilder(server.uri("/balance")).build(),
        BodyHandlers.ofString());

    assertEquals("42", response.body());
  }
}
// end::quick-start[]
