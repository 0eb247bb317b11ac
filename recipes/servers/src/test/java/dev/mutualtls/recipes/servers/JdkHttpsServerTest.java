package dev.mutualtls.recipes.servers;


import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The truth table of the JDK's {@code HttpsServer} ({@link JdkHttpsServer}): with {@code needClientAuth} and the
 * default trust manager it lets through a CA certificate as leaf, a revoked certificate, an RSA-1024 key and a SHA-1
 * signature, over both protocols; {@link StrictClientTrust} refuses them all.
 */
@DisplayName("The JDK's HttpsServer with needClientAuth")
class JdkHttpsServerTest extends TruthTableTest {
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols) {
    return JdkHttpsServer.start(identity, ca, mode, protocols);
  }

  @Override
  protected Set<Defect> letsThrough(Mode mode, String protocol) {
    return Verdicts.jsseLetsThrough(mode);
  }

  /**
   * Before JDK 22 the HttpsServer closed the connection on a refused handshake without sending the alert JSSE had
   * prepared (JDK-8315436, "HttpsServer does not send TLS alerts", fixed in 22): curl sees the connection end. Since
   * then it sends JSSE's alerts, as Tomcat, Netty and Jetty do. Measured on 17.0.15 and 25.0.3.
   */
  @Override
  protected void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol) {
    if (Runtime.version().feature() < 22) {
      Verdicts.assertRefusedWithoutAlert(row);
    } else {
      Verdicts.assertRefusedWithAlerts(row, Verdicts::jsseAlert);
    }
  }
}
