package dev.mutualtls.recipes.servers;


import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;

/**
 * The truth table of Tomcat 11 embedded ({@link TomcatServer}): the JDK's default trust manager underneath, so the same
 * four defects get through as with the JDK's HttpsServer; {@code StrictJsseImplementation} refuses them all. Refusals
 * are TLS alerts: {@code certificate_unknown} for every certificate.
 */
@DisplayName("Tomcat 11 with certificateVerification=\"required\"")
class TomcatServerTest extends TruthTableTest {
  private final AtomicInteger started = new AtomicInteger();

  /** Every Tomcat of the class gets a base directory in the class's: see {@link TomcatServer} on catalina.home. */
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols) {
    Path baseDir = classDirectory().resolve("tomcat-" + started.incrementAndGet());
    try {
      Files.createDirectory(baseDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return TomcatServer.start(baseDir, identity, ca, mode, protocols);
  }

  @Override
  protected Set<Defect> letsThrough(Mode mode, String protocol) {
    return Verdicts.jsseLetsThrough(mode);
  }

  @Override
  protected void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol) {
    Verdicts.assertRefusedWithAlerts(row, Verdicts::jsseAlert);
  }
}
