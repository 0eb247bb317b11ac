package com.example;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

@MutualTls(protocols = "TLSv1.2")
class LedgerClientTest {
  @Test
  void readsTheBalanceOverTls12(MutualTlsServer server, MutualTlsClient client) throws Exception {
    server.stubFor(get("/ledger").willReturn(ok("7")));
    var response = client.httpClient().send(HttpRequest.newBuilder(server.uri("/ledger")).build(),
        BodyHandlers.ofString());
    assertEquals("7", response.body());
    assertEquals("TLSv1.2", response.sslSession().orElseThrow().getProtocol());
  }
}
