package dev.mutualtls.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.testing.Certificates;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every default of {@link CertificateSpec.Builder} and every message it gives for bad input, word for word. */
class CertificateSpecTest {
  private static final Instant NOON = Instant.parse("2030-01-01T12:00:00Z");

  @Test
  void theDefaultsDescribeAnEcP256LeafForServerAndClientUseValidFromAnHourAgoForOneDay() {
    Instant before = Instant.now();
    CertificateSpec spec = CertificateSpec.builder().build();
    Instant after = Instant.now();

    assertThat(spec.subject().getName()).isEqualTo("CN=mutualtls certificate,O=mutualtls");
    assertThat(spec.keyType()).isEqualTo(KeyType.EC_P256);
    assertThat(spec.dnsNames()).isEmpty();
    assertThat(spec.ipAddresses()).isEmpty();
    assertThat(spec.uris()).isEmpty();
    assertThat(spec.emailAddresses()).isEmpty();
    assertThat(spec.notBefore()).isBetween(before.minus(Duration.ofHours(1)), after.minus(Duration.ofHours(1)));
    assertThat(spec.notAfter()).isBetween(before.plus(Duration.ofDays(1)), after.plus(Duration.ofDays(1)));
    assertThat(spec.keyUsages()).containsExactly(KeyUsage.DIGITAL_SIGNATURE);
    assertThat(spec.extendedKeyUsages())
        .containsExactly(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH);
    assertThat(spec.isCa()).isFalse();
    assertThat(spec.pathLength()).isEmpty();
    assertThat(spec.signatureAlgorithm()).isEmpty();
    assertThat(CertificateSpec.CLOCK_SKEW).isEqualTo(Duration.ofHours(1));
    assertThat(CertificateSpec.DEFAULT_LEAF_VALIDITY).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void aCaSpecDefaultsToCaKeyUsagesNoExtendedKeyUsageAndItsOwnName() {
    CertificateSpec spec = CertificateSpec.builder().ca(true).build();

    assertThat(spec.subject().getName()).isEqualTo("CN=mutualtls CA,O=mutualtls");
    assertThat(spec.keyUsages())
        .containsExactly(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN);
    assertThat(spec.extendedKeyUsages()).isEmpty();
    assertThat(spec.pathLength()).isEmpty();
  }

  @Test
  void anRsaLeafMayAlsoEncipherKeys() {
    CertificateSpec spec = CertificateSpec.builder().keyType(KeyType.RSA_2048).build();

    assertThat(spec.keyUsages()).containsExactly(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
  }

  @Test
  void withoutASubjectTheFirstDnsNameThenIpThenEmailBecomesTheCommonName() {
    assertThat(CertificateSpec.builder().emailAddresses("a@example.org").ipAddresses("10.0.0.1")
        .dnsNames("api.example.test").build().subject().getName()).isEqualTo("CN=api.example.test,O=mutualtls");
    assertThat(CertificateSpec.builder().emailAddresses("a@example.org").ipAddresses("10.0.0.1").build()
        .subject().getName()).isEqualTo("CN=10.0.0.1,O=mutualtls");
    assertThat(CertificateSpec.builder().emailAddresses("a@example.org").build().subject().getName())
        .isEqualTo("CN=a@example.org,O=mutualtls");
    assertThat(CertificateSpec.builder().uris("spiffe://example.org/x").build().subject().getName())
        .isEqualTo("CN=mutualtls certificate,O=mutualtls");
  }

  @Test
  void commonNameEscapesWhatAnRfc4514NameWouldOtherwiseSplit() {
    assertThat(CertificateSpec.builder().commonName("Smith, John").build().subject().getName())
        .isEqualTo("CN=Smith\\, John,O=mutualtls");
    assertThat(CertificateSpec.builder().subject("CN=alice,OU=Payments,O=Example").build().subject().getName())
        .isEqualTo("CN=alice,OU=Payments,O=Example");
  }

  @Test
  void hostnamesSortsIpLiteralsFromDnsNames() {
    CertificateSpec spec = CertificateSpec.builder().hostnames("localhost", "127.0.0.1", "::1", "*.example.test")
        .build();

    assertThat(spec.dnsNames()).containsExactly("localhost", "*.example.test");
    assertThat(spec.ipAddresses()).containsExactly("127.0.0.1", "::1");
  }

  @Test
  void validityCountsFromNowAndAnExplicitWindowOverridesIt() {
    Instant before = Instant.now();
    CertificateSpec counted = CertificateSpec.builder().validity(Duration.ofMinutes(5)).build();
    Instant after = Instant.now();
    CertificateSpec window = CertificateSpec.builder().validity(Duration.ofMinutes(5))
        .notBefore(NOON).notAfter(NOON.plus(Duration.ofDays(30))).build();

    assertThat(counted.notAfter()).isBetween(before.plus(Duration.ofMinutes(5)), after.plus(Duration.ofMinutes(5)));
    assertThat(window.notBefore()).isEqualTo(NOON);
    assertThat(window.notAfter()).isEqualTo(NOON.plus(Duration.ofDays(30)));
  }

  @Test
  void explicitlyEmptyUsagesLeaveTheExtensionsOut() throws Exception {
    Identity identity = CertificateAuthority.create().issue(CertificateSpec.builder()
        .keyUsages().extendedKeyUsages().build());

    assertThat(identity.certificate().getKeyUsage()).isNull();
    assertThat(identity.certificate().getExtendedKeyUsage()).isNull();
    assertThat(Certificates.keyUsage(identity.certificate())).isEmpty();
  }

  @Test
  void chosenUsagesAreTakenAsGiven() {
    CertificateSpec spec = CertificateSpec.builder().keyType(KeyType.RSA_2048)
        .keyUsages(KeyUsage.KEY_ENCIPHERMENT).extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH).build();

    assertThat(spec.keyUsages()).containsExactly(KeyUsage.KEY_ENCIPHERMENT);
    assertThat(spec.extendedKeyUsages()).containsExactly(ExtendedKeyUsage.CLIENT_AUTH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void aBlankSubjectIsRejected(String blank) {
    assertThatThrownBy(() -> CertificateSpec.builder().subject(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.subject must not be blank, was \"" + blank + "\"");
  }

  @Test
  void aSubjectThatIsNoDistinguishedNameIsRejected() {
    assertThatThrownBy(() -> CertificateSpec.builder().subject("alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.subject: \"alice\" is not an RFC 4514 distinguished name such as"
            + " \"CN=alice,O=Example\" (improperly specified input name: alice)");
  }

  @Test
  void aBlankOrMissingCommonNameIsRejected() {
    assertThatThrownBy(() -> CertificateSpec.builder().commonName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.commonName must not be blank, was \" \"");
    assertThatThrownBy(() -> CertificateSpec.builder().commonName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.commonName must not be blank, was null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"my_host", "my host", "300.1.1.1", "host-.example", "-host.example", "a..b",
      "api.example.123"})
  void aDnsNameThatIsNoHostnameIsRejected(String name) {
    assertThatThrownBy(() -> CertificateSpec.builder().dnsNames(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.dnsNames: \"" + name + "\" is not a DNS name (labels of letters, digits and"
            + " inner hyphens, at most 63 characters each, an optional leading \"*.\")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void anIpAddressGivenAsDnsNameIsPointedToIpAddresses(String address) {
    assertThatThrownBy(() -> CertificateSpec.builder().dnsNames(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.dnsNames: \"" + address + "\" is an IP address, not a DNS name; add it with"
            + " ipAddresses(...) or hostnames(...)");
  }

  @Test
  void aBlankDnsNameIsRejected() {
    assertThatThrownBy(() -> CertificateSpec.builder().dnsNames(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.dnsNames must not be blank, was \"\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"300.1.1.1", "1.2.3", "::g", "2001:db8::1::2", "localhost"})
  void anIpAddressThatDoesNotParseIsRejected(String address) {
    assertThatThrownBy(() -> CertificateSpec.builder().ipAddresses(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.ipAddresses: \"" + address + "\" is not an IPv4 or IPv6 address literal"
            + " (such as 127.0.0.1 or ::1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"300.1.1.1", "::g", "my_host", "my host"})
  void aHostnameThatIsNeitherDnsNameNorIpAddressIsRejected(String host) {
    assertThatThrownBy(() -> CertificateSpec.builder().hostnames(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.hostnames: \"" + host + "\" is neither a DNS name (such as localhost or"
            + " api.example.test) nor an IP address literal (such as 127.0.0.1 or ::1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a uri", "/ns/payments", "example.org/x"})
  void aUriThatIsNotAbsoluteIsRejected(String uri) {
    assertThatThrownBy(() -> CertificateSpec.builder().uris(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.uris: \"" + uri + "\" is not an absolute URI (such as"
            + " spiffe://example.org/ns/payments/sa/api)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "alice@", "@example.org", "a b@example.org", "a@b@example.org"})
  void anEmailAddressWithoutLocalPartAndDomainIsRejected(String email) {
    assertThatThrownBy(() -> CertificateSpec.builder().emailAddresses(email))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.emailAddresses: \"" + email + "\" is not an email address (such as"
            + " alice@example.org)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1H"})
  void aValidityThatIsNotPositiveIsRejected(String duration) {
    assertThatThrownBy(() -> CertificateSpec.builder().validity(Duration.parse(duration)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.validity must be positive, was " + duration + "; for an expired certificate"
            + " set notBefore and notAfter in the past");
  }

  @ParameterizedTest
  @CsvSource({"2030-01-01T12:00:00Z, 2030-01-01T11:59:59Z", "2030-01-01T12:00:00Z, 2030-01-01T12:00:00Z"})
  void aNotAfterThatIsNotAfterNotBeforeIsRejected(Instant notBefore, Instant notAfter) {
    CertificateSpec.Builder builder = CertificateSpec.builder().notBefore(notBefore).notAfter(notAfter);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.notAfter must be after notBefore: notBefore=" + notBefore + ", notAfter="
            + notAfter);
  }

  @Test
  void aNegativePathLengthIsRejected() {
    assertThatThrownBy(() -> CertificateSpec.builder().ca(true).pathLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.pathLength must be 0 or more, was -1");
  }

  @Test
  void aPathLengthOnALeafIsRejected() {
    CertificateSpec.Builder builder = CertificateSpec.builder().pathLength(1);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.pathLength: 1 is only allowed on a CA; call ca(true) as well, or leave"
            + " pathLength unset");
  }

  @ParameterizedTest
  @CsvSource({"EC_P256", "EC_P384", "ED25519"})
  void keyEnciphermentOnAKeyThatCannotEncryptIsRejected(KeyType type) {
    CertificateSpec.Builder builder = CertificateSpec.builder().keyType(type)
        .keyUsages(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.keyUsages: KEY_ENCIPHERMENT needs an RSA key, not " + type + "; EC and EdDSA"
            + " keys cannot encrypt, use DIGITAL_SIGNATURE");
  }

  @Test
  void aBlankSignatureAlgorithmIsRejected() {
    assertThatThrownBy(() -> CertificateSpec.builder().signatureAlgorithm(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.signatureAlgorithm must not be blank, was \"\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "EC_P256 | SHA256withRSA   | SHA256withECDSA, SHA384withECDSA, SHA512withECDSA, SHA1withECDSA",
      "EC_P384 | Ed25519         | SHA384withECDSA, SHA256withECDSA, SHA512withECDSA, SHA1withECDSA",
      "ED25519 | SHA256withECDSA | Ed25519",
      "EC_P256 | sha256withecdsa | SHA256withECDSA, SHA384withECDSA, SHA512withECDSA, SHA1withECDSA"})
  void aSignatureAlgorithmThatDoesNotFitTheIssuerKeyIsRejectedWhenIssued(KeyType issuer, String algorithm,
      String accepted) {
    CertificateAuthority ca = CertificateAuthority.builder().keyType(issuer).build();
    CertificateSpec spec = CertificateSpec.builder().signatureAlgorithm(algorithm).build();

    assertThatThrownBy(() -> ca.issue(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateSpec.signatureAlgorithm: \"" + algorithm + "\" does not fit the issuing CA's "
            + issuer + " key; accepted: " + accepted);
  }

  @Test
  void oneSpecIsRejectedByAnEcIssuerAndAcceptedByAnRsaIssuer() {
    // One spec, two issuers: the check belongs to issue(), where the issuer's key is known.
    CertificateSpec spec = CertificateSpec.builder().signatureAlgorithm("SHA256withRSA").build();

    assertThatThrownBy(() -> CertificateAuthority.create().issue(spec))
        .hasMessage("CertificateSpec.signatureAlgorithm: \"SHA256withRSA\" does not fit the issuing CA's EC_P256"
            + " key; accepted: SHA256withECDSA, SHA384withECDSA, SHA512withECDSA, SHA1withECDSA");
    assertThat(CertificateAuthority.builder().keyType(KeyType.RSA_2048).build().issue(spec).certificate()
        .getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void anAcceptedAlternativeSignatureAlgorithmIsUsed() {
    Identity identity = CertificateAuthority.create().issue(CertificateSpec.builder()
        .signatureAlgorithm("SHA384withECDSA").build());

    assertThat(identity.certificate().getSigAlgName()).isEqualTo("SHA384withECDSA");
  }
}
