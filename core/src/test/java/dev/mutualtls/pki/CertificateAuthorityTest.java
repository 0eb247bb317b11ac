package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.testing.Certificates;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every default of {@link CertificateAuthority.Builder} and of the factory methods, and every message they
 * give for bad input, word for word.
 */
class CertificateAuthorityTest {
  private static final Instant NOON = Instant.parse("2030-01-01T12:00:00Z");

  @Test
  void createMakesAnEcP256RootWithARandomNameValidFromAnHourAgoForTwoDays() {
    Instant before = Instant.now();
    CertificateAuthority ca = CertificateAuthority.create();
    Instant after = Instant.now();
    X509Certificate root = ca.certificate();

    assertThat(ca.keyType()).isEqualTo(KeyType.EC_P256);
    assertThat(ca.subject().getName()).matches("CN=mutualtls Root CA [0-9a-f]{6},O=mutualtls");
    assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    assertThat(root.getNotBefore().toInstant()).isBetween(
        before.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS), after.minus(Duration.ofHours(1)));
    assertThat(root.getNotAfter().toInstant()).isBetween(
        before.plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS), after.plus(Duration.ofDays(2)));
    assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(ca.root()).isEqualTo(root);
    assertThat(ca.chain()).containsExactly(root);
    assertThat(ca.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(CertificateAuthority.DEFAULT_CA_VALIDITY).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void twoDefaultRootsNeverShareASubject() {
    // Concurrent tests each make a root; equal names would let one test's chain build against another's CA.
    assertThat(CertificateAuthority.create().subject()).isNotEqualTo(CertificateAuthority.create().subject());
  }

  @Test
  void everyBuilderSettingIsApplied() {
    CertificateAuthority ca = CertificateAuthority.builder()
        .keyType(KeyType.EC_P384)
        .subject("CN=Test Root,O=Example")
        .notBefore(NOON)
        .notAfter(NOON.plus(Duration.ofDays(10)))
        .pathLength(2)
        .build();

    assertThat(ca.keyType()).isEqualTo(KeyType.EC_P384);
    assertThat(ca.subject().getName()).isEqualTo("CN=Test Root,O=Example");
    assertThat(ca.certificate().getNotBefore().toInstant()).isEqualTo(NOON);
    assertThat(ca.certificate().getNotAfter().toInstant()).isEqualTo(NOON.plus(Duration.ofDays(10)));
    assertThat(ca.certificate().getBasicConstraints()).isEqualTo(2);
    assertThat(ca.certificate().getSigAlgName()).isEqualTo("SHA384withECDSA");
  }

  @Test
  void validityCountsFromNowAndAnExplicitNotAfterOverridesIt() {
    Instant before = Instant.now();
    CertificateAuthority counted = CertificateAuthority.builder().validity(Duration.ofHours(3)).build();
    Instant after = Instant.now();
    CertificateAuthority explicit = CertificateAuthority.builder().validity(Duration.ofHours(3))
        .notAfter(NOON).build();

    assertThat(counted.certificate().getNotAfter().toInstant()).isBetween(
        before.plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS), after.plus(Duration.ofHours(3)));
    assertThat(explicit.certificate().getNotAfter().toInstant()).isEqualTo(NOON);
  }

  @Test
  void whatTheCaIssuesInheritsItsKeyTypeUnlessTheSpecSaysOtherwise() {
    CertificateAuthority ca = CertificateAuthority.builder().keyType(KeyType.EC_P384).build();
    CertificateAuthority intermediate = ca.intermediate("Issuing CA");

    assertThat(intermediate.keyType()).isEqualTo(KeyType.EC_P384);
    assertThat(intermediate.subject().getName()).isEqualTo("CN=Issuing CA,O=mutualtls");
    assertThat(ca.server().keyType()).isEqualTo(KeyType.EC_P384);
    assertThat(intermediate.client("alice").keyType()).isEqualTo(KeyType.EC_P384);
    assertThat(ca.issue(CertificateSpec.builder().keyType(KeyType.ED25519).build()).keyType())
        .isEqualTo(KeyType.ED25519);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void serverWithoutHostnamesFallsBackToTheLoopbackNames(String[] none) {
    Identity server = CertificateAuthority.create().server(none);

    assertThat(server.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost,O=mutualtls");
    assertThat(Certificates.subjectAltNames(server.certificate()))
        .containsExactly("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1");
  }

  @Test
  void clientNamesAreEscapedIntoTheSubject() {
    Identity client = CertificateAuthority.create().client("Smith, John");

    assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Smith\\, John,O=mutualtls");
    assertThat(client.name()).isEqualTo("Smith, John");
  }

  @Test
  void theTrustStoreHoldsOnlyTheRootEvenForAnIntermediate() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority intermediate = root.intermediate("Issuing CA");

    KeyStore store = intermediate.trustStore();

    assertThat(store.getType()).isEqualTo("PKCS12");
    assertThat(Collections.list(store.aliases())).containsExactly("mutualtls-root");
    assertThat(store.isCertificateEntry("mutualtls-root")).isTrue();
    assertThat(store.getCertificate("mutualtls-root")).isEqualTo(root.certificate());
  }

  @Test
  void certificatePemIsTheCaCertificate() {
    CertificateAuthority ca = CertificateAuthority.create();

    assertThat(ca.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("\n-----END CERTIFICATE-----\n");
    assertThat(Certificates.parsePem(ca.certificatePem())).containsExactly(ca.certificate());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void aBlankSubjectIsRejected(String blank) {
    assertThatThrownBy(() -> CertificateAuthority.builder().subject(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.subject must not be blank, was \"" + blank + "\"");
  }

  @Test
  void aSubjectThatIsNoDistinguishedNameIsRejected() {
    assertThatThrownBy(() -> CertificateAuthority.builder().subject("Test Root"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.subject: \"Test Root\" is not an RFC 4514 distinguished name such as"
            + " \"CN=alice,O=Example\" (improperly specified input name: Test Root)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1H"})
  void aValidityThatIsNotPositiveIsRejected(String duration) {
    assertThatThrownBy(() -> CertificateAuthority.builder().validity(Duration.parse(duration)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.validity must be positive, was " + duration
            + "; for an expired certificate set notBefore and notAfter in the past");
  }

  @Test
  void aNegativePathLengthIsRejected() {
    assertThatThrownBy(() -> CertificateAuthority.builder().pathLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.pathLength must be 0 or more, was -1");
  }

  @Test
  void aNotAfterBeforeNotBeforeIsRejectedInTheBuildersOwnTerms() {
    CertificateAuthority.Builder builder = CertificateAuthority.builder()
        .notBefore(NOON).notAfter(NOON.minusSeconds(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.notAfter must be after notBefore: notBefore=2030-01-01T12:00:00Z,"
            + " notAfter=2030-01-01T11:59:59Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"300.1.1.1", "::g", "my_host", "my host", "api.example.123"})
  void aServerHostnameThatIsNeitherDnsNameNorIpAddressIsRejected(String host) {
    CertificateAuthority ca = CertificateAuthority.create();

    assertThatThrownBy(() -> ca.server("localhost", host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.server hostnames: \"" + host + "\" is neither a DNS name (such as"
            + " localhost or api.example.test) nor an IP address literal (such as 127.0.0.1 or ::1)");
  }

  @Test
  void aBlankServerHostnameIsRejected() {
    CertificateAuthority ca = CertificateAuthority.create();

    assertThatThrownBy(() -> ca.server(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.server hostnames must not be blank, was \"\"");
    assertThatThrownBy(() -> ca.server("localhost", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.server hostnames must not be blank, was null");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void aBlankClientOrIntermediateNameIsRejected(String blank) {
    CertificateAuthority ca = CertificateAuthority.create();
    String shown = blank == null ? "null" : "\"" + blank + "\"";

    assertThatThrownBy(() -> ca.client(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.client commonName must not be blank, was " + shown);
    assertThatThrownBy(() -> ca.intermediate(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.intermediate commonName must not be blank, was " + shown);
  }

  @Test
  void anIntermediateUnderACaWithPathLengthZeroIsRejected() {
    CertificateAuthority root = CertificateAuthority.builder().subject("CN=Leaf-only Root,O=Example")
        .pathLength(0).build();

    assertThatThrownBy(() -> root.intermediate("Issuing CA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.intermediate \"Issuing CA\": CN=Leaf-only Root,O=Example has pathLength 0"
            + " and this CA would be number 1 below it; build CN=Leaf-only Root,O=Example with a larger"
            + " pathLength, or none");
  }

  @Test
  void anIntermediateBeyondAnAncestorsPathLengthIsRejected() {
    CertificateAuthority root = CertificateAuthority.builder().subject("CN=Root,O=Example").pathLength(1).build();
    CertificateAuthority first = root.intermediate("Level 1");

    assertThatThrownBy(() -> first.intermediate("Level 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.intermediate \"Level 2\": CN=Root,O=Example has pathLength 1 and this CA"
            + " would be number 2 below it; build CN=Root,O=Example with a larger pathLength, or none");
    // What the constraint allows still works: leaves under the one permitted intermediate.
    assertThat(first.server().chain()).hasSize(2);
  }
}
