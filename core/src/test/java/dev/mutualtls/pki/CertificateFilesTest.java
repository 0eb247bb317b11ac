package dev.mutualtls.pki;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four layouts {@link CertificateFiles} writes, read back from disk, and what a reader sees mid-rotation. */
class CertificateFilesTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static CertificateAuthority ca;

  @BeforeAll
  static void ca() {
    ca = CertificateAuthority.create();
  }

  @Test
  void kubernetesSecretLinksEachFileThroughDataToATimestampedDirectory(@TempDir Path dir) throws Exception {
    // tag::kubernetes-secret[]
    Identity first = ca.server("localhost");
    CertificateFiles secret = CertificateFiles.kubernetesSecret(dir).write(first, ca);
    // end::kubernetes-secret[]

    String payload = Files.readSymbolicLink(dir.resolve("..data")).toString();
    assertThat(payload).matches("\\.\\.\\d{4}_\\d\\d_\\d\\d_\\d\\d_\\d\\d_\\d\\d\\.\\d+");
    assertThat(names(dir)).containsExactlyInAnyOrder("..data", payload, "ca.crt", "tls.crt", "tls.key");
    for (String file : List.of("ca.crt", "tls.crt", "tls.key")) {
      assertThat(Files.readSymbolicLink(dir.resolve(file))).isEqualTo(Path.of("..data", file));
    }
    assertThat(names(dir.resolve(payload))).containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    assertThat(serial(dir.resolve("tls.crt"))).isEqualTo(first.certificate().getSerialNumber());
    assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo(first.privateKeyPem());
    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(ca.certificatePem());
    assertThat(secret.directory()).isEqualTo(dir.toAbsolutePath());
    assertPermissions(dir.resolve("tls.key"), "rw-------");
    assertPermissions(dir.resolve("tls.crt"), "rw-r--r--");
    assertPermissions(dir.resolve(payload), "rwxr-xr-x");

    Identity second = ca.server("localhost");
    secret.write(second, ca);

    String rotated = Files.readSymbolicLink(dir.resolve("..data")).toString();
    assertThat(rotated).isNotEqualTo(payload);
    assertThat(names(dir)).containsExactlyInAnyOrder("..data", rotated, "ca.crt", "tls.crt", "tls.key");
    assertThat(serial(dir.resolve("tls.crt"))).isEqualTo(second.certificate().getSerialNumber());
    assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo(second.privateKeyPem());
    assertPermissions(dir.resolve("tls.key"), "rw-------");
  }

  @Test
  void aReaderResolvingDataOnceSeesTheOldPairOrTheNewOneNeverAMix(@TempDir Path dir) throws Exception {
    Map<BigInteger, String> keys = new ConcurrentHashMap<>();
    Identity first = ca.server("localhost");
    keys.put(first.certificate().getSerialNumber(), first.privateKeyPem());
    CertificateFiles secret = CertificateFiles.kubernetesSecret(dir).write(first, ca);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger pairs = new AtomicInteger();
    AtomicInteger vanished = new AtomicInteger();
    List<String> mixes = new ArrayList<>();
    Thread reader = new Thread(() -> {
      while (writing.get()) {
        try {
          Path data = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));
          BigInteger serial = serial(data.resolve("tls.crt"));
          String key = Files.readString(data.resolve("tls.key"));
          if (!key.equals(keys.get(serial))) {
            mixes.add("certificate " + serial.toString(16) + " with another key");
          }
          pairs.incrementAndGet();
        } catch (NoSuchFileException e) {
          vanished.incrementAndGet();
        } catch (Exception e) {
          mixes.add(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 0; i < 40; i++) {
      Identity next = ca.server("localhost");
      keys.put(next.certificate().getSerialNumber(), next.privateKeyPem());
      secret.write(next, ca);
    }
    writing.set(false);
    reader.join();

    assertThat(mixes).isEmpty();
    assertThat(pairs.get()).isPositive();
    assertThat(names(dir)).hasSize(5).doesNotContain("..data_tmp");
  }

  @Test
  void certbotAddsNumberedArchiveFilesAndRepointsTheLiveLinks(@TempDir Path dir) throws Exception {
    Identity first = ca.server("example.test");
    CertificateFiles certbot = CertificateFiles.certbot(dir, "example.test").write(first, ca);
    Path live = dir.resolve("live/example.test");
    Path archive = dir.resolve("archive/example.test");

    assertThat(certbot.directory()).isEqualTo(live.toAbsolutePath());
    assertThat(names(live)).containsExactlyInAnyOrder("cert.pem", "chain.pem", "fullchain.pem", "privkey.pem");
    assertThat(Files.readSymbolicLink(live.resolve("cert.pem")))
        .isEqualTo(Path.of("../../archive/example.test/cert1.pem"));
    assertThat(serial(live.resolve("cert.pem"))).isEqualTo(first.certificate().getSerialNumber());
    assertThat(Files.readString(live.resolve("fullchain.pem"))).isEqualTo(first.chainPem());
    assertThat(Files.readString(live.resolve("chain.pem"))).isEqualTo(ca.certificatePem());
    assertThat(Files.readString(live.resolve("privkey.pem"))).isEqualTo(first.privateKeyPem());
    assertPermissions(archive.resolve("privkey1.pem"), "rw-------");
    assertPermissions(archive.resolve("cert1.pem"), "rw-r--r--");
    assertPermissions(archive, "rwx------");

    Identity second = ca.server("example.test");
    certbot.write(second, ca);

    for (String kind : List.of("cert", "chain", "fullchain", "privkey")) {
      assertThat(Files.readSymbolicLink(live.resolve(kind + ".pem")))
          .isEqualTo(Path.of("../../archive/example.test/" + kind + "2.pem"));
    }
    assertThat(names(archive)).containsExactlyInAnyOrder("cert1.pem", "chain1.pem", "fullchain1.pem",
        "privkey1.pem", "cert2.pem", "chain2.pem", "fullchain2.pem", "privkey2.pem");
    assertThat(names(live)).hasSize(4);
    assertThat(serial(live.resolve("cert.pem"))).isEqualTo(second.certificate().getSerialNumber());
    assertThat(Files.readString(live.resolve("privkey.pem"))).isEqualTo(second.privateKeyPem());
  }

  @Test
  void overwriteRewritesTheSameInode(@TempDir Path dir) throws Exception {
    CertificateFiles files = CertificateFiles.overwrite(dir).write(ca.server(), ca);
    Object inode = Files.getAttribute(dir.resolve("tls.crt"), "unix:ino");
    Identity second = ca.server();
    files.write(second, ca);

    assertThat(Files.getAttribute(dir.resolve("tls.crt"), "unix:ino")).isEqualTo(inode);
    assertThat(names(dir)).containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    assertThat(serial(dir.resolve("tls.crt"))).isEqualTo(second.certificate().getSerialNumber());
    assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo(second.privateKeyPem());
    assertPermissions(dir.resolve("tls.key"), "rw-------");
    assertPermissions(dir.resolve("ca.crt"), "rw-r--r--");
  }

  @Test
  void renamedReplacesEachFileWithANewInodeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    CertificateFiles files = CertificateFiles.renamed(dir).write(ca.server(), ca);
    Object inode = Files.getAttribute(dir.resolve("tls.crt"), "unix:ino");
    Identity second = ca.server();
    files.write(second, ca);

    assertThat(Files.getAttribute(dir.resolve("tls.crt"), "unix:ino")).isNotEqualTo(inode);
    assertThat(names(dir)).containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    assertThat(serial(dir.resolve("tls.crt"))).isEqualTo(second.certificate().getSerialNumber());
    assertPermissions(dir.resolve("tls.key"), "rw-------");
  }

  @Test
  void renamedFilesAreAlwaysWholeForAReaderDuringRotations(@TempDir Path dir) throws Exception {
    Set<BigInteger> written = ConcurrentHashMap.newKeySet();
    Identity first = ca.server();
    written.add(first.certificate().getSerialNumber());
    CertificateFiles files = CertificateFiles.renamed(dir).write(first, ca);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> broken = new ArrayList<>();
    Thread reader = new Thread(() -> {
      while (writing.get()) {
        try {
          if (!written.contains(serial(dir.resolve("tls.crt")))) {
            broken.add("a serial never written");
          }
        } catch (Exception e) {
          broken.add(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 0; i < 40; i++) {
      Identity next = ca.server();
      written.add(next.certificate().getSerialNumber());
      files.write(next, ca);
    }
    writing.set(false);
    reader.join();

    assertThat(broken).isEmpty();
  }

  @Test
  void pkcs12KeyStoresInTheKubernetesLayout(@TempDir Path dir) throws Exception {
    Identity first = ca.server();
    CertificateFiles secret = CertificateFiles.kubernetesSecret(dir).pkcs12(PASSWORD).write(first, ca);
    Identity second = ca.server();
    secret.write(second, ca);

    assertThat(names(dir)).contains("keystore.p12", "truststore.p12").doesNotContain("tls.crt");
    assertThat(Files.readSymbolicLink(dir.resolve("keystore.p12"))).isEqualTo(Path.of("..data/keystore.p12"));
    KeyStore keys = load("PKCS12", dir.resolve("keystore.p12"));
    assertThat(((X509Certificate) keys.getCertificate("mutualtls")).getSerialNumber())
        .isEqualTo(second.certificate().getSerialNumber());
    assertThat(keys.getKey("mutualtls", PASSWORD).getEncoded()).isEqualTo(second.privateKey().getEncoded());
    KeyStore trust = load("PKCS12", dir.resolve("truststore.p12"));
    assertThat(trust.getCertificate("ca")).isEqualTo(ca.root());
    assertPermissions(dir.resolve("keystore.p12"), "rw-------");
    assertPermissions(dir.resolve("truststore.p12"), "rw-r--r--");
  }

  @Test
  void aKubernetesSecretSwitchedFromPemToPkcs12LosesItsPemLinks(@TempDir Path dir) throws Exception {
    CertificateFiles.kubernetesSecret(dir).write(ca.server(), ca);
    CertificateFiles.kubernetesSecret(dir).pkcs12(PASSWORD).write(ca.server(), ca);

    String payload = Files.readSymbolicLink(dir.resolve("..data")).toString();
    assertThat(names(dir)).containsExactlyInAnyOrder("..data", payload, "keystore.p12", "truststore.p12");
  }

  @Test
  void jksKeyStoresRenamedIntoPlace(@TempDir Path dir) throws Exception {
    CertificateFiles files = CertificateFiles.renamed(dir).jks(PASSWORD).write(ca.server(), ca);
    Identity second = ca.server();
    files.write(second, ca);

    assertThat(names(dir)).containsExactlyInAnyOrder("keystore.jks", "truststore.jks");
    KeyStore keys = load("JKS", dir.resolve("keystore.jks"));
    assertThat(((X509Certificate) keys.getCertificate("mutualtls")).getSerialNumber())
        .isEqualTo(second.certificate().getSerialNumber());
    assertThat(load("JKS", dir.resolve("truststore.jks")).getCertificate("ca")).isEqualTo(ca.root());
    assertPermissions(dir.resolve("keystore.jks"), "rw-------");
  }

  @Test
  void pkcs12OverwrittenInPlace(@TempDir Path dir) throws Exception {
    Identity identity = ca.server();
    CertificateFiles.overwrite(dir).pkcs12(PASSWORD).write(identity, ca);

    KeyStore keys = load("PKCS12", dir.resolve("keystore.p12"));
    assertThat(((X509Certificate) keys.getCertificate("mutualtls")).getSerialNumber())
        .isEqualTo(identity.certificate().getSerialNumber());
  }

  @Test
  void badArgumentsAreNamedWithTheAcceptedValues(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> CertificateFiles.certbot(dir, "example.test").pkcs12(PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateFiles.pkcs12: certbot's layout holds PEM files only, so it cannot hold PKCS12; "
            + "accepted with certbot: pem(); PKCS12 with kubernetesSecret, overwrite or renamed");
    assertThatThrownBy(() -> CertificateFiles.renamed(dir).jks(new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateFiles.jks password: must not be empty, was \"\"");
    assertThatThrownBy(() -> CertificateFiles.certbot(dir, "../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateFiles.certbot name: \"../etc\" must be a plain file name: a letter or digit, "
            + "then letters, digits, '.', '_' or '-'");
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> CertificateFiles.kubernetesSecret(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateFiles.kubernetesSecret directory: " + file
            + " exists and is not a directory; accepted: a directory, or a path where one can be created");
  }

  private static BigInteger serial(Path pem) throws Exception {
    byte[] bytes = Files.readAllBytes(pem);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      assertThat(new String(bytes, US_ASCII)).endsWith("-----END CERTIFICATE-----\n");
      return certificate.getSerialNumber();
    }
  }

  private static KeyStore load(String type, Path file) throws Exception {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
  }

  private static void assertPermissions(Path file, String expected) throws IOException {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(expected);
  }
}
