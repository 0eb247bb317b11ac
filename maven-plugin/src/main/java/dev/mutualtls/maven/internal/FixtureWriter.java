package dev.mutualtls.maven.internal;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mints a whole fixture set (a CA, the server, the clients and the defective identities) and writes it
 * into a directory, files and index. It writes into whatever directory it is given; making that atomic is
 * {@link FixtureDirectory}'s job. Stateless and thread-safe.
 */
public final class FixtureWriter {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
  /** The alias of the key entry in every identity's key store. */
  public static final String KEY_ALIAS = "mutualtls";
  /** The alias of the root certificate in the trust stores. */
  public static final String TRUST_ALIAS = "mutualtls-root";
  /** The CA outlives the leaves by this much, so a chain is never cut short by its root. */
  static final Duration CA_EXTRA_VALIDITY = Duration.ofDays(1);

  /** A writer; it holds no state, one instance may serve any number of threads. */
  public FixtureWriter() {}

  /**
   * Mints the set {@code settings} describes and writes every file of it into {@code directory}.
   *
   * @return the index that was written as {@code fixtures.properties}
   * @throws java.io.UncheckedIOException if a file cannot be written
   */
  public FixtureIndex write(FixtureSettings settings, Path directory, Instant now) {
    Duration validity = Duration.ofDays(settings.validityDays());
    CertificateAuthority ca = CertificateAuthority.builder()
        .keyType(settings.keyType())
        .validity(validity.plus(CA_EXTRA_VALIDITY))
        .build();

    Map<String, Identity> identities = new LinkedHashMap<>();
    Map<String, Defect> defects = new LinkedHashMap<>();
    identities.put("server", ca.issue(CertificateSpec.builder()
        .commonName(settings.hostnames().get(0))
        .hostnames(settings.hostnames().toArray(new String[0]))
        .keyType(settings.keyType())
        .extendedKeyUsages(ExtendedKeyUsage.SERVER_AUTH)
        .validity(validity)
        .build()));
    for (String client : settings.clients()) {
      identities.put(client, ca.issue(CertificateSpec.builder()
          .commonName(client)
          .keyType(settings.keyType())
          .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH)
          .validity(validity)
          .build()));
    }
    for (Defect defect : settings.defects()) {
      String name = FixtureSettings.defectName(defect);
      identities.put(name, ca.defective(defect));
      defects.put(name, defect);
    }

    char[] password = settings.password().toCharArray();
    FixtureIndex index = FixtureIndex.empty()
        .put("layout", FixtureSettings.LAYOUT_VERSION)
        .put("generated", now.truncatedTo(ChronoUnit.SECONDS))
        .put("configuration.sha256", settings.hash())
        .put("keyType", settings.keyType())
        .put("password", settings.password())
        .put("identities", String.join(",", identities.keySet()));
    List<String> files = new ArrayList<>();

    write(directory, "ca.pem", ca.certificatePem(), false, files);
    if (settings.writeCaKey()) {
      write(directory, "ca-key.pem", new Identity(List.of(ca.certificate()), ca.privateKey(), ca.keyType())
          .privateKeyPem(), true, files);
    }
    describe(index, "ca", ca.certificate());
    index.put("ca.certificate", "ca.pem").put("ca.key", settings.writeCaKey() ? "ca-key.pem" : null);

    if (settings.formats().contains(Format.PKCS12)) {
      write(directory, "truststore.p12", store(trustStore("PKCS12", ca), password), false, files);
      index.put("truststore.pkcs12", "truststore.p12");
    }
    if (settings.formats().contains(Format.JKS)) {
      write(directory, "truststore.jks", store(trustStore("JKS", ca), password), false, files);
      index.put("truststore.jks", "truststore.jks");
    }
    if (settings.formats().contains(Format.PKCS12) || settings.formats().contains(Format.JKS)) {
      index.put("truststore.alias", TRUST_ALIAS).put("truststore.password", settings.password());
    }
    if (defects.containsValue(Defect.REVOKED)) {
      X509CRL crl = ca.crl();
      write(directory, "crl.pem", ca.crlPem(), false, files);
      index.put("crl", "crl.pem")
          .put("crl.thisUpdate", crl.getThisUpdate().toInstant())
          .put("crl.nextUpdate", crl.getNextUpdate().toInstant());
    }

    for (Map.Entry<String, Identity> entry : identities.entrySet()) {
      String name = entry.getKey();
      Identity identity = entry.getValue();
      Defect defect = defects.get(name);
      boolean server = defect == null ? name.equals("server") : defect.side() == Side.SERVER;
      index.put(name + ".role", server ? "server" : "client");
      index.put(name + ".defect", defect);
      describe(index, name, identity.certificate());
      if (settings.formats().contains(Format.PEM)) {
        write(directory, name + ".pem", identity.chainPem(), false, files);
        write(directory, name + "-key.pem", identity.privateKeyPem(), true, files);
        index.put(name + ".certificate", name + ".pem").put(name + ".key", name + "-key.pem");
      }
      if (settings.formats().contains(Format.PKCS12)) {
        write(directory, name + ".p12", store(identity.keyStore(password), password), true, files);
        index.put(name + ".pkcs12", name + ".p12");
      }
      if (settings.formats().contains(Format.JKS)) {
        write(directory, name + ".jks", store(identity.jksKeyStore(password), password), true, files);
        index.put(name + ".jks", name + ".jks");
      }
      if (settings.formats().contains(Format.PKCS12) || settings.formats().contains(Format.JKS)) {
        index.put(name + ".alias", KEY_ALIAS).put(name + ".password", settings.password());
      }
    }

    files.add(FixtureIndex.FILE_NAME);
    index.put("files", String.join(",", files.stream().sorted().toList()));
    write(directory.resolve(FixtureIndex.FILE_NAME), index.toBytes(), false);
    return index;
  }

  private static void describe(FixtureIndex index, String name, X509Certificate certificate) {
    index.put(name + ".subject", certificate.getSubjectX500Principal().getName())
        .put(name + ".issuer", certificate.getIssuerX500Principal().getName())
        .put(name + ".sans", subjectAlternativeNames(certificate))
        .put(name + ".serial", certificate.getSerialNumber().toString(16))
        .put(name + ".sha256", sha256Fingerprint(certificate))
        .put(name + ".notBefore", certificate.getNotBefore().toInstant())
        .put(name + ".notAfter", certificate.getNotAfter().toInstant());
  }

  /** SANs as OpenSSL abbreviates them ({@code DNS:localhost,IP:127.0.0.1}), or null when there are none. */
  static String subjectAlternativeNames(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IllegalStateException("cannot read the SANs of a certificate just minted", e);
    }
    if (names == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (List<?> name : names) {
      String prefix = switch ((Integer) name.get(0)) {
        case 1 -> "email:";
        case 2 -> "DNS:";
        case 6 -> "URI:";
        case 7 -> "IP:";
        default -> "other:";
      };
      out.add(prefix + name.get(1));
    }
    return String.join(",", out);
  }

  private static KeyStore trustStore(String type, CertificateAuthority ca) {
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      store.setCertificateEntry(TRUST_ALIAS, ca.root());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a " + type + " trust store", e);
    }
  }

  private static byte[] store(KeyStore store, char[] password) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot encode a " + store.getType() + " key store", e);
    }
  }

  private static void write(Path directory, String file, String text, boolean ownerOnly, List<String> files) {
    write(directory, file, text.getBytes(StandardCharsets.US_ASCII), ownerOnly, files);
  }

  private static void write(Path directory, String file, byte[] content, boolean ownerOnly, List<String> files) {
    write(directory.resolve(file), content, ownerOnly);
    files.add(file);
  }

  /**
   * Creates {@code file} with its final permissions before a byte is written, so a private key is never readable
   * by others, not even for a moment. The files are written into a directory of their own that
   * {@link FixtureDirectory} moves into place whole, so no single file needs to be written atomically.
   */
  private static void write(Path file, byte[] content, boolean ownerOnly) {
    try {
      if (POSIX) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly ? OWNER_ONLY : READABLE));
      }
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The SHA-256 fingerprint of the certificate's DER encoding, as colon-separated upper-case hex. */
  private static String sha256Fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      StringBuilder out = new StringBuilder();
      for (byte b : digest) {
        out.append(out.length() == 0 ? "" : ":").append(String.format("%02X", b));
      }
      return out.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint a certificate just minted", e);
    }
  }
}
