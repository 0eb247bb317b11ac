package dev.mutualtls.recipes.clients.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.recipes.clients.Refusal.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.recipes.clients.Refusal;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webclient.autoconfigure.WebClientSsl;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Spring Boot 4.0's {@link RestClient} and {@link WebClient} with a {@link MutualTlsClient}'s certificate through an
 * SSL bundle, as Spring users configure them, and what each shows its caller when the server refuses the certificate.
 * The auto-configured builders pick the HTTP library on the class path: Apache HttpClient 5 (which WireMock brings)
 * under the {@code RestClient}, Reactor Netty under the {@code WebClient}.
 */
// tag::spring-client-properties[]
@MutualTls
@SpringBootTest(classes = SpringClientsTest.ClientApplication.class, webEnvironment = WebEnvironment.NONE,
    properties = {"spring.http.clients.ssl.bundle=client", "spring.http.clients.connect-timeout=10s",
        "spring.http.clients.read-timeout=10s"})
// end::spring-client-properties[]
@DirtiesContext
class SpringClientsTest {
  private static MutualTlsClient client;
  private static MutualTlsClient expired;

  @Autowired
  RestClient.Builder restClients;
  @Autowired
  WebClient.Builder webClients;
  @Autowired
  RestClientSsl restClientSsl;
  @Autowired
  WebClientSsl webClientSsl;

  @BeforeAll
  static void clients(MutualTlsClient client, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    SpringClientsTest.client = client;
    SpringClientsTest.expired = expired;
  }

  // tag::spring-client-bundle[]
  @DynamicPropertySource
  static void sslBundle(DynamicPropertyRegistry registry) {
    registry.add("spring.ssl.bundle.pem.client.keystore.certificate", () -> client.identity().chainPem());
    registry.add("spring.ssl.bundle.pem.client.keystore.private-key", () -> client.identity().privateKeyPem());
    registry.add("spring.ssl.bundle.pem.client.truststore.certificate",
        () -> client.certificateAuthority().certificatePem());
  }
  // end::spring-client-bundle[]

  /** The expired client's bundle once per TLS version, as {@code expired-tls12} and {@code expired-tls13}. */
  @DynamicPropertySource
  static void expiredBundles(DynamicPropertyRegistry registry) {
    for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
      // No dot in a bundle's name: the property binder would read it as a level of nesting.
      String bundle = "spring.ssl.bundle.pem.expired-tls" + protocol.substring(4).replace(".", "") + ".";
      registry.add(bundle + "keystore.certificate", () -> expired.identity().chainPem());
      registry.add(bundle + "keystore.private-key", () -> expired.identity().privateKeyPem());
      registry.add(bundle + "truststore.certificate", () -> expired.certificateAuthority().certificatePem());
      registry.add(bundle + "options.enabled-protocols", () -> protocol);
    }
  }

  @Test
  void restClientCallsTheServerWithTheBundlesCertificate(MutualTlsServer server) {
    server.stubFor(get("/balance").willReturn(ok("42")));
    // tag::spring-rest-client[]
    RestClient rest = restClients.baseUrl(server.baseUri().toString()).build();
    // end::spring-rest-client[]

    ResponseEntity<String> response = rest.get().uri("/balance").retrieve().toEntity(String.class);

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("42");
  }

  @Test
  void webClientCallsTheServerWithTheBundlesCertificate(MutualTlsServer server) {
    server.stubFor(get("/balance").willReturn(ok("42")));
    // tag::spring-web-client[]
    WebClient web = webClients.baseUrl(server.baseUri().toString()).build();
    // end::spring-web-client[]

    ResponseEntity<String> response = web.get().uri("/balance").retrieve().toEntity(String.class).block(TIMEOUT);

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("42");
  }

  @RepeatedTest(20)
  void restClientShowsTheAlertOrABrokenPipeAtOnceUnderTls12(MutualTlsServer server) {
    Refusal refusal = restRefusal(server, "expired-tls12");
    assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
    assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(ResourceAccessException.class)
        .hasMessageStartingWith("I/O error on GET request for")
        .cause().satisfiesAnyOf(Refusal::isTheAlert, Refusal::isBrokenPipe);
  }

  @RepeatedTest(20)
  void restClientShowsTheAlertOrABrokenPipeAtOnceUnderTls13(MutualTlsServer server) {
    Refusal refusal = restRefusal(server, "expired-tls13");
    assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
    assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(ResourceAccessException.class)
        .hasMessageStartingWith("I/O error on GET request for")
        .cause().satisfiesAnyOf(Refusal::isTheAlert, Refusal::isBrokenPipe);
  }

  @RepeatedTest(20)
  void webClientShowsTheAlertAtOnceUnderTls12(MutualTlsServer server) {
    Refusal refusal = webRefusal(server, "expired-tls12");
    assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
    assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(WebClientRequestException.class)
        .cause().satisfies(Refusal::isTheAlert);
  }

  @RepeatedTest(20)
  void webClientShowsTheAlertInADecoderExceptionAtOnceUnderTls13(MutualTlsServer server) {
    Refusal refusal = webRefusal(server, "expired-tls13");
    assertThat(refusal.atOnce()).as("before the %s timeout: %s", TIMEOUT, refusal).isTrue();
    assertThat(refusal.thrown()).as("%s", refusal).isInstanceOf(WebClientRequestException.class)
        .cause().isInstanceOf(DecoderException.class)
        .cause().satisfies(Refusal::isTheAlert);
  }

  private Refusal restRefusal(MutualTlsServer server, String bundle) {
    RestClient rest = restClients.clone().apply(restClientSsl.fromBundle(bundle)).build();
    return Refusal.of(() -> rest.get().uri(server.uri("/")).retrieve().toBodilessEntity());
  }

  private Refusal webRefusal(MutualTlsServer server, String bundle) {
    WebClient web = webClients.clone().apply(webClientSsl.fromBundle(bundle)).build();
    return Refusal.of(() -> web.get().uri(server.uri("/")).retrieve().toBodilessEntity()
        .block(TIMEOUT.multipliedBy(2)));
  }

  /** A client application: no web server of its own. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ClientApplication {}
}
