package dev.mutualtls.recipes.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * {@link MutualTlsServer} (WireMock 3.13 on Jetty 11) on the class path of a Spring Boot 4.0 application, where
 * Spring Boot's BOM manages Jetty 12 and a newer Jackson 2: the module imports WireMock's Jetty BOM first, so WireMock
 * keeps the Jetty it runs on, and takes Spring Boot's Jackson 2 (2.21), which WireMock runs on and Jackson 3 (Spring
 * Boot's JSON) needs for its annotations. These tests fail first if a version change breaks that.
 */
@MutualTls
class WireMockNextToSpringTest {
  @Test
  void answersAStubOverHttpsToTheDefaultClient(MutualTlsServer server, MutualTlsClient client) throws Exception {
    server.stubFor(get("/balance").willReturn(okJson("{\"account\":\"alice\",\"balance\":42}")));

    HttpResponse<String> response = client.httpClient()
        .send(HttpRequest.newBuilder(server.uri("/balance")).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"account\":\"alice\",\"balance\":42}");
  }

  @Test
  void answersAStubToSpringsRestClientWhichReadsItWithJackson3(MutualTlsServer server, MutualTlsClient client) {
    server.stubFor(get("/balance").willReturn(okJson("{\"account\":\"alice\",\"balance\":42}")));
    RestClient rest = RestClient.builder()
        .baseUrl(server.baseUri().toString())
        .requestFactory(new JdkClientHttpRequestFactory(client.httpClient()))
        .build();

    Map<String, Object> balance = rest.get().uri("/balance").retrieve()
        .body(new ParameterizedTypeReference<Map<String, Object>>() {});

    assertThat(balance).containsEntry("account", "alice").containsEntry("balance", 42);
  }

  @Test
  void runsOnJetty11AndJackson2NextToSpringBoot() {
    assertThat(Jetty.VERSION).startsWith("11.0.");
    assertThat(PackageVersion.VERSION.getMajorVersion()).isEqualTo(2);
  }
}
