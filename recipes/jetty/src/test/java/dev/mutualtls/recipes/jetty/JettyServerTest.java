package dev.mutualtls.recipes.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.servers.ClientMatrix;
import dev.mutualtls.recipes.servers.Curl;
import dev.mutualtls.recipes.servers.Mode;
import dev.mutualtls.recipes.servers.RecipeServer;
import dev.mutualtls.recipes.servers.TruthTableTest;
import dev.mutualtls.recipes.servers.Verdicts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The truth table of Jetty 12 embedded ({@link JettyServer}): the JDK's default trust manager underneath, so the same
 * four defects get through as with the JDK's HttpsServer; {@code StrictSslContextFactory} refuses them all. Refusals
 * are TLS alerts: {@code certificate_unknown} for every certificate. Also what {@code setTrustAll(true)} does on a
 * server.
 */
@DisplayName("Jetty 12 with setNeedClientAuth(true)")
class JettyServerTest extends TruthTableTest {
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols) {
    return JettyServer.start(identity, ca, mode, protocols);
  }

  @Override
  protected Set<Defect> letsThrough(Mode mode, String protocol) {
    return Verdicts.jsseLetsThrough(mode);
  }

  @Test
  @DisplayName("setTrustAll(true) on a server with a key store refuses a good client certificate and lets a client"
      + " without one through: Jetty ignores it there and trusts the key store")
  void setTrustAllIsIgnoredByAServerWithAKeyStore(@ServerIdentity Identity identity, @Client("alice") Identity alice,
      CertificateAuthority ca, @TempDir Path dir) throws IOException {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    JettyServer.configure(ssl, identity, "TLSv1.3");
    ssl.setTrustAll(true);
    ssl.setWantClientAuth(true);
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Path config = Files.writeString(dir.resolve("curl-openssl.cnf"), Curl.LAX_CLIENT_CONFIG);
    try (JettyServer server = JettyServer.start(ssl)) {
      Curl.Result good = Curl.get(server.address(), "TLSv1.3", caFile, alice.writePem(dir, "alice"),
          dir.resolve("alice-key.pem"), config);
      Curl.Result none = Curl.get(server.address(), "TLSv1.3", caFile, null, null, config);

      assertThat(good.error()).as(good.describe()).contains("alert certificate unknown");
      assertThat(none.accepted()).as(none.describe()).isTrue();
    }
  }

  @Override
  protected void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol) {
    Verdicts.assertRefusedWithAlerts(row, Verdicts::jsseAlert);
  }
}
