package dev.mutualtls.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.handshake.ServerVerdicts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The LedgerService as production runs it, from PEM files, with the JDK's own trust manager; the files
 * are the ones the Maven plugin generated for this build. curl is the client nobody here wrote.
 */
@DisplayName("LedgerService started from the plugin's PEM files")
class PluginFixturesTest {
  private final Fixtures fixtures = Fixtures.load();
  private final ServerVerdicts verdicts = new ServerVerdicts();
  private final AuditLog audit = new AuditLog();
  private LedgerService ledger;

  @BeforeEach
  void startLedger() throws Exception {
    SSLContext production = TlsCredentials.fromPem(fixtures.file("server.certificate"), fixtures.file("server.key"),
        fixtures.file("ca.certificate"));
    ledger = LedgerService.builder()
        .sslContext(RecordingServerContext.wrap(production, verdicts))
        .allowSubjects(fixtures.value("client.subject"))
        .account("acc-1", 12_500)
        .auditLog(audit)
        .start();
  }

  @AfterEach
  void stopLedger() {
    ledger.close();
  }

  // tag::plugin-curl[]
  /** curl, run where the plugin wrote its files, asking for a balance as {@code <name>.pem}, {@code <name>-key.pem}. */
  private Curl.Result curlAs(String name) {
    return Curl.require().run(fixtures.directory(), "--silent", "--show-error", "--cacert", "ca.pem",
        "--cert", name + ".pem", "--key", name + "-key.pem", "--write-out", "\nHTTP %{http_code}",
        "--resolve", "localhost:" + ledger.port() + ":127.0.0.1", ledger.uri("/v1/accounts/acc-1/balance").toString());
  }

  @Test
  @DisplayName("answers curl presenting client.pem and client-key.pem")
  void curlWithTheClientCertificate() {
    Curl.Result result = curlAs("client");

    assertThat(result.stdout()).as(result.toString())
        .isEqualTo("{\"account\":\"acc-1\",\"balanceMinor\":12500,\"currency\":\"EUR\"}\nHTTP 200");
    assertThat(audit.lines()).singleElement().asString().contains("caller=\"CN=client,O=mutualtls\"");
  }

  @Test
  @DisplayName("refuses curl presenting client-expired.pem in the TLS handshake: curl gets no HTTP status at all")
  void curlWithTheExpiredCertificate() {
    Curl.Result result = curlAs("client-expired");
    ServerVerdict verdict = verdicts.await(v -> true, Duration.ofSeconds(10)).orElseThrow();

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stdout()).as(result.toString()).isEqualTo("\nHTTP 000");
    assertThat(verdict.detail()).contains("validity check failed");  // all the JDK's own trust manager says
    assertThat(audit.lines()).isEmpty();
    System.out.println("curl with client-expired.pem: exit " + result.exitCode() + ", " + result.stderr().strip()
        + "\n  the server's reason: " + verdict.detail());
  }
  // end::plugin-curl[]

  @Test
  @DisplayName("answers a Java client that loads client.p12 and truststore.p12 the way applications do")
  void javaClientFromPkcs12() throws Exception {
    char[] password = fixtures.value("password").toCharArray();
    SSLContext client = TlsCredentials.fromPkcs12(fixtures.file("client.pkcs12"), password,
        fixtures.file("truststore.pkcs12"), password);

    HttpResponse<String> response = HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/balance")).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("answers a Java client that loads client.pem and client-key.pem the way applications do")
  void javaClientFromPem() throws Exception {
    SSLContext client = TlsCredentials.fromPem(fixtures.file("client.certificate"), fixtures.file("client.key"),
        fixtures.file("ca.certificate"));

    HttpResponse<String> response = HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(HttpRequest.newBuilder(ledger.uri("/v1/accounts/acc-1/balance")).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("finds private keys readable by their owner only, in target/mutualtls and in the copies on the"
      + " class path")
  void keysAreOwnerOnly() throws Exception {
    for (Path directory : List.of(fixtures.directory(), Path.of("target", "test-classes"))) {
      for (String key : List.of("client-key.pem", "client.p12", "server-key.pem", "client-expired-key.pem")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(key))))
            .as("permissions of %s", directory.resolve(key)).isEqualTo("rw-------");
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("ca.pem"))))
          .as("a certificate is public").isEqualTo("rw-r--r--");
    }
  }
}
