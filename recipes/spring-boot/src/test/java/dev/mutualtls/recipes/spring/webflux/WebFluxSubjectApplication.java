package dev.mutualtls.recipes.spring.webflux;

import dev.mutualtls.recipes.spring.OwnReactorResources;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring WebFlux application on Reactor Netty ({@code spring-boot-starter-webflux}) that answers
 * {@code GET /subject} with the subject of the client's certificate. Its TLS comes entirely from properties the tests
 * set. Tomcat's reactive server is excluded only because this module also has Tomcat on its class path (for the MVC
 * recipe); an application with only the WebFlux starter gets Reactor Netty without it. It owns its Reactor Netty
 * resources ({@link OwnReactorResources}), so that closing one test class's context leaves the others running.
 */
@Import(OwnReactorResources.class)
@SpringBootApplication(exclude = TomcatReactiveWebServerAutoConfiguration.class)
public class WebFluxSubjectApplication {
  /** Answers with the subject of the certificate the client authenticated with, from the request's TLS session. */
  @RestController
  static class SubjectController {
    @GetMapping("/subject")
    String subject(ServerHttpRequest request) {
      return request.getSslInfo().getPeerCertificates()[0].getSubjectX500Principal().getName();
    }
  }
}
