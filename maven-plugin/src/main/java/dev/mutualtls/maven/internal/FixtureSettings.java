package dev.mutualtls.maven.internal;

import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.KeyType;
import dev.mutualtls.pki.Side;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The configuration of {@code mutualtls:generate}, validated: every value the mojo received, checked and
 * normalised, or a {@link MojoFailureException} that names the parameter, the value given and what is
 * accepted. Immutable.
 *
 * @param keyType the key type of the CA and every identity
 * @param hostnames the server's DNS names and IP literals, the first one its CN
 * @param clients the names of the good clients, in order
 * @param defects the defective identities to write, in order
 * @param validityDays how long the CA, the server and the good clients stay valid
 * @param password the password of every key store and trust store
 * @param formats the formats identities and trust stores are written in
 * @param writeCaKey whether the CA's private key is written as {@code ca-key.pem}
 */
public record FixtureSettings(KeyType keyType, List<String> hostnames, List<String> clients, List<Defect> defects,
    int validityDays, String password, Set<Format> formats, boolean writeCaKey) {

  /** Version of the file layout and index; part of the configuration hash, so a new layout regenerates. */
  public static final int LAYOUT_VERSION = 1;
  /** The longest validity accepted: fixtures are renewed by the build, they need not live for years. */
  public static final int MAX_VALIDITY_DAYS = 3650;
  /** keytool refuses key store passwords shorter than this. */
  public static final int MIN_PASSWORD_LENGTH = 6;
  /** Names the plugin writes itself; a client may not take them. */
  static final List<String> RESERVED_NAMES = List.of("ca", "server", "truststore", "crl", "fixtures");

  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

  /** Copies the lists and set, so the record stays immutable. */
  public FixtureSettings {
    hostnames = List.copyOf(hostnames);
    clients = List.copyOf(clients);
    defects = List.copyOf(defects);
    formats = Collections.unmodifiableSet(EnumSet.copyOf(formats));
  }

  /**
   * Validates the raw parameter values of {@code mutualtls:generate}.
   *
   * @throws MojoFailureException naming the first parameter that is wrong, its value and the accepted values
   */
  public static FixtureSettings validate(String keyType, List<String> hostnames, List<String> clients,
      List<String> defects, int validityDays, String password, List<String> formats, boolean writeCaKey)
      throws MojoFailureException {
    KeyType type = keyType(keyType);
    List<String> hosts = hostnames(hostnames);
    List<String> clientNames = clients(clients);
    List<Defect> defectList = defects(defects, type);
    if (validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
      throw new MojoFailureException("validityDays: " + validityDays + " is out of range; accepted: a whole"
          + " number of days from 1 to " + MAX_VALIDITY_DAYS + " (mutualtls.validityDays, default 30)");
    }
    String pw = password(password);
    Set<Format> formatSet = formats(formats);
    FixtureSettings settings = new FixtureSettings(type, hosts, clientNames, defectList, validityDays, pw,
        formatSet, writeCaKey);
    settings.files();
    return settings;
  }

  private static KeyType keyType(String value) throws MojoFailureException {
    String accepted = Arrays.stream(KeyType.values()).map(Enum::name).collect(Collectors.joining(", "));
    if (value == null || value.isBlank()) {
      throw new MojoFailureException("keyType: " + quote(value) + " is empty; accepted: " + accepted);
    }
    try {
      return KeyType.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("keyType: " + quote(value) + " is not a key type; accepted: "
          + accepted + " (case does not matter, '-' may stand for '_')", e);
    }
  }

  private static List<String> hostnames(List<String> values) throws MojoFailureException {
    List<String> hosts = trimmed("hostnames", values);
    if (hosts.isEmpty()) {
      throw new MojoFailureException("hostnames: the list is empty; the server certificate needs at least one"
          + " DNS name or IP address, such as localhost or 127.0.0.1 (default: localhost, 127.0.0.1, ::1)");
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (String host : hosts) {
      if (!CertificateSpec.isHostname(host)) {
        throw new MojoFailureException("hostnames: " + quote(host) + " is neither a DNS name nor an IP"
            + " address; accepted: DNS names of letters, digits and inner hyphens with an optional leading"
            + " \"*.\" (such as localhost, api.example.test or *.example.test), and IPv4 or IPv6 literals"
            + " (such as 127.0.0.1 or ::1)");
      }
      if (seen.put(host.toLowerCase(Locale.ROOT), host) != null) {
        throw new MojoFailureException("hostnames: " + quote(host) + " is listed twice; list each name once");
      }
    }
    return hosts;
  }

  private static List<String> clients(List<String> values) throws MojoFailureException {
    List<String> names = trimmed("clients", values);
    Map<String, String> seen = new LinkedHashMap<>();
    for (String name : names) {
      if (!CLIENT_NAME.matcher(name).matches()) {
        throw new MojoFailureException("clients: " + quote(name) + " is not a valid client name: each"
            + " name becomes the certificate's CN and the file names <name>.pem, <name>-key.pem, <name>.p12"
            + " inside outputDirectory, so it must not contain '/', '\\' or \"..\"; accepted: 1 to 64 letters,"
            + " digits, '.', '_' or '-', starting with a letter or digit (such as alice or payments-api)");
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (RESERVED_NAMES.contains(key)) {
        throw new MojoFailureException("clients: " + quote(name) + " is reserved for the plugin's own"
            + " files; reserved (in any case): " + String.join(", ", RESERVED_NAMES) + "; choose another name");
      }
      String previous = seen.put(key, name);
      if (previous != null) {
        throw new MojoFailureException("clients: " + quote(name) + " is listed twice"
            + (previous.equals(name) ? "" : " (as " + quote(previous) + " too: file names must"
            + " differ in more than case)") + "; every client needs a name of its own");
      }
    }
    return names;
  }

  private static List<Defect> defects(List<String> values, KeyType keyType) throws MojoFailureException {
    List<String> names = trimmed("defects", values);
    String accepted = Arrays.stream(Defect.values()).filter(d -> d != Defect.NO_CERTIFICATE).map(Enum::name)
        .collect(Collectors.joining(", "));
    List<Defect> defects = new ArrayList<>();
    for (String name : names) {
      String normalised = name.toUpperCase(Locale.ROOT).replace('-', '_');
      Defect defect;
      try {
        defect = Defect.valueOf(normalised);
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("defects: " + quote(name) + " is not a defect; accepted: " + accepted
            + " (case does not matter, '-' may stand for '_')", e);
      }
      if (defect == Defect.NO_CERTIFICATE) {
        throw new MojoFailureException("defects: " + quote(name) + " has no files to write: a client"
            + " without a certificate is simply one that sends none (curl without --cert, a client without a"
            + " key store); remove it from defects; accepted: " + accepted);
      }
      if (defect == Defect.SHA1_SIGNATURE && keyType == KeyType.ED25519) {
        throw new MojoFailureException("defects: SHA1_SIGNATURE cannot be minted with keyType ED25519: an Ed25519"
            + " CA cannot sign with SHA-1; use keyType EC_P256, EC_P384 or an RSA type, or drop the defect");
      }
      if (defects.contains(defect)) {
        throw new MojoFailureException("defects: " + quote(name) + " is listed twice; list each defect once");
      }
      defects.add(defect);
    }
    return defects;
  }

  private static String password(String value) throws MojoFailureException {
    if (value == null || value.length() < MIN_PASSWORD_LENGTH) {
      throw new MojoFailureException("password: " + quote(value) + " is too short: keytool refuses key"
          + " store passwords under " + MIN_PASSWORD_LENGTH + " characters; accepted: " + MIN_PASSWORD_LENGTH
          + " or more printable ASCII characters (mutualtls.password, default changeit)");
    }
    if (!PRINTABLE_ASCII.matcher(value).matches()) {
      throw new MojoFailureException("password: the value holds a space or a character outside printable ASCII,"
          + " which Java and OpenSSL encode differently in PKCS#12; accepted: " + MIN_PASSWORD_LENGTH
          + " or more of the characters '!' to '~'");
    }
    return value;
  }

  private static Set<Format> formats(List<String> values) throws MojoFailureException {
    List<String> names = trimmed("formats", values);
    String accepted = Arrays.stream(Format.values()).map(Enum::name).collect(Collectors.joining(", "));
    if (names.isEmpty()) {
      throw new MojoFailureException("formats: the list is empty; accepted: one or more of " + accepted);
    }
    Set<Format> formats = EnumSet.noneOf(Format.class);
    for (String name : names) {
      try {
        formats.add(Format.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("formats: " + quote(name) + " is not a format; accepted: " + accepted
            + " (case does not matter)", e);
      }
    }
    return formats;
  }

  private static List<String> trimmed(String parameter, List<String> values) throws MojoFailureException {
    List<String> result = new ArrayList<>();
    if (values == null) {
      return result;
    }
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new MojoFailureException(parameter + ": holds an empty entry " + values + "; remove it (in a"
            + " -Dmutualtls." + parameter + "=... list, look for a doubled or trailing comma)");
      }
      result.add(value.trim());
    }
    return result;
  }

  /** The identities to write besides the CA, in order: the server, the clients, then the defective ones. */
  public List<String> identityNames() {
    List<String> names = new ArrayList<>();
    names.add("server");
    names.addAll(clients);
    defects.forEach(d -> names.add(defectName(d)));
    return names;
  }

  /** The file-name stem of a defective identity: {@code client-expired}, {@code server-hostname-mismatch}. */
  public static String defectName(Defect defect) {
    return (defect.side() == Side.SERVER ? "server-" : "client-") + defect.slug();
  }

  /**
   * Every file this configuration writes, sorted, each checked against the others: two names that differ
   * only in case would overwrite each other on macOS and Windows.
   *
   * @throws MojoFailureException if two identities would write the same file
   */
  public List<String> files() throws MojoFailureException {
    Map<String, String> owners = new LinkedHashMap<>();
    claim(owners, FixtureIndex.FILE_NAME, "the index");
    claim(owners, "ca.pem", "the CA");
    if (writeCaKey) {
      claim(owners, "ca-key.pem", "the CA");
    }
    if (formats.contains(Format.PKCS12)) {
      claim(owners, "truststore.p12", "the trust store");
    }
    if (formats.contains(Format.JKS)) {
      claim(owners, "truststore.jks", "the trust store");
    }
    if (defects.contains(Defect.REVOKED)) {
      claim(owners, "crl.pem", "the CA's CRL");
    }
    List<Map.Entry<String, String>> identities = new ArrayList<>();
    identities.add(Map.entry("server", "the server"));
    clients.forEach(c -> identities.add(Map.entry(c, "client \"" + c + "\"")));
    defects.forEach(d -> identities.add(Map.entry(defectName(d), "defect " + d.name())));
    for (Map.Entry<String, String> identity : identities) {
      for (String file : filesOf(identity.getKey())) {
        claim(owners, file, identity.getValue());
      }
    }
    return owners.keySet().stream().sorted().toList();
  }

  /** The files written for one identity, in the configured formats. */
  public List<String> filesOf(String name) {
    List<String> files = new ArrayList<>();
    if (formats.contains(Format.PEM)) {
      files.add(name + ".pem");
      files.add(name + "-key.pem");
    }
    if (formats.contains(Format.PKCS12)) {
      files.add(name + ".p12");
    }
    if (formats.contains(Format.JKS)) {
      files.add(name + ".jks");
    }
    return files;
  }

  private static void claim(Map<String, String> owners, String file, String owner) throws MojoFailureException {
    for (Map.Entry<String, String> entry : owners.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(file)) {
        throw new MojoFailureException("clients: " + owner + " would write " + file + ", which " + entry.getValue()
            + " writes already (" + entry.getKey() + "); rename the client so that no two files collide");
      }
    }
    owners.put(file, owner);
  }

  /**
   * A SHA-256 over everything that shapes the output; stored in the index, so a changed configuration is
   * recognised without comparing certificates.
   */
  public String hash() {
    String canonical = "layout=" + LAYOUT_VERSION
        + "\nkeyType=" + keyType
        + "\nhostnames=" + String.join(",", hostnames)
        + "\nclients=" + String.join(",", clients)
        + "\ndefects=" + defects.stream().map(Enum::name).collect(Collectors.joining(","))
        + "\nvalidityDays=" + validityDays
        + "\npassword=" + password
        + "\nformats=" + formats.stream().map(Enum::name).collect(Collectors.joining(","))
        + "\nwriteCaKey=" + writeCaKey + "\n";
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "keyType=" + keyType + ", hostnames=" + hostnames + ", clients=" + clients + ", defects=" + defects
        + ", validityDays=" + validityDays + ", formats=" + formats + ", writeCaKey=" + writeCaKey;
  }

  /** The value in double quotes, or null, for messages that show exactly what was given. */
  private static String quote(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
