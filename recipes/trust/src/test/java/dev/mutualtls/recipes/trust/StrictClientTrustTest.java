package dev.mutualtls.recipes.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.RevocationEndpoint;
import dev.mutualtls.pki.Side;
import dev.mutualtls.recipes.trust.StrictClientTrust.Rule;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link StrictClientTrust} rule by rule, without TLS: each client {@link Defect} a trust manager can see is
 * refused by the rule expected for it, and a good certificate passes, with revocation asked of the CA's real OCSP
 * responder and CRL endpoint on loopback. The servers of the other recipe modules show the same over the wire.
 */
class StrictClientTrustTest {
  /** The rule that refuses each defect a trust manager sees (not NO_CERTIFICATE, not MISMATCHED_PRIVATE_KEY). */
  private static final Map<Defect, Rule> EXPECTED = new EnumMap<>(Defect.class);

  static {
    for (Defect defect : new Defect[] {Defect.EXPIRED, Defect.NOT_YET_VALID, Defect.UNTRUSTED_ISSUER,
        Defect.SELF_SIGNED, Defect.WRONG_EXTENDED_KEY_USAGE, Defect.MISSING_DIGITAL_SIGNATURE,
        Defect.MISSING_INTERMEDIATE, Defect.REVOKED}) {
      EXPECTED.put(defect, Rule.PATH_VALIDATION);
    }
    EXPECTED.put(Defect.CA_AS_LEAF, Rule.NOT_A_CA);
    EXPECTED.put(Defect.SHA1_SIGNATURE, Rule.STRONG_SIGNATURE);
    EXPECTED.put(Defect.WEAK_KEY, Rule.STRONG_RSA_KEY);
  }

  private static CertificateAuthority ca;
  private static StrictClientTrust trust;

  @BeforeAll
  static void authority() {
    ca = CertificateAuthority.builder().revocationEndpoint(true).build();
    trust = StrictClientTrust.trusting(ca.trustStore());
  }

  @AfterAll
  static void stopRevocationEndpoint() {
    ca.revocationEndpoint().ifPresent(RevocationEndpoint::close);
  }

  static Stream<Defect> defectsATrustManagerSees() {
    return Arrays.stream(Defect.values())
        .filter(defect -> defect.side() == Side.CLIENT)
        .filter(defect -> defect != Defect.NO_CERTIFICATE && defect != Defect.MISMATCHED_PRIVATE_KEY);
  }

  @Test
  @DisplayName("knows a rule for every client defect a trust manager can see")
  void coversEveryDefect() {
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(defectsATrustManagerSees().toList());
  }

  @Test
  @DisplayName("accepts a good client certificate after asking its OCSP responder")
  void acceptsAGoodCertificate() {
    RevocationEndpoint endpoint = ca.revocationEndpoint().orElseThrow();
    int before = endpoint.ocspRequests();

    assertThatCode(() -> trust.checkClientTrusted(chain(ca.client("alice")), "UNKNOWN")).doesNotThrowAnyException();
    assertThat(endpoint.ocspRequests()).isGreaterThan(before);
  }

  @Test
  @DisplayName("accepts a client of an intermediate CA, checking the intermediate's revocation too")
  void acceptsAClientOfAnIntermediate() {
    Identity bob = ca.intermediate("Issuing CA").client("bob");

    assertThatCode(() -> trust.checkClientTrusted(chain(bob), "UNKNOWN")).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "refuses a client certificate that is {0} by the rule meant for it")
  @MethodSource("defectsATrustManagerSees")
  void refusesEachDefect(Defect defect) {
    Identity defective = ca.defective(defect);

    assertThatThrownBy(() -> trust.checkClientTrusted(chain(defective), "UNKNOWN"))
        .isInstanceOf(CertificateException.class)
        .hasMessageStartingWith(EXPECTED.get(defect) + ": client certificate "
            + defective.certificate().getSubjectX500Principal().getName() + " refused: ");
  }

  @Test
  @DisplayName("says a revoked certificate was revoked, keeping the JDK's exception as the cause")
  void refusesARevokedCertificateSayingSo() {
    assertThatThrownBy(() -> trust.checkClientTrusted(chain(ca.defective(Defect.REVOKED)), "UNKNOWN"))
        .hasMessageContaining("Certificate has been revoked")
        .hasCauseInstanceOf(CertificateException.class);
  }

  @Test
  @DisplayName("refuses a certificate without extended key usage, which the JDK accepts for any purpose")
  void refusesACertificateWithoutExtendedKeyUsage() {
    Identity noUsage =
        ca.issue(CertificateSpec.builder().subject("CN=no-usage,O=mutualtls").extendedKeyUsages().build());

    assertThatCode(() -> ca.trustManager().checkClientTrusted(chain(noUsage), "UNKNOWN")).doesNotThrowAnyException();
    assertThatThrownBy(() -> trust.checkClientTrusted(chain(noUsage), "UNKNOWN"))
        .hasMessage("CLIENT_AUTH_USAGE: client certificate CN=no-usage,O=mutualtls refused: it has no extended key"
            + " usage extension; clientAuth is required");
  }

  @Test
  @DisplayName("refuses a good certificate whose revocation status cannot be learned: revocation fails hard")
  void failsHardWhenTheResponderIsDown() {
    CertificateAuthority other = CertificateAuthority.builder().revocationEndpoint(true).build();
    Identity carol = other.client("carol");
    other.revocationEndpoint().orElseThrow().close();

    assertThatThrownBy(() -> StrictClientTrust.trusting(other.trustStore()).checkClientTrusted(chain(carol), "UNKNOWN"))
        .hasMessageStartingWith("PATH_VALIDATION: client certificate CN=carol,O=mutualtls refused: ");
  }

  @Test
  @DisplayName("names the trusted roots as acceptable issuers and refuses to judge server certificates")
  void namesItsRootsAndJudgesClientsOnly() {
    assertThat(trust.getAcceptedIssuers()).containsExactly(ca.root());
    assertThatThrownBy(() -> trust.checkServerTrusted(chain(ca.server()), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageStartingWith("StrictClientTrust validates client certificates only");
  }

  @Test
  @DisplayName("rejects a trust store without trusted certificates, naming the method")
  void rejectsAnEmptyTrustStore() throws Exception {
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);

    assertThatThrownBy(() -> StrictClientTrust.trusting(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("StrictClientTrust.trusting: the trust store must hold at least one trusted"
            + " certificate entry");
  }

  private static X509Certificate[] chain(Identity identity) {
    return identity.chain().toArray(new X509Certificate[0]);
  }
}
