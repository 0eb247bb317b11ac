package dev.mutualtls.recipes.spring.hardening;

import dev.mutualtls.recipes.trust.StrictClientTrust;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Registers the SSL bundle {@value #BUNDLE}: the PEM bundle {@code server} of {@code spring.ssl.bundle.pem.server.*}
 * (same certificate, key, trusted CA and options) judging client certificates with {@link StrictClientTrust} instead
 * of the JDK's default trust manager. Point the server at it with {@code server.ssl.bundle=server-strict}.
 *
 * <p>Why a bundle of its own: a PEM bundle's trust manager is always the JDK's default one, and Spring Boot has no
 * property for revocation checking or for the other rules. The bundle API does let an application supply the trust
 * managers ({@link SslManagerBundle}). Reactor Netty builds its TLS from a bundle's managers, so this is all WebFlux
 * needs; Tomcat builds its TLS from a bundle's key and trust stores and ignores the managers, so Tomcat also needs
 * {@link TomcatSslContextConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class StrictClientTrustConfiguration {
  /** The name of the bundle this configuration registers. */
  public static final String BUNDLE = "server-strict";

  // tag::strict-bundle[]
  @Bean
  SslBundleRegistrar strictClientTrustBundle(SslProperties properties, ResourceLoader resources) {
    return registry -> {
      SslBundle server = PropertiesSslBundle.get(properties.getBundle().getPem().get("server"), resources);
      StrictClientTrust trust = StrictClientTrust.trusting(server.getStores().getTrustStore());
      TrustManagerFactory strict = SslManagerBundle.from(trust).getTrustManagerFactory();
      registry.registerBundle(BUNDLE, SslBundle.of(server.getStores(), server.getKey(), server.getOptions(),
          server.getProtocol(), SslManagerBundle.of(server.getManagers().getKeyManagerFactory(), strict)));
    };
  }
  // end::strict-bundle[]
}
