package dev.mutualtls.recipes.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Two Spring WebFlux applications in one JVM, as JUnit's parallel mode runs test classes whose Spring contexts
 * differ: closing one must leave the other serving. By default Spring's {@code ReactorResourceFactory} runs the
 * server on Reactor Netty's JVM-wide event loops and disposes them, with the JVM-wide connection pool, when its
 * context closes; every other context's server and every {@code HttpClient.create()} client go down with them. A
 * test of another class then fails with "Connection prematurely closed BEFORE response" (seen once in this module's
 * build). {@link WebFluxSubjectApplication} therefore gives each context Reactor Netty resources of its own.
 */
class ClosingAnotherContextTest {
  @Test
  void closingOneWebFluxContextLeavesTheOtherServing() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity server = ca.server("127.0.0.1");
    Identity client = ca.client("client");
    var tls = SslContextBuilder.forClient().keyManager(client.keyManager()).trustManager(ca.certificate()).build();
    WebClient web = WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(HttpClient.create().secure(spec -> spec.sslContext(tls))))
        .build();

    ConfigurableApplicationContext first = app(ca, server).run();
    try (ConfigurableApplicationContext second = app(ca, server).run()) {
      String secondUri = "https://127.0.0.1:" + port(second) + "/subject";
      try {
        assertThat(get(web, "https://127.0.0.1:" + port(first) + "/subject")).isEqualTo("CN=client,O=mutualtls");
        assertThat(get(web, secondUri)).isEqualTo("CN=client,O=mutualtls");
      } finally {
        first.close();
      }

      assertThat(get(web, secondUri)).isEqualTo("CN=client,O=mutualtls");
    }
  }

  private static String get(WebClient web, String uri) {
    return web.get().uri(uri).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
  }

  private static SpringApplicationBuilder app(CertificateAuthority ca, Identity server) {
    return new SpringApplicationBuilder(WebFluxSubjectApplication.class).properties(
        "spring.main.web-application-type=reactive", "spring.main.banner-mode=off", "server.address=127.0.0.1",
        "server.port=0", "server.ssl.bundle=server", "server.ssl.client-auth=need",
        "spring.ssl.bundle.pem.server.keystore.certificate=" + server.chainPem(),
        "spring.ssl.bundle.pem.server.keystore.private-key=" + server.privateKeyPem(),
        "spring.ssl.bundle.pem.server.truststore.certificate=" + ca.certificatePem());
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }
}
