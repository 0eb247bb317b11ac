package dev.mutualtls.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.KeyType;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration checks of mutualtls:generate: every message names the parameter, the value and what is accepted.
 */
class FixtureSettingsTest {

  /** The mojo's defaults, changed one parameter at a time. */
  private static final class Parameters {
    String keyType = "EC_P256";
    List<String> hostnames = List.of("localhost", "127.0.0.1", "::1");
    List<String> clients = List.of("client");
    List<String> defects = List.of();
    int validityDays = 30;
    String password = "changeit";
    List<String> formats = List.of("PEM", "PKCS12", "JKS");
    boolean writeCaKey;

    FixtureSettings validate() throws MojoFailureException {
      return FixtureSettings.validate(keyType, hostnames, clients, defects, validityDays, password, formats,
          writeCaKey);
    }
  }

  @Test
  void theDefaultsDescribeCaServerAndOneClientInEveryFormat() throws Exception {
    FixtureSettings settings = new Parameters().validate();

    assertThat(settings.keyType()).isEqualTo(KeyType.EC_P256);
    assertThat(settings.identityNames()).containsExactly("server", "client");
    assertThat(settings.files()).containsExactly("ca.pem", "client-key.pem", "client.jks", "client.p12",
        "client.pem", "fixtures.properties", "server-key.pem", "server.jks", "server.p12", "server.pem",
        "truststore.jks", "truststore.p12");
  }

  @Test
  void keyTypesAndDefectsAcceptAnyCaseAndHyphens() throws Exception {
    Parameters p = new Parameters();
    p.keyType = "rsa-2048";
    p.defects = List.of("expired", "Not-Yet-Valid", "HOSTNAME_MISMATCH", " revoked ");

    FixtureSettings settings = p.validate();

    assertThat(settings.keyType()).isEqualTo(KeyType.RSA_2048);
    assertThat(settings.defects()).containsExactly(Defect.EXPIRED, Defect.NOT_YET_VALID, Defect.HOSTNAME_MISMATCH,
        Defect.REVOKED);
    assertThat(settings.identityNames()).containsExactly("server", "client", "client-expired",
        "client-not-yet-valid", "server-hostname-mismatch", "client-revoked");
    assertThat(settings.files()).contains("crl.pem", "server-hostname-mismatch-key.pem");
  }

  @Test
  void anUnknownKeyTypeNamesTheAcceptedOnes() {
    Parameters p = new Parameters();
    p.keyType = "EC_P521";

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessage("keyType: \"EC_P521\" is not a key type; accepted: EC_P256, EC_P384, RSA_2048, RSA_3072,"
            + " RSA_4096, ED25519 (case does not matter, '-' may stand for '_')");
  }

  @Test
  void anUnknownDefectNamesTheAcceptedOnes() {
    Parameters p = new Parameters();
    p.defects = List.of("EXPIRED", "BROKEN");

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("defects: \"BROKEN\" is not a defect; accepted: EXPIRED, NOT_YET_VALID,"
            + " UNTRUSTED_ISSUER, SELF_SIGNED,")
        .hasMessageContaining("HOSTNAME_MISMATCH")
        .hasMessageNotContaining("NO_CERTIFICATE");
  }

  @Test
  void noCertificateIsRefusedBecauseItHasNoFiles() {
    Parameters p = new Parameters();
    p.defects = List.of("NO_CERTIFICATE");

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("defects: \"NO_CERTIFICATE\" has no files to write: a client without a"
            + " certificate is simply one that sends none")
        .hasMessageContaining("accepted: EXPIRED,");
  }

  @Test
  void sha1SignaturesNeedAKeyTypeThatCanMakeThem() {
    Parameters p = new Parameters();
    p.keyType = "ED25519";
    p.defects = List.of("SHA1_SIGNATURE");

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("defects: SHA1_SIGNATURE cannot be minted with keyType ED25519");
  }

  @Test
  void aDefectListedTwiceIsRefused() {
    Parameters p = new Parameters();
    p.defects = List.of("EXPIRED", "expired");

    assertThatThrownBy(p::validate).hasMessage("defects: \"expired\" is listed twice; list each defect once");
  }

  @ParameterizedTest
  @ValueSource(strings = {"exa mple.test", "under_score.test", "-leading.test", "http://x", "host:8080", "a..b"})
  void aHostnameThatIsNeitherDnsNameNorIpIsRefused(String hostname) {
    Parameters p = new Parameters();
    p.hostnames = List.of("localhost", hostname);

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("hostnames: \"" + hostname + "\" is neither a DNS name nor an IP address;"
            + " accepted: DNS names")
        .hasMessageContaining("127.0.0.1 or ::1");
  }

  @Test
  void wildcardsAndIpv6AreHostnames() throws Exception {
    Parameters p = new Parameters();
    p.hostnames = List.of("*.example.test", "api.example.test", "::1", "10.0.0.1");

    assertThat(p.validate().hostnames()).containsExactly("*.example.test", "api.example.test", "::1", "10.0.0.1");
  }

  @Test
  void anEmptyHostnameListIsRefused() {
    Parameters p = new Parameters();
    p.hostnames = List.of();

    assertThatThrownBy(p::validate).hasMessageStartingWith("hostnames: the list is empty;");
  }

  @Test
  void aDuplicateHostnameIsRefused() {
    Parameters p = new Parameters();
    p.hostnames = List.of("localhost", "LOCALHOST");

    assertThatThrownBy(p::validate).hasMessage("hostnames: \"LOCALHOST\" is listed twice; list each name once");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 3651})
  void validityDaysOutsideOneToTenYearsIsRefused(int days) {
    Parameters p = new Parameters();
    p.validityDays = days;

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessage("validityDays: " + days + " is out of range; accepted: a whole number of days from 1 to 3650"
            + " (mutualtls.validityDays, default 30)");
  }

  @Test
  void duplicateClientNamesAreRefused() {
    Parameters p = new Parameters();
    p.clients = List.of("alice", "bob", "alice");

    assertThatThrownBy(p::validate)
        .hasMessage("clients: \"alice\" is listed twice; every client needs a name of its own");
  }

  @Test
  void clientNamesDifferingOnlyInCaseAreDuplicates() {
    Parameters p = new Parameters();
    p.clients = List.of("alice", "Alice");

    assertThatThrownBy(p::validate).hasMessage("clients: \"Alice\" is listed twice (as \"alice\" too: file names"
        + " must differ in more than case); every client needs a name of its own");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "a\\b", "..", ".hidden", "/etc/passwd", "with space", "-dash"})
  void aClientNameThatCouldEscapeTheOutputDirectoryIsRefused(String name) {
    Parameters p = new Parameters();
    p.clients = List.of(name);

    assertThatThrownBy(p::validate).isInstanceOf(MojoFailureException.class)
        .hasMessage("clients: \"" + name + "\" is not a valid client name: each name becomes the certificate's"
            + " CN and the file names <name>.pem, <name>-key.pem, <name>.p12 inside outputDirectory, so it must"
            + " not contain '/', '\\' or \"..\"; accepted: 1 to 64 letters, digits, '.', '_' or '-', starting with"
            + " a letter or digit (such as alice or payments-api)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ca", "Server", "truststore", "crl", "fixtures"})
  void theNamesOfThePluginsOwnFilesAreReserved(String name) {
    Parameters p = new Parameters();
    p.clients = List.of(name);

    assertThatThrownBy(p::validate).hasMessage("clients: \"" + name + "\" is reserved for the plugin's own files;"
        + " reserved (in any case): ca, server, truststore, crl, fixtures; choose another name");
  }

  @Test
  void aClientWhoseFilesCollideWithAnotherIdentityIsRefused() {
    Parameters p = new Parameters();
    p.clients = List.of("client-expired");
    p.defects = List.of("EXPIRED");

    assertThatThrownBy(p::validate).hasMessage("clients: defect EXPIRED would write client-expired.pem, which"
        + " client \"client-expired\" writes already (client-expired.pem); rename the client so that no two"
        + " files collide");
  }

  @Test
  void aClientNamedLikeAnotherClientsKeyFileIsRefused() {
    Parameters p = new Parameters();
    p.clients = List.of("alice", "alice-key");

    assertThatThrownBy(p::validate).hasMessageStartingWith("clients: client \"alice-key\" would write"
        + " alice-key.pem, which client \"alice\" writes already");
  }

  @Test
  void anEmptyEntryIsRefusedWithAHintAboutCommas() {
    Parameters p = new Parameters();
    p.clients = new ArrayList<>(List.of("alice", " "));

    assertThatThrownBy(p::validate).hasMessageStartingWith("clients: holds an empty entry")
        .hasMessageContaining("-Dmutualtls.clients=");
  }

  @Test
  void noClientsIsAllowed() throws Exception {
    Parameters p = new Parameters();
    p.clients = List.of();

    assertThat(p.validate().identityNames()).containsExactly("server");
  }

  @Test
  void anUnknownFormatNamesTheAcceptedOnes() {
    Parameters p = new Parameters();
    p.formats = List.of("PEM", "DER");

    assertThatThrownBy(p::validate)
        .hasMessage("formats: \"DER\" is not a format; accepted: PEM, PKCS12, JKS (case does not matter)");
  }

  @Test
  void anEmptyFormatListIsRefused() {
    Parameters p = new Parameters();
    p.formats = List.of();

    assertThatThrownBy(p::validate).hasMessage("formats: the list is empty; accepted: one or more of PEM, PKCS12, JKS");
  }

  @Test
  void formatsChooseTheFiles() throws Exception {
    Parameters p = new Parameters();
    p.formats = List.of("pem");
    p.writeCaKey = true;

    assertThat(p.validate().files()).containsExactly("ca-key.pem", "ca.pem", "client-key.pem", "client.pem",
        "fixtures.properties", "server-key.pem", "server.pem");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "12345"})
  void aPasswordKeytoolWouldRefuseIsRefused(String password) {
    Parameters p = new Parameters();
    p.password = password;

    assertThatThrownBy(p::validate).hasMessage("password: \"" + password + "\" is too short: keytool refuses key"
        + " store passwords under 6 characters; accepted: 6 or more printable ASCII characters"
        + " (mutualtls.password, default changeit)");
  }

  @Test
  void aPasswordOutsidePrintableAsciiIsRefused() {
    Parameters p = new Parameters();
    p.password = "geheim-ü";

    assertThatThrownBy(p::validate).hasMessageStartingWith("password: the value holds a space or a character"
        + " outside printable ASCII");
  }

  @Test
  void theHashChangesWithEveryParameterAndOnlyThen() throws Exception {
    String base = new Parameters().validate().hash();
    assertThat(new Parameters().validate().hash()).isEqualTo(base);

    List<Parameters> variants = new ArrayList<>();
    Parameters p = new Parameters();
    p.keyType = "EC_P384";
    variants.add(p);
    p = new Parameters();
    p.hostnames = List.of("localhost");
    variants.add(p);
    p = new Parameters();
    p.clients = List.of("alice");
    variants.add(p);
    p = new Parameters();
    p.defects = List.of("EXPIRED");
    variants.add(p);
    p = new Parameters();
    p.validityDays = 31;
    variants.add(p);
    p = new Parameters();
    p.password = "changeit2";
    variants.add(p);
    p = new Parameters();
    p.formats = List.of("PEM");
    variants.add(p);
    p = new Parameters();
    p.writeCaKey = true;
    variants.add(p);
    for (Parameters variant : variants) {
      assertThat(variant.validate().hash()).isNotEqualTo(base);
    }
  }
}
