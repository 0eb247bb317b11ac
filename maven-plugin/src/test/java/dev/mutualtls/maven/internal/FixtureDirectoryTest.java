package dev.mutualtls.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generating, keeping and replacing a fixture set on disk. */
class FixtureDirectoryTest {
  private final FixtureDirectory directory = new FixtureDirectory(new FixtureWriter()::write);

  @TempDir
  Path target;

  private static FixtureSettings settings(List<String> clients, List<String> defects) throws MojoFailureException {
    return FixtureSettings.validate("EC_P256", List.of("localhost", "127.0.0.1", "::1"), clients, defects, 30,
        "changeit", List.of("PEM", "PKCS12", "JKS"), false);
  }

  @Test
  void aFirstRunWritesEveryFileTheSettingsNameAndIndexesThem() throws Exception {
    FixtureSettings settings = settings(List.of("client"), List.of());
    Path out = target.resolve("mutualtls");

    FixtureDirectory.Outcome outcome = directory.ensure(out, settings, Instant.now());

    assertThat(outcome).isInstanceOf(FixtureDirectory.Generated.class);
    assertThat(((FixtureDirectory.Generated) outcome).reason()).isEqualTo("there was no fixture set yet");
    assertThat(list(out)).containsExactlyElementsOf(settings.files());
    assertThat(outcome.index().files()).containsExactlyElementsOf(settings.files());
    assertThat(Files.getPosixFilePermissions(out.resolve("client-key.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(out.resolve("client.p12")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(out.resolve("ca.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(siblings()).containsExactly("mutualtls");

    Map<String, String> index = FixtureIndex.read(out).orElseThrow().entries();
    X509Certificate server = certificate(out.resolve("server.pem"));
    assertThat(index).containsEntry("server.subject", "CN=localhost,O=mutualtls")
        .containsEntry("server.sans", "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1")
        .containsEntry("server.notAfter", server.getNotAfter().toInstant().toString())
        .containsEntry("server.certificate", "server.pem")
        .containsEntry("server.key", "server-key.pem")
        .containsEntry("server.pkcs12", "server.p12")
        .containsEntry("server.password", "changeit")
        .containsEntry("client.subject", "CN=client,O=mutualtls")
        .containsEntry("truststore.jks", "truststore.jks")
        .containsEntry("password", "changeit")
        .containsEntry("identities", "server,client")
        .containsEntry("configuration.sha256", settings.hash());
    assertThat(index.get("server.sha256")).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(Duration.between(Instant.now(), server.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(30).minusMinutes(5), Duration.ofDays(30));

    KeyStore p12 = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(out.resolve("client.p12"))) {
      p12.load(in, "changeit".toCharArray());
    }
    assertThat(p12.isKeyEntry("mutualtls")).isTrue();
    KeyStore jks = KeyStore.getInstance("JKS");
    try (var in = Files.newInputStream(out.resolve("truststore.jks"))) {
      jks.load(in, "changeit".toCharArray());
    }
    assertThat(jks.isCertificateEntry("mutualtls-root")).isTrue();
    server.verify(jks.getCertificate("mutualtls-root").getPublicKey());
  }

  @Test
  void anUnchangedConfigurationWritesNothing() throws Exception {
    FixtureSettings settings = settings(List.of("client"), List.of());
    Path out = target.resolve("mutualtls");
    directory.ensure(out, settings, Instant.now());
    Map<String, FileTime> before = times(out);

    FixtureDirectory.Outcome second = directory.ensure(out, settings, Instant.now());

    assertThat(second).isInstanceOf(FixtureDirectory.UpToDate.class);
    assertThat(((FixtureDirectory.UpToDate) second).renewal().what()).endsWith("expires");
    assertThat(times(out)).isEqualTo(before);
  }

  @Test
  void aChangedConfigurationReplacesTheWholeSet() throws Exception {
    Path out = target.resolve("mutualtls");
    directory.ensure(out, settings(List.of("client"), List.of()), Instant.now());
    String oldCa = Files.readString(out.resolve("ca.pem"));

    FixtureDirectory.Outcome second = directory.ensure(out, settings(List.of("alice"), List.of()), Instant.now());

    assertThat(((FixtureDirectory.Generated) second).reason()).isEqualTo("the configuration changed");
    assertThat(out.resolve("client.pem")).doesNotExist();
    assertThat(out.resolve("alice.pem")).exists();
    assertThat(Files.readString(out.resolve("ca.pem"))).isNotEqualTo(oldCa);
    assertThat(siblings()).containsExactly("mutualtls");
  }

  @Test
  void aSetNearItsRenewalIsReplaced() throws Exception {
    FixtureSettings settings = settings(List.of("client"), List.of());
    Path out = target.resolve("mutualtls");
    directory.ensure(out, settings, Instant.now());

    FixtureDirectory.Outcome later = directory.ensure(out, settings, Instant.now().plus(Duration.ofDays(29)));

    assertThat(((FixtureDirectory.Generated) later).reason()).matches("server expires at .* is less than 24h away");
  }

  @Test
  void aMissingFileReplacesTheSet() throws Exception {
    FixtureSettings settings = settings(List.of("client"), List.of());
    Path out = target.resolve("mutualtls");
    directory.ensure(out, settings, Instant.now());
    Files.delete(out.resolve("client.jks"));

    FixtureDirectory.Outcome second = directory.ensure(out, settings, Instant.now());

    assertThat(((FixtureDirectory.Generated) second).reason()).isEqualTo("client.jks is missing");
    assertThat(out.resolve("client.jks")).exists();
  }

  @Test
  void expiredAndNotYetValidDefectsAreRenewedByTheirOwnClock() throws Exception {
    FixtureSettings settings = settings(List.of(), List.of("EXPIRED", "NOT_YET_VALID"));
    Path out = target.resolve("mutualtls");
    Instant now = Instant.now();
    directory.ensure(out, settings, now);

    assertThat(directory.ensure(out, settings, now.plus(Duration.ofMinutes(20))))
        .isInstanceOf(FixtureDirectory.UpToDate.class);
    FixtureDirectory.Outcome later = directory.ensure(out, settings, now.plus(Duration.ofMinutes(31)));
    assertThat(((FixtureDirectory.Generated) later).reason())
        .startsWith("client-not-yet-valid (meant to be not yet valid) becomes valid at");
  }

  @Test
  void aDirectoryHoldingSomeoneElsesFilesIsNeverReplaced() throws Exception {
    Path out = Files.createDirectories(target.resolve("resources"));
    Files.writeString(out.resolve("application.yaml"), "keep: me");

    assertThatThrownBy(() -> directory.ensure(out, settings(List.of("client"), List.of()), Instant.now()))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("outputDirectory: " + out + " already holds files that mutualtls did not write");
    assertThat(list(out)).containsExactly("application.yaml");
  }

  @Test
  void aFileInPlaceOfTheDirectoryIsRefused() throws Exception {
    Path out = Files.writeString(target.resolve("mutualtls"), "");

    assertThatThrownBy(() -> directory.ensure(out, settings(List.of("client"), List.of()), Instant.now()))
        .hasMessageStartingWith("outputDirectory: " + out + " is a file, not a directory");
  }

  @Test
  void aFailedGenerationLeavesTheOldSetAndNoTemporaryDirectory() throws Exception {
    FixtureSettings settings = settings(List.of("client"), List.of());
    Path out = target.resolve("mutualtls");
    directory.ensure(out, settings, Instant.now());
    Map<String, FileTime> before = times(out);
    FixtureDirectory failing = new FixtureDirectory((s, dir, now) -> {
      new FixtureWriter().write(s, dir, now);
      throw new IllegalStateException("disk full, say");
    });

    assertThatThrownBy(() -> failing.ensure(out, settings(List.of("alice"), List.of()), Instant.now()))
        .hasMessage("disk full, say");
    assertThat(times(out)).isEqualTo(before);
    assertThat(siblings()).containsExactly("mutualtls");
  }

  @Test
  void leftoversOfAnInterruptedRunAreRemoved() throws Exception {
    Files.createDirectories(target.resolve(".mutualtls-new-123/sub"));
    Files.createDirectories(target.resolve(".mutualtls-old-456"));

    directory.ensure(target.resolve("mutualtls"), settings(List.of("client"), List.of()), Instant.now());

    assertThat(siblings()).containsExactly("mutualtls");
  }

  private List<String> siblings() throws IOException {
    return list(target);
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, FileTime> times(Path dir) throws IOException {
    Map<String, FileTime> times = new HashMap<>();
    for (String name : list(dir)) {
      times.put(name, Files.getLastModifiedTime(dir.resolve(name)));
    }
    return times;
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }
}
