package dev.mutualtls.pki;

import static dev.mutualtls.testing.Certificates.AUTHORITY_KEY_IDENTIFIER;
import static dev.mutualtls.testing.Certificates.BASIC_CONSTRAINTS;
import static dev.mutualtls.testing.Certificates.CLIENT_AUTH;
import static dev.mutualtls.testing.Certificates.EXTENDED_KEY_USAGE;
import static dev.mutualtls.testing.Certificates.KEY_USAGE;
import static dev.mutualtls.testing.Certificates.SERVER_AUTH;
import static dev.mutualtls.testing.Certificates.SUBJECT_ALTERNATIVE_NAME;
import static dev.mutualtls.testing.Certificates.SUBJECT_KEY_IDENTIFIER;
import static dev.mutualtls.testing.Certificates.authorityKeyIdentifier;
import static dev.mutualtls.testing.Certificates.basicConstraints;
import static dev.mutualtls.testing.Certificates.expectedKeyIdentifier;
import static dev.mutualtls.testing.Certificates.keyUsage;
import static dev.mutualtls.testing.Certificates.subjectAltNames;
import static dev.mutualtls.testing.Certificates.subjectKeyIdentifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every certificate the CA mints, read field by field against RFC 5280 and the CA/Browser Forum profile:
 * the promises of {@link CertificateAuthority}'s class Javadoc, asserted with exact values.
 */
class CertificateProfileTest {

  /** Everything a hierarchy of root, intermediate, server and client is made of, with the clock around it. */
  private record Hierarchy(Instant before, CertificateAuthority root, CertificateAuthority intermediate,
      Identity server, Identity client, Instant after) {
    static Hierarchy of(KeyType type) {
      Instant before = Instant.now();
      CertificateAuthority root = CertificateAuthority.builder().keyType(type).build();
      CertificateAuthority intermediate = root.intermediate("Issuing CA");
      Identity server = intermediate.server();
      Identity client = intermediate.client("alice");
      return new Hierarchy(before, root, intermediate, server, client, Instant.now());
    }

    List<X509Certificate> all() {
      return List.of(root.certificate(), intermediate.certificate(), server.certificate(), client.certificate());
    }
  }

  static Stream<Arguments> keyTypes() {
    return Stream.of(
        Arguments.of(KeyType.EC_P256, "SHA256withECDSA", "1.2.840.10045.4.3.2", "1.2.840.10045.2.1",
            "1.2.840.10045.3.1.7", List.of("digitalSignature")),
        Arguments.of(KeyType.EC_P384, "SHA384withECDSA", "1.2.840.10045.4.3.3", "1.2.840.10045.2.1",
            "1.3.132.0.34", List.of("digitalSignature")),
        Arguments.of(KeyType.RSA_2048, "SHA256withRSA", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.1",
            null, List.of("digitalSignature", "keyEncipherment")),
        Arguments.of(KeyType.RSA_3072, "SHA256withRSA", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.1",
            null, List.of("digitalSignature", "keyEncipherment")),
        Arguments.of(KeyType.RSA_4096, "SHA256withRSA", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.1",
            null, List.of("digitalSignature", "keyEncipherment")),
        Arguments.of(KeyType.ED25519, "Ed25519", "1.3.101.112", "1.3.101.112", null,
            List.of("digitalSignature")));
  }

  @ParameterizedTest(name = "{0}: {1}, leaf key usage {5}")
  @MethodSource("keyTypes")
  void theKeyTypeDecidesKeyAlgorithmSignatureAlgorithmAndKeyUsage(KeyType type, String signatureName,
      String signatureOid, String keyOid, String curveOid, List<String> leafKeyUsage) throws Exception {
    CertificateAuthority root = CertificateAuthority.builder().keyType(type).build();
    Identity server = root.server();
    Identity client = root.client("alice");

    for (X509Certificate certificate : List.of(root.certificate(), server.certificate(), client.certificate())) {
      assertThat(certificate.getSigAlgName()).isEqualTo(signatureName);
      assertThat(certificate.getSigAlgOID()).isEqualTo(signatureOid);
      certificate.verify(root.certificate().getPublicKey());

      SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
      assertThat(key.getAlgorithm().getAlgorithm().getId()).isEqualTo(keyOid);
      if (curveOid != null) {
        assertThat(key.getAlgorithm().getParameters()).isEqualTo(new ASN1ObjectIdentifier(curveOid));
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
            .isEqualTo(type.bits());
      }
      if (type.isRsa()) {
        RSAPublicKey rsa = (RSAPublicKey) certificate.getPublicKey();
        assertThat(rsa.getModulus().bitLength()).isEqualTo(type.bits());
        assertThat(rsa.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
      }
    }
    assertThat(keyUsage(server.certificate())).isEqualTo(leafKeyUsage);
    assertThat(keyUsage(client.certificate())).isEqualTo(leafKeyUsage);
    assertThat(keyUsage(root.certificate())).containsExactly("digitalSignature", "keyCertSign", "cRLSign");
    assertThat(server.keyType()).isEqualTo(type);
    assertThat(root.keyType()).isEqualTo(type);
  }

  @Test
  void theIssuerKeyDecidesTheSignatureAndTheLeafKeyDecidesTheKeyUsage() {
    CertificateAuthority ca = CertificateAuthority.create();

    Identity rsaLeaf = ca.issue(CertificateSpec.builder().keyType(KeyType.RSA_2048).build());

    assertThat(rsaLeaf.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(rsaLeaf.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(keyUsage(rsaLeaf.certificate())).containsExactly("digitalSignature", "keyEncipherment");
  }

  @Test
  void everyCertificateIsVersion3WithAPositiveRandomSerialOf127Bits() {
    Hierarchy h = Hierarchy.of(KeyType.EC_P256);

    for (X509Certificate certificate : h.all()) {
      assertThat(certificate.getVersion()).isEqualTo(3);
      assertThat(certificate.getSerialNumber().signum()).isEqualTo(1);
      // Crypto.serial draws 16 random bytes and forces the top bits to 01: 127 bits, positive in DER.
      assertThat(certificate.getSerialNumber().bitLength()).isEqualTo(127);
    }
  }

  @Test
  void noTwoCertificatesShareASerialNumber() {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority intermediate = root.intermediate("Issuing CA");
    List<X509Certificate> certificates = new ArrayList<>(List.of(root.certificate(), intermediate.certificate()));
    for (int i = 0; i < 100; i++) {
      certificates.add(root.client("client-" + i).certificate());
      certificates.add(intermediate.server().certificate());
    }

    Set<BigInteger> serials = new HashSet<>();
    certificates.forEach(c -> serials.add(c.getSerialNumber()));

    assertThat(serials).hasSize(certificates.size());
  }

  @Test
  void subjectKeyIdentifierIsTheSha1OfTheKeyAndAuthorityKeyIdentifierIsTheIssuersSki() {
    Hierarchy h = Hierarchy.of(KeyType.EC_P256);
    X509Certificate root = h.root().certificate();
    X509Certificate intermediate = h.intermediate().certificate();

    for (X509Certificate certificate : h.all()) {
      assertThat(certificate.getNonCriticalExtensionOIDs())
          .contains(SUBJECT_KEY_IDENTIFIER, AUTHORITY_KEY_IDENTIFIER);
      assertThat(subjectKeyIdentifier(certificate)).isEqualTo(expectedKeyIdentifier(certificate.getPublicKey()));
      // Key identifier only: issuer name and serial in the AKI would pin the issuer's certificate.
      assertThat(authorityKeyIdentifier(certificate).getAuthorityCertIssuer()).isNull();
      assertThat(authorityKeyIdentifier(certificate).getAuthorityCertSerialNumber()).isNull();
    }
    assertThat(authorityKeyIdentifier(root).getKeyIdentifierOctets()).isEqualTo(subjectKeyIdentifier(root));
    assertThat(authorityKeyIdentifier(intermediate).getKeyIdentifierOctets()).isEqualTo(subjectKeyIdentifier(root));
    assertThat(authorityKeyIdentifier(h.server().certificate()).getKeyIdentifierOctets())
        .isEqualTo(subjectKeyIdentifier(intermediate));
    assertThat(authorityKeyIdentifier(h.client().certificate()).getKeyIdentifierOctets())
        .isEqualTo(subjectKeyIdentifier(intermediate));
  }

  @Test
  void basicConstraintsAreCriticalEverywhereCaTrueOnCasAndFalseOnLeaves() {
    Hierarchy h = Hierarchy.of(KeyType.EC_P256);

    for (X509Certificate certificate : h.all()) {
      assertThat(certificate.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS);
    }
    for (CertificateAuthority ca : List.of(h.root(), h.intermediate())) {
      assertThat(basicConstraints(ca.certificate()).isCA()).isTrue();
      assertThat(basicConstraints(ca.certificate()).getPathLenConstraint()).isNull();
      assertThat(ca.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    }
    for (Identity leaf : List.of(h.server(), h.client())) {
      assertThat(basicConstraints(leaf.certificate()).isCA()).isFalse();
      assertThat(basicConstraints(leaf.certificate()).getPathLenConstraint()).isNull();
      assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    }
  }

  @Test
  void aPathLengthIsEncodedOnTheCaThatWasGivenOne() {
    CertificateAuthority root = CertificateAuthority.builder().pathLength(1).build();
    CertificateAuthority intermediate = root.intermediate("Issuing CA");

    assertThat(basicConstraints(root.certificate()).getPathLenConstraint()).isEqualTo(BigInteger.ONE);
    assertThat(root.certificate().getBasicConstraints()).isEqualTo(1);
    assertThat(basicConstraints(intermediate.certificate()).getPathLenConstraint()).isNull();
  }

  @Test
  void keyUsageIsCriticalOnEveryCertificate() {
    Hierarchy h = Hierarchy.of(KeyType.EC_P256);

    for (X509Certificate certificate : h.all()) {
      assertThat(certificate.getCriticalExtensionOIDs()).contains(KEY_USAGE);
    }
    assertThat(keyUsage(h.intermediate().certificate()))
        .containsExactly("digitalSignature", "keyCertSign", "cRLSign");
  }

  @Test
  void serversGetServerAuthClientsGetClientAuthCasGetNoExtendedKeyUsage() throws Exception {
    Hierarchy h = Hierarchy.of(KeyType.EC_P256);
    Identity custom = h.root().issue(CertificateSpec.builder().dnsNames("both.example.test").build());

    assertThat(h.server().certificate().getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(h.client().certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(custom.certificate().getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
    assertThat(h.root().certificate().getExtendedKeyUsage()).isNull();
    assertThat(h.intermediate().certificate().getExtendedKeyUsage()).isNull();
    for (Identity leaf : List.of(h.server(), h.client(), custom)) {
      assertThat(leaf.certificate().getNonCriticalExtensionOIDs()).contains(EXTENDED_KEY_USAGE);
    }
  }

  @Test
  void aServerWithoutHostnamesCoversLocalhostAnd127001AndIpv6Loopback() {
    Identity server = CertificateAuthority.create().server();

    assertThat(subjectAltNames(server.certificate()))
        .containsExactly("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1");
    assertThat(server.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost,O=mutualtls");
    assertThat(server.certificate().getNonCriticalExtensionOIDs()).contains(SUBJECT_ALTERNATIVE_NAME);
  }

  @Test
  void aServerGetsOneSanPerHostnameAndItsFirstNameAsCommonName() {
    Identity server = CertificateAuthority.create().server("api.example.test", "10.1.2.3", "*.example.test",
        "2001:db8::7");

    // DNS names come first, then IP addresses, each group in the order given.
    assertThat(subjectAltNames(server.certificate())).containsExactly("DNS:api.example.test",
        "DNS:*.example.test", "IP:10.1.2.3", "IP:2001:db8:0:0:0:0:0:7");
    assertThat(server.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=api.example.test,O=mutualtls");
  }

  @Test
  void aClientHasItsNameAsSubjectAndNoSubjectAltName() {
    Identity client = CertificateAuthority.create().client("alice");

    assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=alice,O=mutualtls");
    assertThat(client.certificate().getExtensionValue(SUBJECT_ALTERNATIVE_NAME)).isNull();
  }

  @Test
  void aSpecCarriesDnsIpv4Ipv6UriAndEmailSans() {
    CertificateAuthority ca = CertificateAuthority.create();

    Identity identity = ca.issue(CertificateSpec.builder()
        .subject("CN=payments,O=Example")
        .dnsNames("payments.example.test")
        .ipAddresses("192.0.2.10", "2001:db8::1")
        .uris("spiffe://example.org/ns/payments/sa/api")
        .emailAddresses("payments@example.org")
        .build());

    assertThat(subjectAltNames(identity.certificate())).containsExactly("DNS:payments.example.test",
        "IP:192.0.2.10", "IP:2001:db8:0:0:0:0:0:1", "URI:spiffe://example.org/ns/payments/sa/api",
        "email:payments@example.org");
    assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=payments,O=Example");
    assertThat(identity.certificate().getIssuerX500Principal()).isEqualTo(ca.subject());
  }

  @Test
  void notBeforeIsOneHourInThePastLeavesLastOneDayAndCasTwoDays() {
    Hierarchy h = Hierarchy.of(KeyType.EC_P256);

    for (X509Certificate certificate : h.all()) {
      assertThat(certificate.getNotBefore().toInstant())
          .isBetween(seconds(h.before().minus(Duration.ofHours(1))), h.after().minus(Duration.ofHours(1)));
    }
    assertThat(h.root().certificate().getNotAfter().toInstant())
        .isBetween(seconds(h.before().plus(Duration.ofDays(2))), h.after().plus(Duration.ofDays(2)));
    for (Identity leaf : List.of(h.server(), h.client())) {
      assertThat(leaf.certificate().getNotAfter().toInstant())
          .isBetween(seconds(h.before().plus(Duration.ofDays(1))), h.after().plus(Duration.ofDays(1)));
    }
    // An intermediate never outlives its issuer; made after the root, it ends exactly when the root does.
    assertThat(h.intermediate().certificate().getNotAfter()).isEqualTo(h.root().certificate().getNotAfter());
  }

  @Test
  void caChainsEndWithTheRootAndIdentityChainsStartWithTheLeafAndLeaveTheRootOut() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority first = root.intermediate("Intermediate 1");
    CertificateAuthority second = first.intermediate("Intermediate 2");
    CertificateAuthority third = second.intermediate("Intermediate 3");
    Identity leaf = third.client("alice");
    Identity rootLeaf = root.server();

    assertThat(root.chain()).containsExactly(root.certificate());
    assertThat(third.chain()).containsExactly(third.certificate(), second.certificate(), first.certificate(),
        root.certificate());
    assertThat(third.root()).isEqualTo(root.certificate());
    assertThat(leaf.chain()).containsExactly(leaf.certificate(), third.certificate(), second.certificate(),
        first.certificate());
    assertThat(rootLeaf.chain()).containsExactly(rootLeaf.certificate());
    assertThat(third.subject().getName()).isEqualTo("CN=Intermediate 3,O=mutualtls");
    for (int i = 0; i + 1 < leaf.chain().size(); i++) {
      assertThat(leaf.chain().get(i).getIssuerX500Principal())
          .isEqualTo(leaf.chain().get(i + 1).getSubjectX500Principal());
    }

    // The JDK's own PKIX validator accepts the path the identity presents.
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
    parameters.setRevocationEnabled(false);
    PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(leaf.chain()), parameters);
    assertThat(result.getPublicKey()).isEqualTo(leaf.publicKey());
  }

  @Test
  void issueMintsACaWhenTheSpecAsksForOne() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();

    Identity subordinate = root.issue(CertificateSpec.builder().commonName("Custom CA").ca(true).pathLength(0)
        .build());

    assertThat(basicConstraints(subordinate.certificate()).isCA()).isTrue();
    assertThat(subordinate.certificate().getBasicConstraints()).isZero();
    assertThat(keyUsage(subordinate.certificate())).containsExactly("digitalSignature", "keyCertSign", "cRLSign");
    assertThat(subordinate.certificate().getExtendedKeyUsage()).isNull();
    assertThat(subordinate.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Custom CA,O=mutualtls");
  }

  /** X.509 encodes whole seconds: an instant's lower bound after encoding. */
  private static Instant seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }
}
