package dev.mutualtls.recipes.servers;


import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The truth table of Netty 4.2 with the JDK provider ({@link NettyServer}): the JDK's default trust manager underneath,
 * so the same four defects get through as with the JDK's HttpsServer; {@link StrictClientTrust} refuses them all.
 * Refusals are TLS alerts: {@code certificate_unknown} for every certificate.
 */
@DisplayName("Netty 4.2 with ClientAuth.REQUIRE on the JDK provider")
class NettyServerTest extends TruthTableTest {
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols) {
    return NettyServer.start(dir, identity, ca, mode, protocols);
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
