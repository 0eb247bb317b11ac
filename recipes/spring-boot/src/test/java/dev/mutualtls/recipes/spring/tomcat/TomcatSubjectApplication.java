package dev.mutualtls.recipes.spring.tomcat;

import dev.mutualtls.recipes.spring.OwnReactorResources;
import java.security.cert.X509Certificate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application on Tomcat ({@code spring-boot-starter-web}) that answers {@code GET /subject} with the
 * subject of the client's certificate. Its TLS comes entirely from properties the tests set ({@code server.ssl.*} and
 * an SSL bundle), as an application's would come from {@code application.properties}. It owns the Reactor Netty
 * resources it makes, if any ({@link OwnReactorResources}).
 */
@Import(OwnReactorResources.class)
@SpringBootApplication
public class TomcatSubjectApplication {
  /** Answers with the subject of the certificate the client authenticated with; the servlet container supplies it. */
  @RestController
  static class SubjectController {
    @GetMapping("/subject")
    String subject(@RequestAttribute("jakarta.servlet.request.X509Certificate") X509Certificate[] chain) {
      return chain[0].getSubjectX500Principal().getName();
    }
  }
}
