package dev.mutualtls.recipes.servers;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The truth table of one server product: for each {@link Mode}, over TLS 1.2 and TLS 1.3 separately, the good client
 * and one client per client-side {@link Defect} each send it one request with curl, and the test asserts exactly which
 * of them it answers {@code 200} and how it refuses the others. A subclass per product says how to start it and what
 * its truth is; the rows it measured are printed to the test's output.
 *
 * <p>{@code @MutualTls(revocation = ...)} makes the CA run its revocation endpoint (a CRL and an OCSP responder on
 * loopback, named in every certificate it issues), so that a server that checks revocation can refuse
 * {@link Defect#REVOKED}. The clients are minted once per class; a server is started per mode.
 */
@MutualTls(clients = "alice", revocation = RevocationCheck.OCSP)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TruthTableTest {
  private ClientMatrix clients;
  private Path classDirectory;

  @BeforeAll
  void mintClients(CertificateAuthority ca, @Client("alice") Identity alice, @TempDir Path dir) throws IOException {
    classDirectory = dir;
    clients = ClientMatrix.mint(ca, alice, Files.createDirectory(dir.resolve("clients")));
  }

  /**
   * A directory that lives as long as the test class, for servers that must outlive a single test's directory
   * (Tomcat's {@code catalina.home}, see {@link TomcatServer}). Deleted when the class is done.
   */
  protected Path classDirectory() {
    return classDirectory;
  }

  /** Starts the product in {@code mode} with {@code protocols} enabled, presenting {@code identity}. */
  protected abstract RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols);

  /** The client defects the product answers {@code 200} in {@code mode} over {@code protocol}. */
  protected abstract Set<Defect> letsThrough(Mode mode, String protocol);

  /**
   * The client defects the product lets through in {@code mode} over {@code protocol} when the library's audit
   * presents them (its probe is a JSSE client): {@link #letsThrough} unless a product judges the two clients'
   * identical certificates differently.
   */
  protected Set<Defect> auditLetsThrough(Mode mode, String protocol) {
    return letsThrough(mode, protocol);
  }

  /** Asserts how the product refused the clients it did not answer {@code 200}. */
  protected abstract void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol);

  /**
   * One server per mode, with both protocols enabled; every client's request is pinned to one protocol, so each
   * protocol is measured on its own (a server with a single protocol behaves the same for that protocol, and
   * {@link #enablesOnlyTheProtocolItIsGiven} shows the launcher honours a single one).
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void letsThroughExactlyTheDefectsItsConfigurationAllowsOverEachProtocol(Mode mode, CertificateAuthority ca,
      @ServerIdentity Identity identity, @TempDir Path dir) {
    Map<String, ClientMatrix.Row> rows = new LinkedHashMap<>();
    String log;
    try (RecipeServer server = start(dir, identity, ca, mode, "TLSv1.2", "TLSv1.3")) {
      for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
        rows.put(protocol, clients.measure(server, protocol));
      }
      log = server.log();
    }
    rows.values().forEach(row -> System.out.println(mode + ": " + row.describe()));

    try {
      rows.forEach((protocol, row) -> {
        Verdicts.assertLetsThrough(row, mode, letsThrough(mode, protocol));
        assertRefusals(row, mode, protocol);
      });
    } catch (AssertionError e) {
      Verdicts.withLog(log, e);
    }
  }

  /**
   * The library's own audit of the same server, twenty times in a row, says what curl and the JSSE socket measured,
   * protocol by protocol, every time: every defect it reports accepted was answered {@code 200}, every one it reports
   * refused was not, nothing is left unconfirmed, and every audit finds what the first found, in the same place (in
   * the handshake, or after it with the same HTTP status). No retries.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void auditsTwentyTimesInARowAndFindsWhatTheClientsMeasured(Mode mode, CertificateAuthority ca,
      @ServerIdentity Identity identity, @TempDir Path dir) {
    Set<Defect> accepted = EnumSet.noneOf(Defect.class);
    accepted.addAll(auditLetsThrough(mode, "TLSv1.2"));
    accepted.addAll(auditLetsThrough(mode, "TLSv1.3"));
    try (RecipeServer server = start(dir, identity, ca, mode, "TLSv1.2", "TLSv1.3")) {
      Verdicts.auditTwentyTimes(ServerAudit.of(ca), server, report -> {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
          assertThat(Verdicts.acceptedOver(report, protocol)).as("%s, %s\n%s", mode, protocol, report.table())
              .containsExactlyInAnyOrderElementsOf(auditLetsThrough(mode, protocol));
        }
        assertThatServer(report).refusesEveryDefectExcept(accepted.toArray(Defect[]::new));
      });
    }
  }

  @Test
  void enablesOnlyTheProtocolItIsGiven(CertificateAuthority ca, @ServerIdentity Identity identity,
      @TempDir Path dir) {
    try (RecipeServer server = start(dir, identity, ca, Mode.REQUIRE, "TLSv1.3")) {
      Curl.Result tls13 = clients.good(server, "TLSv1.3");
      Curl.Result tls12 = clients.good(server, "TLSv1.2");

      assertThat(tls13.accepted()).as(tls13.describe()).isTrue();
      assertThat(tls12.accepted()).as(tls12.describe()).isFalse();
      assertThat(tls12.status()).as(tls12.describe()).isZero();
    }
  }
}
