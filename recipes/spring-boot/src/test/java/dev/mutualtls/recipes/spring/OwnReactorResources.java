package dev.mutualtls.recipes.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Reactor Netty event loops and connection pool of the application's own, disposed with its context. Spring's default
 * {@code ReactorResourceFactory} uses Reactor Netty's JVM-wide resources and disposes them when its context closes:
 * with test classes running concurrently, closing one class's context stops the servers of the others and closes
 * their {@code WebClient}s' connections ({@code ClosingAnotherContextTest} shows it). Imported by every application
 * of this module, so that no context disposes the JVM-wide resources the tests' own clients use.
 */
@Configuration(proxyBeanMethods = false)
public class OwnReactorResources {
  /** Replaces Spring Boot's {@code ReactorResourceFactory}, which is {@code @ConditionalOnMissingBean}. */
  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }
}
