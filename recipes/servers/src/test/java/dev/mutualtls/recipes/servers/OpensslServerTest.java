package dev.mutualtls.recipes.servers;

import static dev.mutualtls.pki.Defect.CA_AS_LEAF;
import static dev.mutualtls.pki.Defect.MISSING_DIGITAL_SIGNATURE;
import static dev.mutualtls.pki.Defect.REVOKED;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The truth table of {@code openssl s_server} ({@link OpensslServer}): it lets through what nginx lets through (the
 * same OpenSSL checks), refuses in the handshake with an alert that names the reason, and its hardened options refuse
 * the revoked certificate but not a CA certificate as leaf or key usage without digitalSignature.
 */
@DisplayName("openssl s_server -Verify 1 -verify_return_error")
class OpensslServerTest extends TruthTableTest {
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode,
      String... protocols) {
    return OpensslServer.start(dir, identity, ca, mode, protocols);
  }

  @Override
  protected Set<Defect> letsThrough(Mode mode, String protocol) {
    switch (mode) {
      case REQUIRE:
        return EnumSet.of(MISSING_DIGITAL_SIGNATURE, CA_AS_LEAF, REVOKED);
      case ACCEPT_ANY:
        return Verdicts.everyDefectButTheKeyMismatch();
      default:
        // what no s_server option can refuse: see OpensslServer.HARDENED
        return EnumSet.of(MISSING_DIGITAL_SIGNATURE, CA_AS_LEAF);
    }
  }

  /** OpenSSL sends an alert that says why, and the same one over both protocols. */
  @Override
  protected void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol) {
    Verdicts.assertRefusedWithAlerts(row, defect -> {
      switch (defect) {
        case NO_CERTIFICATE:
          return List.of(protocol.equals("TLSv1.2") ? "alert handshake failure" : "alert certificate required");
        case EXPIRED:
          // curl 7.88 turns a certificate_expired alert received in the TLS 1.2 handshake into exit 60
          return List.of(protocol.equals("TLSv1.2") ? "SSL certificate verification failed"
              : "alert certificate expired");
        case UNTRUSTED_ISSUER:
        case SELF_SIGNED:
        case MISSING_INTERMEDIATE:
          return List.of("alert unknown ca");
        case WRONG_EXTENDED_KEY_USAGE:
          return List.of("alert unsupported certificate");
        case REVOKED:
          return List.of("alert certificate revoked");
        default: // NOT_YET_VALID, WEAK_KEY, SHA1_SIGNATURE
          return List.of("alert bad certificate");
      }
    });
  }
}
