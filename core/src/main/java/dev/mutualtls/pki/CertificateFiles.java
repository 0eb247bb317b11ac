package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Names;
import dev.mutualtls.pki.internal.Pem;
import dev.mutualtls.pki.internal.SecureFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an identity and its trust to disk, and writes them again, the way real platforms change such files under
 * a running server, so a test can check that the server reloads them. Four layouts:
 *
 * <ul>
 *   <li>{@link #kubernetesSecret(Path)}: a mounted Secret as kubelet's {@code AtomicWriter} lays it out.
 *       {@code tls.crt}, {@code tls.key} and {@code ca.crt} are symlinks to {@code ..data/<file>}; {@code ..data}
 *       is a symlink to a timestamped directory such as {@code ..2026_12_04_23_50_01.8412393}. A write fills a new
 *       timestamped directory, points a new {@code ..data_tmp} symlink at it, renames that over {@code ..data} (the
 *       one atomic step), removes the old directory and the links to files the new one lacks.
 *   <li>{@link #certbot(Path, String)}: {@code live/<name>/cert.pem}, {@code chain.pem}, {@code fullchain.pem} and
 *       {@code privkey.pem} ({@code chain.pem}: the chain after the leaf, or the root when the root signed the
 *       leaf), symlinks to {@code ../../archive/<name>/cert1.pem} and so on; each write adds the next
 *       number to the archive and then repoints the links one by one, in certbot's order (cert, privkey, chain,
 *       fullchain), each link replaced atomically. As with certbot, a reader between two links sees a new
 *       certificate with the old key.
 *   <li>{@link #overwrite(Path)}: the same files truncated and rewritten in place (same inode), as {@code cp} does;
 *       a reader at the wrong moment sees a short file.
 *   <li>{@link #renamed(Path)}: each file written to a temporary file in the same directory, then renamed over the
 *       old one; a reader sees the old file or the new one, each whole (but may pair a new certificate with the
 *       old key between the two renames).
 * </ul>
 *
 * <p>The files, for every layout but certbot's: {@code tls.crt} (the chain, leaf first), {@code tls.key} (PKCS#8)
 * and {@code ca.crt} (the trusted CA's root) in PEM, the default; with {@link #pkcs12(char[])} instead
 * {@code keystore.p12} (key and chain under the alias {@code mutualtls}) and {@code truststore.p12}; with
 * {@link #jks(char[])} {@code keystore.jks} and {@code truststore.jks}. Files holding a private key are readable
 * by their owner only (0600) where the file system has POSIX permissions, from the moment they exist; the others
 * are 0644. Temporary files and directories are removed, also when a write fails.
 *
 * <pre>{@code
 * CertificateFiles secret = CertificateFiles.kubernetesSecret(dir);
 * secret.write(ca.server("localhost"), ca);  // the server starts from dir/tls.crt and dir/tls.key
 * secret.write(ca.server("localhost"), ca);  // rotated: ..data now points to a new directory
 * }</pre>
 *
 * Immutable; {@link #write} is safe to call from several threads (writes to one directory take turns), but not
 * from several processes.
 */
public final class CertificateFiles {
  private static final DateTimeFormatter KUBELET_TIMESTAMP = DateTimeFormatter.ofPattern("..yyyy_MM_dd_HH_mm_ss.");
  private static final Pattern CERTBOT_VERSION = Pattern.compile("cert(\\d+)\\.pem");
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
  private static final String DATA = "..data";
  private static final String DATA_TMP = "..data_tmp";

  private enum Layout { KUBERNETES_SECRET, CERTBOT, OVERWRITE, RENAMED }

  private enum Format { PEM, PKCS12, JKS }

  private final Layout layout;
  private final Path directory;
  private final String name;
  private final Format format;
  private final char[] password;

  private CertificateFiles(Layout layout, Path directory, String name, Format format, char[] password) {
    this.layout = layout;
    this.directory = directory;
    this.name = name;
    this.format = format;
    this.password = password;
  }

  /** Files in {@code directory} laid out as a mounted Kubernetes Secret; see the class description. */
  public static CertificateFiles kubernetesSecret(Path directory) {
    return new CertificateFiles(Layout.KUBERNETES_SECRET, requireDirectory("kubernetesSecret", directory), null,
        Format.PEM, null);
  }

  /**
   * Files laid out as certbot's {@code live/<name>/} and {@code archive/<name>/} under {@code configDirectory}
   * (certbot's {@code /etc/letsencrypt}); PEM only. {@code name} is a plain file name such as a domain.
   */
  public static CertificateFiles certbot(Path configDirectory, String name) {
    Names.requireText("CertificateFiles.certbot name", name);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("CertificateFiles.certbot name: " + Names.quote(name)
          + " must be a plain file name: a letter or digit, then letters, digits, '.', '_' or '-'");
    }
    return new CertificateFiles(Layout.CERTBOT, requireDirectory("certbot", configDirectory), name, Format.PEM,
        null);
  }

  /** Plain files in {@code directory}, truncated and rewritten in place on every write. */
  public static CertificateFiles overwrite(Path directory) {
    return new CertificateFiles(Layout.OVERWRITE, requireDirectory("overwrite", directory), null, Format.PEM, null);
  }

  /** Plain files in {@code directory}, each replaced by renaming a temporary file over it on every write. */
  public static CertificateFiles renamed(Path directory) {
    return new CertificateFiles(Layout.RENAMED, requireDirectory("renamed", directory), null, Format.PEM, null);
  }

  /** These files as PEM ({@code tls.crt}, {@code tls.key}, {@code ca.crt}): the default. */
  public CertificateFiles pem() {
    return new CertificateFiles(layout, directory, name, Format.PEM, null);
  }

  /** These files as PKCS#12 ({@code keystore.p12}, {@code truststore.p12}), both protected by {@code password}. */
  public CertificateFiles pkcs12(char[] password) {
    return keyStores(Format.PKCS12, "pkcs12", password);
  }

  /** These files as JKS ({@code keystore.jks}, {@code truststore.jks}), both protected by {@code password}. */
  public CertificateFiles jks(char[] password) {
    return keyStores(Format.JKS, "jks", password);
  }

  private CertificateFiles keyStores(Format format, String method, char[] password) {
    if (layout == Layout.CERTBOT) {
      throw new IllegalArgumentException("CertificateFiles." + method + ": certbot's layout holds PEM files only, "
          + "so it cannot hold " + format + "; accepted with certbot: pem(); " + format
          + " with kubernetesSecret, overwrite or renamed");
    }
    Objects.requireNonNull(password, "CertificateFiles." + method + " password");
    if (password.length == 0) {
      throw new IllegalArgumentException("CertificateFiles." + method + " password: must not be empty, was \"\"");
    }
    return new CertificateFiles(layout, directory, name, format, password.clone());
  }

  /**
   * The directory a server reads from: the one given, or {@code live/<name>} for certbot's layout. The files are
   * named in the class description.
   */
  public Path directory() {
    return layout == Layout.CERTBOT ? directory.resolve("live").resolve(name) : directory;
  }

  /**
   * Writes {@code identity} and the root of {@code trusted}, replacing what an earlier write put there the way this
   * layout does.
   *
   * @return this, for writing again
   */
  public CertificateFiles write(Identity identity, CertificateAuthority trusted) {
    Objects.requireNonNull(identity, "CertificateFiles.write identity");
    Objects.requireNonNull(trusted, "CertificateFiles.write trusted");
    synchronized (lockFor(directory)) {
      try {
        switch (layout) {
          case KUBERNETES_SECRET -> writeKubernetesSecret(files(identity, trusted));
          case CERTBOT -> writeCertbot(identity, trusted);
          case OVERWRITE -> {
            Files.createDirectories(directory);
            files(identity, trusted).forEach((file, content) ->
                SecureFiles.overwrite(directory.resolve(file), content.bytes, content.ownerOnly));
          }
          case RENAMED -> files(identity, trusted).forEach((file, content) ->
              SecureFiles.write(directory.resolve(file), content.bytes, content.ownerOnly));
          default -> throw new IllegalStateException(layout.name());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("CertificateFiles: cannot write " + layout + " files in " + directory, e);
      }
    }
    return this;
  }

  @Override
  public String toString() {
    return "CertificateFiles[" + layout + ", " + format + ", " + directory() + "]";
  }

  private record Content(byte[] bytes, boolean ownerOnly) {}

  /** The files in write order: trust first, then the key, the certificate last (servers often watch that one). */
  private Map<String, Content> files(Identity identity, CertificateAuthority trusted) {
    Map<String, Content> files = new LinkedHashMap<>();
    switch (format) {
      case PEM -> {
        files.put("ca.crt", new Content(ascii(Pem.certificate(trusted.root())), false));
        files.put("tls.key", new Content(ascii(identity.privateKeyPem()), true));
        files.put("tls.crt", new Content(ascii(identity.chainPem()), false));
      }
      case PKCS12 -> {
        files.put("truststore.p12", new Content(store(trustStore("PKCS12", trusted)), false));
        files.put("keystore.p12", new Content(store(identity.keyStore(password)), true));
      }
      case JKS -> {
        files.put("truststore.jks", new Content(store(trustStore("JKS", trusted)), false));
        files.put("keystore.jks", new Content(store(identity.jksKeyStore(password)), true));
      }
      default -> throw new IllegalStateException(format.name());
    }
    return files;
  }

  private void writeKubernetesSecret(Map<String, Content> files) throws IOException {
    Files.createDirectories(directory);
    Path data = directory.resolve(DATA);
    Path old = Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
    String prefix = ZonedDateTime.now(ZoneOffset.UTC).format(KUBELET_TIMESTAMP);
    Path payload = SecureFiles.createDirectory(directory, prefix);
    Path dataTmp = directory.resolve(DATA_TMP);
    try {
      for (Map.Entry<String, Content> file : files.entrySet()) {
        SecureFiles.write(payload.resolve(file.getKey()), file.getValue().bytes, file.getValue().ownerOnly);
      }
      Files.deleteIfExists(dataTmp);
      Files.createSymbolicLink(dataTmp, payload.getFileName());
      SecureFiles.rename(dataTmp, data);
      payload = null;
    } finally {
      Files.deleteIfExists(dataTmp);
      if (payload != null) {
        SecureFiles.deleteRecursively(payload);
      }
    }
    for (String file : files.keySet()) {
      Path visible = directory.resolve(file);
      if (!Files.isSymbolicLink(visible)) {
        Files.createSymbolicLink(visible, Path.of(DATA, file));
      }
    }
    // as kubelet does, links to files the new payload no longer has go (a switch from PEM to PKCS#12)
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (!files.containsKey(file) && Files.isSymbolicLink(entry)
            && Files.readSymbolicLink(entry).equals(Path.of(DATA, file))) {
          Files.delete(entry);
        }
      }
    }
    if (old != null && !old.getFileName().toString().equals(DATA)) {
      SecureFiles.deleteRecursively(old);
    }
  }

  private void writeCertbot(Identity identity, CertificateAuthority trusted) throws IOException {
    Path archive = SecureFiles.createPrivateDirectories(directory.resolve("archive").resolve(name));
    Path live = SecureFiles.createPrivateDirectories(directory.resolve("live").resolve(name));
    int version = 1;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(archive, "cert*.pem")) {
      for (Path entry : entries) {
        Matcher matcher = CERTBOT_VERSION.matcher(entry.getFileName().toString());
        if (matcher.matches()) {
          version = Math.max(version, Integer.parseInt(matcher.group(1)) + 1);
        }
      }
    }
    String chain = identity.chain().size() > 1 ? Pem.certificates(identity.chain().subList(1, identity.chain().size()))
        : Pem.certificate(trusted.root());
    Map<String, Content> kinds = new LinkedHashMap<>();
    kinds.put("cert", new Content(ascii(identity.certificatePem()), false));
    kinds.put("privkey", new Content(ascii(identity.privateKeyPem()), true));
    kinds.put("chain", new Content(ascii(chain), false));
    kinds.put("fullchain", new Content(ascii(identity.chainPem()), false));
    for (Map.Entry<String, Content> kind : kinds.entrySet()) {
      SecureFiles.write(archive.resolve(kind.getKey() + version + ".pem"), kind.getValue().bytes,
          kind.getValue().ownerOnly);
    }
    for (String kind : kinds.keySet()) {
      Path link = live.resolve(kind + ".pem");
      Path target = Path.of("..", "..", "archive", name, kind + version + ".pem");
      Path temporary = live.resolve("." + kind + ".pem.mutualtls-tmp");
      Files.deleteIfExists(temporary);
      Files.createSymbolicLink(temporary, target);
      try {
        SecureFiles.rename(temporary, link);
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
  }

  private static KeyStore trustStore(String type, CertificateAuthority trusted) {
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      store.setCertificateEntry("ca", trusted.root());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a " + type + " trust store", e);
    }
  }

  private byte[] store(KeyStore store) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot encode a " + store.getType() + " key store", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static Path requireDirectory(String method, Path directory) {
    Objects.requireNonNull(directory, "CertificateFiles." + method + " directory");
    if (Files.exists(directory) && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("CertificateFiles." + method + " directory: " + directory
          + " exists and is not a directory; accepted: a directory, or a path where one can be created");
    }
    return directory.toAbsolutePath().normalize();
  }

  private static Object lockFor(Path directory) {
    return LOCKS.computeIfAbsent(directory, d -> new Object());
  }
}
