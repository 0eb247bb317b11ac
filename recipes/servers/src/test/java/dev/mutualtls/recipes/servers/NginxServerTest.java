package dev.mutualtls.recipes.servers;

import static dev.mutualtls.pki.Defect.CA_AS_LEAF;
import static dev.mutualtls.pki.Defect.MISSING_DIGITAL_SIGNATURE;
import static dev.mutualtls.pki.Defect.MISSING_INTERMEDIATE;
import static dev.mutualtls.pki.Defect.NO_CERTIFICATE;
import static dev.mutualtls.pki.Defect.REVOKED;
import static dev.mutualtls.pki.Defect.SELF_SIGNED;
import static dev.mutualtls.pki.Defect.UNTRUSTED_ISSUER;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Nginx")
class NginxServerTest extends TruthTableTest {
  @Override
  protected RecipeServer start(Path dir, Identity identity, CertificateAuthority ca, Mode mode, String protocol) {
    return NginxServer.start(dir, identity, ca, mode, protocol);
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

  @Override
  protected void assertRefusals(ClientMatrix.Row row, Mode mode, String protocol) {
    Verdicts.assertRefusedWithHttp400(row);
  }
}
