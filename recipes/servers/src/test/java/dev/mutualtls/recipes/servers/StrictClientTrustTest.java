package dev.mutualtls.recipes.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link StrictClientTrust} refuses, and the rule each refusal names: the reason a hardened JSSE server logs,
 * which never crosses the wire (a JSSE server sends {@code certificate_unknown} for all of them).
 */
@MutualTls(clients = "alice", revocation = RevocationCheck.OCSP)
class StrictClientTrustTest {
  @Test
  void acceptsAGoodClientWhoseResponderSaysGood(CertificateAuthority ca, @Client("alice") Identity alice) {
    StrictClientTrust trust = StrictClientTrust.trusting(ca.trustStore());

    assertThatCode(() -> trust.checkClientTrusted(chain(alice), "UNKNOWN")).doesNotThrowAnyException();
  }

  @Test
  void acceptsAClientOfAnIntermediateThatSendsItsChainWithOrWithoutTheRoot(CertificateAuthority ca) throws Exception {
    Identity bob = ca.intermediate("Issuing CA").client("bob");
    StrictClientTrust trust = StrictClientTrust.trusting(ca.trustStore());
    List<X509Certificate> withRoot = new ArrayList<>(bob.chain());
    withRoot.add(ca.root());

    trust.checkClientTrusted(chain(bob), "UNKNOWN");
    trust.checkClientTrusted(withRoot.toArray(new X509Certificate[0]), "UNKNOWN");
  }

  @ParameterizedTest(name = "{0} is refused by rule {1}")
  @CsvSource({
      "EXPIRED, PKIX, validity check failed",
      "NOT_YET_VALID, PKIX, validity check failed",
      "UNTRUSTED_ISSUER, PKIX, Path does not chain with any of the trust anchors",
      "SELF_SIGNED, PKIX, Path does not chain with any of the trust anchors",
      "MISSING_INTERMEDIATE, PKIX, Path does not chain with any of the trust anchors",
      "REVOKED, PKIX, 'Certificate has been revoked, reason: KEY_COMPROMISE'",
      "CA_AS_LEAF, CA_AS_LEAF, is a CA certificate (BasicConstraints cA=true)",
      "WRONG_EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE, without clientAuth",
      "MISSING_DIGITAL_SIGNATURE, KEY_USAGE, has a key usage without digitalSignature",
      "WEAK_KEY, WEAK_KEY, has a 1024-bit RSA key; at least 2048 bits are required",
      "SHA1_SIGNATURE, WEAK_SIGNATURE, is signed with SHA1withECDSA",
  })
  void refusesEveryCertificateDefectNamingTheRuleItBreaks(Defect defect, StrictClientTrust.Rule rule, String detail,
      CertificateAuthority ca) {
    StrictClientTrust trust = StrictClientTrust.trusting(ca.trustStore());

    assertThatThrownBy(() -> trust.checkClientTrusted(chain(ca.defective(defect)), "UNKNOWN"))
        .isInstanceOf(CertificateException.class)
        .hasMessageStartingWith(rule + ": ")
        .hasMessageContaining(detail);
  }

  @Test
  void refusesAnEmptyChain(CertificateAuthority ca) {
    assertThatThrownBy(() -> StrictClientTrust.trusting(ca.trustStore()).checkClientTrusted(
        new X509Certificate[0], "UNKNOWN")).hasMessage("NO_CERTIFICATE: the client sent no certificate");
  }

  @Test
  void refusesACertificateWithoutExtendedKeyUsage(CertificateAuthority ca) {
    Identity noUsage = ca.issue(CertificateSpec.builder().commonName("no-eku").extendedKeyUsages().build());

    assertThatThrownBy(() -> StrictClientTrust.trusting(ca.trustStore()).checkClientTrusted(chain(noUsage), "EC"))
        .hasMessageStartingWith("EXTENDED_KEY_USAGE: ")
        .hasMessageContaining("has no extended key usage");
  }

  @Test
  void acceptsTheMismatchedKeysCertificateBecauseOnlyTheHandshakeSignatureCanTellTheKeyIsWrong(
      CertificateAuthority ca) {
    Identity mismatched = ca.defective(Defect.MISMATCHED_PRIVATE_KEY);

    assertThatCode(() -> StrictClientTrust.trusting(ca.trustStore()).checkClientTrusted(chain(mismatched), "EC"))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAGoodCertificateThatNamesNoResponder() {
    CertificateAuthority withoutResponder = CertificateAuthority.create();
    Identity carol = withoutResponder.client("carol");

    assertThatThrownBy(() -> StrictClientTrust.trusting(withoutResponder.trustStore())
        .checkClientTrusted(chain(carol), "EC"))
        .hasMessage("PKIX: CN=carol,O=mutualtls: Certificate does not specify OCSP responder");
  }

  @Test
  void refusesAGoodCertificateWhenItsResponderIsDown() {
    CertificateAuthority ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    Identity dave = ca.client("dave");
    ca.revocationEndpoint().orElseThrow().close();

    assertThatThrownBy(() -> StrictClientTrust.trusting(ca.trustStore()).checkClientTrusted(chain(dave), "EC"))
        .hasMessageStartingWith("PKIX: CN=dave,O=mutualtls: Unable to determine revocation status due to network"
            + " error");
  }

  @Test
  void namesTheTrustStoresCertificatesAsAcceptableIssuersAndJudgesNoServer(CertificateAuthority ca) {
    StrictClientTrust trust = StrictClientTrust.trusting(ca.trustStore());

    assertThat(trust.getAcceptedIssuers()).containsExactly(ca.root());
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {ca.root()}, "EC"))
        .hasMessageContaining("judges client certificates only");
  }

  @Test
  void refusesATrustStoreWithoutTrustedCertificates() throws Exception {
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);

    assertThatThrownBy(() -> StrictClientTrust.trusting(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("StrictClientTrust.trusting: the trust store must hold at least one trusted"
            + " certificate entry");
  }

  private static X509Certificate[] chain(Identity identity) {
    return identity.chain().toArray(new X509Certificate[0]);
  }
}
