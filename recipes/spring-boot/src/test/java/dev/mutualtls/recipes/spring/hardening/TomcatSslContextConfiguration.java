package dev.mutualtls.recipes.spring.hardening;

import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat use the key and trust managers of the server's SSL bundle ({@code server.ssl.bundle}), which it
 * otherwise ignores: Spring Boot 4.0 hands Tomcat a bundle's key store and trust store only
 * ({@code SslConnectorCustomizer}), and Tomcat builds the JDK's default trust manager over that trust store. A bundle
 * with a strict trust manager of its own (see {@link StrictClientTrustConfiguration}) therefore changes nothing on
 * Tomcat, silently.
 *
 * <p>The connector customizer runs after Spring Boot has configured the connector's TLS, and gives each certificate
 * of its TLS host configurations an {@link SslBundleTomcatContext}: Tomcat then uses that context instead of building
 * one, and still applies {@code server.ssl.client-auth}, the protocols and the ciphers to every connection. Every host
 * configuration gets the default bundle; an application with bundles per SNI host name
 * ({@code server.ssl.server-name-bundles}) would map each host configuration to its own bundle.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatSslContextConfiguration {
  // tag::tomcat-ssl-context[]
  @Bean
  TomcatConnectorCustomizer sslContextFromBundle(SslBundles bundles, @Value("${server.ssl.bundle}") String bundle) {
    return connector -> {
      for (SSLHostConfig host : connector.findSslHostConfigs()) {
        for (SSLHostConfigCertificate certificate : host.getCertificates()) {
          certificate.setSslContext(new SslBundleTomcatContext(bundles.getBundle(bundle)));
        }
      }
    };
  }
  // end::tomcat-ssl-context[]
}
