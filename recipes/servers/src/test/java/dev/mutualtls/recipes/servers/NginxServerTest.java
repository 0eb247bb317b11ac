package dev.mutualtls.recipes.servers;

import static dev.mutualtls.pki.Defect.CA_AS_LEAF;
import static dev.mutualtls.pki.Defect.MISSING_DIGITAL_SIGNATURE;
import static dev.mutualtls.pki.Defect.MISSING_INTERMEDIATE;
import static dev.mutualtls.pki.Defect.NO_CERTIFICATE;
import static dev.mutualtls.pki.Defect.REVOKED;
import static dev.mutualtls.pki.Defect.SELF_SIGNED;
import static dev.mutualtls.pki.Defect.SHA1_SIGNATURE;
import static dev.mutualtls.pki.Defect.UNTRUSTED_ISSUER;
import static dev.mutualtls.pki.Defect.WEAK_KEY;
import static dev.mutualtls.pki.Defect.WRONG_EXTENDED_KEY_USAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.junit.ServerIdentity;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The truth table of Debian's nginx ({@link NginxServer}): {@code ssl_verify_client on} lets through key usage without
 * digitalSignature (for an EC key), a CA certificate as leaf and a revoked certificate; the hardened configuration
 * refuses the revoked one and cannot refuse the other two. nginx completes every handshake and refuses with an HTTP 400
 * page. {@code ssl_verify_client optional_no_ca} is no "accept anything": it forgives only an unknown issuer. Also the
 * launcher's own promises: another port when nginx finds its port taken, and no process left after {@code close()}.
 */
@DisplayName("nginx with ssl_verify_client on")
class NginxServerTest extends TruthTableTest {
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols) {
    return NginxServer.start(dir, identity, ca, mode, protocols);
  }

  @Override
  protected Set<Defect> letsThrough(Mode mode, String protocol) {
    switch (mode) {
      case REQUIRE:
        return EnumSet.of(MISSING_DIGITAL_SIGNATURE, CA_AS_LEAF, REVOKED);
      case ACCEPT_ANY:
        // optional_no_ca forgives only the errors of an unknown issuer; any other verification error is still a 400
        return EnumSet.of(NO_CERTIFICATE, UNTRUSTED_ISSUER, SELF_SIGNED, MISSING_INTERMEDIATE,
            MISSING_DIGITAL_SIGNATURE, CA_AS_LEAF, REVOKED);
      default:
        // what no nginx setting can refuse: see NginxServer.HARDENED
        return EnumSet.of(MISSING_DIGITAL_SIGNATURE, CA_AS_LEAF);
    }
  }

  /**
   * With {@code optional_no_ca} (and no {@code ssl_client_certificate}) nginx judged the audit's JSSE client more
   * leniently than curl, with the same certificates and chains: it also let through a wrong extended key usage, an
   * RSA-1024 key and a SHA-1 signature, which it answered curl with its 400 page. Measured in every run; the cause is
   * not established (OpenSSL keeps only the last of the verification errors that nginx's callback forgives, so the
   * order of the checks decides which one nginx sees). In the configurations users ship, both clients agree.
   */
  @Override
  protected Set<Defect> auditLetsThrough(Mode mode, String protocol) {
    if (mode != Mode.ACCEPT_ANY) {
      return letsThrough(mode, protocol);
    }
    Set<Defect> accepted = EnumSet.copyOf(letsThrough(mode, protocol));
    accepted.addAll(EnumSet.of(WRONG_EXTENDED_KEY_USAGE, WEAK_KEY, SHA1_SIGNATURE));
    return accepted;
  }

  @Test
  void takesAnotherPortWhenTheOneItWasGivenIsTakenAndServesThere(CertificateAuthority ca,
      @ServerIdentity Identity identity, @TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Iterator<Integer> first = List.of(taken.getLocalPort()).iterator();
      IntSupplier ports = () -> first.hasNext() ? first.next() : NginxServer.releasedPort();

      try (NginxServer nginx = NginxServer.start(dir, identity, ca, Mode.REQUIRE, ports, "TLSv1.3")) {
        assertThat(nginx.attempts()).isEqualTo(2);
        assertThat(nginx.address().getPort()).isNotEqualTo(taken.getLocalPort());
        Curl.Result none = Curl.get(nginx.address(), "TLSv1.3", dir.resolve("ca.pem"), null, null,
            Files.writeString(dir.resolve("curl.cnf"), Curl.LAX_CLIENT_CONFIG));
        assertThat(none.bodyLine()).as(none.describe()).isEqualTo("400 No required SSL certificate was sent");
      }
    }
  }

  @Test
  void stopsItsMasterAndWorkerProcessesWhenClosed(CertificateAuthority ca, @ServerIdentity Identity identity,
      @TempDir Path dir) {
    List<ProcessHandle> processes;
    try (NginxServer nginx = NginxServer.start(dir, identity, ca, Mode.REQUIRE, "TLSv1.3")) {
      processes = nginx.processes();
      assertThat(processes).as("master and worker").hasSize(2).allMatch(ProcessHandle::isAlive);
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(dir.resolve("nginx.pid")).doesNotExist();
  }

  @Override
  protected void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol) {
    Verdicts.assertRefusedWithHttp400(row);
  }
}
