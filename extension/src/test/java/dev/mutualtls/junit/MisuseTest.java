package dev.mutualtls.junit;

import static dev.mutualtls.junit.EngineRuns.onlyFailure;
import static dev.mutualtls.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** Every misuse fails with a message that names the annotation, the element, the rule, the value and the fix. */
class MisuseTest {

  private static void assertResolutionFailure(Class<?> fixture, String message) {
    assertThat(onlyFailure(run(fixture))).isInstanceOf(ParameterResolutionException.class).hasMessage(message);
  }

  private static void assertConfigurationFailure(Throwable failure, String message) {
    Throwable cause = failure instanceof ParameterResolutionException && failure.getCause() != null
        ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(ExtensionConfigurationException.class).hasMessage(message);
  }

  @Test
  void clientOnAnUnsupportedType() {
    assertResolutionFailure(ClientOnString.class, "@Client(\"alice\") cannot be declared on parameter [String arg0]"
        + " of method MisuseTest$ClientOnString.test(String): @Client selects a MutualTlsClient, Identity or"
        + " SSLContext, not a String. Change the parameter's type to one of these, or remove the annotation.");
  }

  @Test
  void defectiveOnAnUnsupportedType() {
    assertResolutionFailure(DefectiveOnCa.class, "@Defective(EXPIRED) cannot be declared on parameter"
        + " [CertificateAuthority arg0] of method MisuseTest$DefectiveOnCa.test(CertificateAuthority): @Defective"
        + " selects a MutualTlsClient, Identity or SSLContext, not a CertificateAuthority. Change the parameter's"
        + " type to one of these, or remove the annotation.");
  }

  @Test
  void serverIdentityOnAnUnsupportedType() {
    assertResolutionFailure(ServerIdentityOnClient.class, "@ServerIdentity cannot be declared on parameter"
        + " [MutualTlsClient arg0] of method MisuseTest$ServerIdentityOnClient.test(MutualTlsClient):"
        + " @ServerIdentity selects an Identity, not a MutualTlsClient. Change the parameter's type to Identity, or"
        + " remove the annotation.");
  }

  @Test
  void moreThanOneSelector() {
    assertResolutionFailure(TwoSelectors.class, "Parameter [MutualTlsClient arg0] of method"
        + " MisuseTest$TwoSelectors.test(MutualTlsClient) carries @Client(\"alice\") and @Defective(EXPIRED), but a"
        + " parameter selects at most one of @Client, @Defective and @ServerIdentity. Keep one of them.");
  }

  @Test
  void unknownClientName() {
    assertResolutionFailure(UnknownClient.class, "@Client(\"alcie\") on parameter [MutualTlsClient arg0] of method"
        + " MisuseTest$UnknownClient.test(MutualTlsClient) names an unknown client: the clients here are [client,"
        + " alice, bob]. Add \"alcie\" to @MutualTls(clients = ...) or to the configuration parameter"
        + " mutualtls.clients, or correct the name.");
  }

  @Test
  void blankClientName() {
    assertResolutionFailure(BlankClient.class, "@Client(\" \") on parameter [MutualTlsClient arg0] of method"
        + " MisuseTest$BlankClient.test(MutualTlsClient): a client name must not be blank. Give the name of a"
        + " client declared in @MutualTls(clients = ...), or remove @Client for the default client.");
  }

  @Test
  void identityWithoutSelector() {
    assertResolutionFailure(BareIdentity.class, "Parameter [Identity arg0] of method"
        + " MisuseTest$BareIdentity.test(Identity) must say whose identity it is: annotate it with"
        + " @ServerIdentity, @Client(\"name\") or @Defective(Defect.NAME).");
  }

  @Test
  void identityOfTheClientWithoutCertificate() {
    assertResolutionFailure(NoCertificateIdentity.class, "@Defective(NO_CERTIFICATE) on parameter [Identity arg0]"
        + " of method MisuseTest$NoCertificateIdentity.test(Identity): a client with this defect presents no"
        + " certificate, so there is no Identity to inject. Declare a MutualTlsClient or an SSLContext instead;"
        + " both present nothing.");
  }

  @Test
  void clientWithAServerDefect() {
    assertResolutionFailure(ServerDefectClient.class, "@Defective(HOSTNAME_MISMATCH) on parameter [SSLContext"
        + " arg0] of method MisuseTest$ServerDefectClient.test(SSLContext): HOSTNAME_MISMATCH breaks a server"
        + " certificate, not a client's, so there is no such client. Declare an Identity to get the defective"
        + " server identity, or choose a client defect.");
  }

  @Test
  void defectTheKeyTypeCannotHave() {
    assertResolutionFailure(Sha1OnEd25519.class, "@Defective(SHA1_SIGNATURE) on parameter [MutualTlsClient arg0]"
        + " of method MisuseTest$Sha1OnEd25519.test(MutualTlsClient): Defect.SHA1_SIGNATURE needs an EC or RSA CA:"
        + " an Ed25519 key cannot sign with SHA-1; build the CA with keyType EC_P256 or RSA_2048");
  }

  @Test
  void misuseInAConstructorIsNamedSo() {
    assertResolutionFailure(ConstructorMisuse.class, "@Client(\"alice\") cannot be declared on parameter"
        + " [CertificateAuthority arg0] of constructor MisuseTest$ConstructorMisuse(CertificateAuthority): @Client"
        + " selects a MutualTlsClient, Identity or SSLContext, not a CertificateAuthority. Change the parameter's"
        + " type to one of these, or remove the annotation.");
  }

  @Test
  void twoKeyTypes() {
    assertConfigurationFailure(onlyFailure(run(TwoKeyTypes.class)), "@MutualTls(keyType) on class"
        + " dev.mutualtls.junit.MisuseTest$TwoKeyTypes must give at most one key type, but gives [EC_P256,"
        + " RSA_2048]; keep one, or none for the run's default");
  }

  @Test
  void twoTrustPolicies() {
    assertConfigurationFailure(onlyFailure(run(TwoPolicies.class)), "@MutualTls(trustPolicy) on method"
        + " dev.mutualtls.junit.MisuseTest$TwoPolicies.test(MutualTlsServer) must give at most one trust policy,"
        + " but gives [STRICT, JDK_DEFAULT]; keep one, or none for the run's default");
  }

  @Test
  void twoRevocationChecks() {
    assertConfigurationFailure(onlyFailure(run(TwoRevocationChecks.class)), "@MutualTls(revocation) on class"
        + " dev.mutualtls.junit.MisuseTest$TwoRevocationChecks must give at most one revocation check, but gives"
        + " [CRL, OCSP]; keep one, or none for the run's default");
  }

  @Test
  void twoSoftFailValues() {
    assertConfigurationFailure(onlyFailure(run(TwoSoftFailValues.class)), "@MutualTls(revocationSoftFail) on method"
        + " dev.mutualtls.junit.MisuseTest$TwoSoftFailValues.test() must give at most one value, but gives [true,"
        + " false]; keep one, or none for the run's default");
  }

  @Test
  void unsupportedProtocol() {
    assertConfigurationFailure(onlyFailure(run(OldProtocol.class)), "@MutualTls(protocols) on class"
        + " dev.mutualtls.junit.MisuseTest$OldProtocol: \"TLSv1.1\" is not a supported protocol; accepted values:"
        + " TLSv1.3, TLSv1.2");
  }

  @Test
  void mintedAtThatIsNeitherAnInstantNorADuration() {
    assertConfigurationFailure(onlyFailure(run(BadMintedAt.class)), "@MutualTls(mintedAt) on class"
        + " dev.mutualtls.junit.MisuseTest$BadMintedAt: \"yesterday\" is neither an ISO-8601 instant such as"
        + " 2030-01-01T00:00:00Z nor an ISO-8601 duration from now such as -PT23H (minted 23 hours ago)");
  }

  @Test
  void invalidHostname() {
    assertConfigurationFailure(onlyFailure(run(BadHostname.class)), "@MutualTls(hostnames) on class"
        + " dev.mutualtls.junit.MisuseTest$BadHostname: \"not a host\" is neither a DNS name (such as localhost or"
        + " api.example.test) nor an IP address literal (such as 127.0.0.1 or ::1)");
  }

  @Test
  void blankClientInTheAnnotation() {
    assertConfigurationFailure(onlyFailure(run(BlankDeclaredClient.class)), "@MutualTls(clients) on class"
        + " dev.mutualtls.junit.MisuseTest$BlankDeclaredClient: a client name must not be blank, but was \"\";"
        + " give names such as \"alice\"");
  }

  @Test
  void invalidConfigurationParameters() {
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.keyType", "RSA"), Valid.class)),
        "configuration parameter mutualtls.keyType: \"RSA\" is not a KeyType; accepted values: EC_P256, EC_P384,"
            + " RSA_2048, RSA_3072, RSA_4096, ED25519");
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.trustPolicy", "LAX"), Valid.class)),
        "configuration parameter mutualtls.trustPolicy: \"LAX\" is not a TrustPolicy; accepted values: STRICT,"
            + " JDK_DEFAULT");
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.protocols", "TLSv1.3, SSLv3"), Valid.class)),
        "configuration parameter mutualtls.protocols: \"SSLv3\" is not a supported protocol; accepted values:"
            + " TLSv1.3, TLSv1.2");
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.hostnames", "localhost,bad_name"), Valid.class)),
        "configuration parameter mutualtls.hostnames: \"bad_name\" is neither a DNS name (such as localhost or"
            + " api.example.test) nor an IP address literal (such as 127.0.0.1 or ::1)");
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.httpTimeout", "10s"), Valid.class)),
        "configuration parameter mutualtls.httpTimeout: \"10s\" is not a positive ISO-8601 duration; give one"
            + " such as PT10S or PT0.5S");
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.revocation", "OSCP"), Valid.class)),
        "configuration parameter mutualtls.revocation: \"OSCP\" is not a RevocationCheck; accepted values: NONE,"
            + " CRL, OCSP");
    assertConfigurationFailure(onlyFailure(run(Map.of("mutualtls.revocationSoftFail", "yes"), Valid.class)),
        "configuration parameter mutualtls.revocationSoftFail: \"yes\" is not a boolean; accepted values: true,"
            + " false");
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class ClientOnString {
    @Test
    void test(@Client("alice") String alice) {}
  }

  @MutualTls
  @Tag("fixture")
  static class DefectiveOnCa {
    @Test
    void test(@Defective(Defect.EXPIRED) CertificateAuthority ca) {}
  }

  @MutualTls
  @Tag("fixture")
  static class ServerIdentityOnClient {
    @Test
    void test(@ServerIdentity MutualTlsClient client) {}
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class TwoSelectors {
    @Test
    void test(@Client("alice") @Defective(Defect.EXPIRED) MutualTlsClient client) {}
  }

  @MutualTls(clients = {"alice", "bob"})
  @Tag("fixture")
  static class UnknownClient {
    @Test
    void test(@Client("alcie") MutualTlsClient client) {}
  }

  @MutualTls
  @Tag("fixture")
  static class BlankClient {
    @Test
    void test(@Client(" ") MutualTlsClient client) {}
  }

  @MutualTls
  @Tag("fixture")
  static class BareIdentity {
    @Test
    void test(Identity identity) {}
  }

  @MutualTls
  @Tag("fixture")
  static class NoCertificateIdentity {
    @Test
    void test(@Defective(Defect.NO_CERTIFICATE) Identity identity) {}
  }

  @MutualTls
  @Tag("fixture")
  static class ServerDefectClient {
    @Test
    void test(@Defective(Defect.HOSTNAME_MISMATCH) SSLContext context) {}
  }

  @MutualTls(keyType = KeyType.ED25519)
  @Tag("fixture")
  static class Sha1OnEd25519 {
    @Test
    void test(@Defective(Defect.SHA1_SIGNATURE) MutualTlsClient client) {}
  }

  @MutualTls(clients = "alice")
  @Tag("fixture")
  static class ConstructorMisuse {
    ConstructorMisuse(@Client("alice") CertificateAuthority ca) {}

    @Test
    void test() {}
  }

  @MutualTls(keyType = {KeyType.EC_P256, KeyType.RSA_2048})
  @Tag("fixture")
  static class TwoKeyTypes {
    @Test
    void test() {}
  }

  @MutualTls
  @Tag("fixture")
  static class TwoPolicies {
    @Test
    @MutualTls(trustPolicy = {TrustPolicy.STRICT, TrustPolicy.JDK_DEFAULT})
    void test(MutualTlsServer server) {}
  }

  @MutualTls(revocation = {RevocationCheck.CRL, RevocationCheck.OCSP})
  @Tag("fixture")
  static class TwoRevocationChecks {
    @Test
    void test() {}
  }

  @MutualTls(revocation = RevocationCheck.OCSP)
  @Tag("fixture")
  static class TwoSoftFailValues {
    @Test
    @MutualTls(revocationSoftFail = {true, false})
    void test() {}
  }

  @MutualTls(protocols = {"TLSv1.3", "TLSv1.1"})
  @Tag("fixture")
  static class OldProtocol {
    @Test
    void test() {}
  }

  @MutualTls(mintedAt = "yesterday")
  @Tag("fixture")
  static class BadMintedAt {
    @Test
    void test() {}
  }

  @MutualTls(hostnames = {"localhost", "not a host"})
  @Tag("fixture")
  static class BadHostname {
    @Test
    void test() {}
  }

  @MutualTls(clients = {"alice", ""})
  @Tag("fixture")
  static class BlankDeclaredClient {
    @Test
    void test() {}
  }

  @MutualTls
  @Tag("fixture")
  static class Valid {
    @Test
    void test(MutualTlsClient client) {}
  }
}
