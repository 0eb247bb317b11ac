package dev.mutualtls.recipes.servers;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The truth table of one server product: for each {@link Mode}, over TLS 1.2 and TLS 1.3 separately, the good client
 * and one client per client-side {@link Defect} each send it one request with curl, and the test asserts exactly which
 * of them it answers {@code 200} and how it refuses the others. A subclass per product says how to start it and what
 * its truth is; the rows it measured are printed to the test's output.
 *
 * <p>The CA publishes revocation over OCSP and CRL ({@code @MutualTls(revocation = ...)}), so that a server that checks
 * revocation can refuse {@link Defect#REVOKED}; the clients are minted once per class.
 */
@MutualTls(clients = "alice", revocation = RevocationCheck.OCSP)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TruthTableTest {
  private ClientMatrix clients;

  @BeforeAll
  void mintClients(CertificateAuthority ca, @Client("alice") Identity alice, @TempDir Path dir) {
    clients = ClientMatrix.mint(ca, alice, dir);
  }

  /** Starts the product in {@code mode} with only {@code protocol} enabled, presenting {@code identity}. */
  protected abstract RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String protocol);

  /** The client defects the product answers {@code 200} in {@code mode} over {@code protocol}. */
  protected abstract Set<Defect> letsThrough(Mode mode, String protocol);

  /** Asserts how the product refused the clients it did not answer {@code 200}. */
  protected abstract void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol);

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("dev.mutualtls.recipes.servers.Verdicts#modesAndProtocols")
  void letsThroughExactlyTheDefectsItsConfigurationAllows(Mode mode, String protocol, CertificateAuthority ca,
      @ServerIdentity Identity identity, @TempDir Path dir) {
    try (RecipeServer server = start(dir, identity, ca, mode, protocol)) {
      ClientMatrix.Row row = clients.measure(server, protocol);
      System.out.println(mode + ": " + row.describe());
      Verdicts.assertLetsThrough(row, mode, letsThrough(mode, protocol));
      assertRefusals(row, mode, protocol);
    }
  }
}
