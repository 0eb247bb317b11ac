package dev.mutualtls.recipes.spring.reload;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateFiles;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.spring.tomcat.TomcatSubjectApplication;
import dev.mutualtls.recipes.spring.webflux.WebFluxSubjectApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot's SSL bundle reload ({@code reload-on-update: true}) on Tomcat and on Reactor Netty, from PEM files that
 * change under the running server as a Kubernetes Secret volume changes ({@code ..data} swapped by rename), as a
 * plain in-place overwrite and (Tomcat) as files replaced by rename. Spring Boot watches the files' directories and,
 * once they have been quiet for the bundle's quiet period (shortened here to 100 ms), rebuilds the bundle and hands
 * the server the new certificate. Each test asserts the certificate presented before the change and after it, twice,
 * and reports how long each reload took.
 *
 * <p>One server at a time, so that each reload's time is measured on a server that has the JVM to itself. (Two
 * embedded Tomcats starting at once can fail in Tomcat's cipher list parser; {@code TomcatCipherParserWarmUp}, in
 * recipes/servers, prevents that for every test class here.)
 */
@Execution(ExecutionMode.SAME_THREAD)
class SslBundleReloadTest {
  private static final Duration RELOAD_WITHIN = Duration.ofSeconds(20);
  private static CertificateAuthority ca;

  @BeforeAll
  static void ca() {
    ca = CertificateAuthority.create();
  }

  @Test
  void tomcatReloadsAKubernetesSecret(@TempDir Path dir, @TempDir Path tomcat, TestReporter reporter) {
    reloads(CertificateFiles.kubernetesSecret(dir), tomcatApp(tomcat), reporter);
  }

  @Test
  void tomcatReloadsFilesOverwrittenInPlace(@TempDir Path dir, @TempDir Path tomcat, TestReporter reporter) {
    reloads(CertificateFiles.overwrite(dir), tomcatApp(tomcat), reporter);
  }

  @Test
  void tomcatReloadsFilesReplacedByRename(@TempDir Path dir, @TempDir Path tomcat, TestReporter reporter) {
    reloads(CertificateFiles.renamed(dir), tomcatApp(tomcat), reporter);
  }

  @Test
  void reactorNettyReloadsAKubernetesSecret(@TempDir Path dir, TestReporter reporter) {
    reloads(CertificateFiles.kubernetesSecret(dir), SslBundleReloadTest::nettyApp, reporter);
  }

  @Test
  void reactorNettyReloadsFilesOverwrittenInPlace(@TempDir Path dir, TestReporter reporter) {
    reloads(CertificateFiles.overwrite(dir), SslBundleReloadTest::nettyApp, reporter);
  }

  private static void reloads(CertificateFiles files, Function<Path, SpringApplicationBuilder> app,
      TestReporter reporter) {
    Identity first = ca.server("localhost");
    files.write(first, ca);
    try (ConfigurableApplicationContext context = app.apply(files.directory()).run()) {
      int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
      assertThatServer("127.0.0.1", port).eventuallyPresents(first, Duration.ofSeconds(1));
      // twice: spring-boot#44807 was a reload that happened once and never again
      for (int rotation = 1; rotation <= 2; rotation++) {
        // tag::spring-rotation[]
        Identity renewed = ca.server("localhost");
        long start = System.nanoTime();
        files.write(renewed, ca);
        assertThatServer("127.0.0.1", port).eventuallyPresents(renewed, RELOAD_WITHIN);
        // end::spring-rotation[]
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String entry = context.getClass().getSimpleName() + ", " + files + ": rotation " + rotation
            + " presented after " + took + " ms";
        reporter.publishEntry("reload", entry);
      }
    }
  }

  // tag::ssl-bundle-reload[]
  private static SpringApplicationBuilder bundle(Class<?> application, Path dir) {
    return new SpringApplicationBuilder(application).properties(
        "server.address=127.0.0.1", "server.port=0", "server.ssl.bundle=server",
        "spring.ssl.bundle.pem.server.keystore.certificate=" + dir.resolve("tls.crt").toUri(),
        "spring.ssl.bundle.pem.server.keystore.private-key=" + dir.resolve("tls.key").toUri(),
        "spring.ssl.bundle.pem.server.reload-on-update=true",
        "spring.ssl.bundle.watch.file.quiet-period=100ms");
  }
  // end::ssl-bundle-reload[]

  private static Function<Path, SpringApplicationBuilder> tomcatApp(Path baseDir) {
    return dir -> bundle(TomcatSubjectApplication.class, dir)
        .properties("server.tomcat.basedir=" + baseDir);
  }

  private static SpringApplicationBuilder nettyApp(Path dir) {
    return bundle(WebFluxSubjectApplication.class, dir).properties("spring.main.web-application-type=reactive");
  }
}
