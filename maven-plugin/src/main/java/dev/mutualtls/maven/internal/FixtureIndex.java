package dev.mutualtls.maven.internal;

import dev.mutualtls.pki.Defect;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code fixtures.properties}: the index of a fixture set. It lists every file with its password,
 * subject, subject alternative names, SHA-256 fingerprint and validity, so scripts and other build tools
 * find what they need without parsing certificates; it also records the hash of the configuration that
 * made the set, which is how {@code mutualtls:generate} knows the set is up to date. Entries keep the order
 * they were put in, so the same set always produces the same file. Not thread-safe while being filled.
 */
public final class FixtureIndex {
  /** The index's file name inside the fixture directory. */
  public static final String FILE_NAME = "fixtures.properties";
  /** A fixture is renewed no later than this before it expires (earlier for short-lived ones). */
  public static final Duration MAX_RENEWAL_MARGIN = Duration.ofDays(1);

  private static final String HEADER = """
      # mutualtls test fixtures, written by mutualtls:generate. TEST KEYS ONLY: never use them in production.
      # Every path is relative to this directory. "password" opens every .p12 and .jks file; PEM keys are
      # unencrypted PKCS#8. Do not edit: the plugin rewrites the whole directory when its configuration
      # changes or a certificate nears expiry.
      """;

  private final Map<String, String> entries;

  private FixtureIndex(Map<String, String> entries) {
    this.entries = entries;
  }

  /** An empty index, to be filled with {@link #put}. */
  public static FixtureIndex empty() {
    return new FixtureIndex(new LinkedHashMap<>());
  }

  /**
   * The index in {@code directory}, if there is one that this plugin wrote.
   *
   * @throws IOException if the file exists but cannot be read
   */
  public static Optional<FixtureIndex> read(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (properties.getProperty("layout") == null) {
      return Optional.empty();
    }
    Map<String, String> entries = new LinkedHashMap<>();
    properties.stringPropertyNames().stream().sorted().forEach(k -> entries.put(k, properties.getProperty(k)));
    return Optional.of(new FixtureIndex(entries));
  }

  /** Adds or replaces an entry; a null value leaves the entry out. */
  public FixtureIndex put(String key, Object value) {
    if (value != null) {
      entries.put(key, String.valueOf(value));
    }
    return this;
  }

  /** The value of {@code key}, if present. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Every entry, in order. */
  public Map<String, String> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** The files the index lists (its {@code files} entry), itself not included. */
  public List<String> files() {
    return list("files");
  }

  private List<String> list(String key) {
    String value = entries.get(key);
    return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
  }

  /**
   * The index as a properties file: ASCII only (anything else escaped), one entry per line, in order,
   * without the date comment {@link Properties#store} would add.
   */
  public byte[] toBytes() {
    StringBuilder out = new StringBuilder(HEADER);
    entries.forEach((key, value) -> out.append(escape(key, true)).append('=').append(escape(value, false))
        .append('\n'));
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String escape(String text, boolean key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case '=', ':', '#', '!' -> out.append(key ? "\\" + c : String.valueOf(c));
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Why the set in {@code directory} described by this index must be regenerated, or empty when it is up
   * to date: same layout and configuration hash, every listed file present, and no certificate (or CRL)
   * within its renewal margin at {@code now}.
   */
  public Optional<String> staleReason(String configurationHash, Path directory, Instant now) {
    if (!String.valueOf(FixtureSettings.LAYOUT_VERSION).equals(entries.get("layout"))) {
      return Optional.of("the existing set has file layout " + entries.get("layout") + ", this plugin writes "
          + FixtureSettings.LAYOUT_VERSION);
    }
    if (!configurationHash.equals(entries.get("configuration.sha256"))) {
      return Optional.of("the configuration changed");
    }
    for (String file : files()) {
      if (!Files.isRegularFile(directory.resolve(file))) {
        return Optional.of(file + " is missing");
      }
    }
    Renewal renewal;
    try {
      renewal = renewal();
    } catch (DateTimeParseException | IllegalStateException e) {
      return Optional.of(FILE_NAME + " is damaged (" + e.getMessage() + ")");
    }
    if (!now.isBefore(renewal.due())) {
      return Optional.of(renewal.what() + " at " + renewal.deadline() + " is less than " + renewal.margin()
          .toString().substring(2).toLowerCase(Locale.ROOT) + " away");
    }
    return Optional.empty();
  }

  /** When the set must be renewed next, and why. */
  public record Renewal(Instant due, String what, Instant deadline, Duration margin) {}

  /**
   * The earliest renewal: for each certificate, its notAfter (for a {@link Defect#NOT_YET_VALID} one, its
   * notBefore; an {@link Defect#EXPIRED} one never needs renewing) less a margin of half its remaining
   * life at generation, at most {@link #MAX_RENEWAL_MARGIN}; likewise for the CRL's nextUpdate.
   *
   * @throws IllegalStateException if an entry the computation needs is missing
   */
  public Renewal renewal() {
    Instant generated = Instant.parse(require("generated"));
    List<Renewal> renewals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    names.add("ca");
    names.addAll(list("identities"));
    for (String name : names) {
      String defect = entries.get(name + ".defect");
      if (Defect.EXPIRED.name().equals(defect)) {
        continue;
      }
      if (Defect.NOT_YET_VALID.name().equals(defect)) {
        renewals.add(renewal(generated, Instant.parse(require(name + ".notBefore")),
            name + " (meant to be not yet valid) becomes valid"));
      } else {
        renewals.add(renewal(generated, Instant.parse(require(name + ".notAfter")), name + " expires"));
      }
    }
    if (entries.containsKey("crl.nextUpdate")) {
      renewals.add(renewal(generated, Instant.parse(entries.get("crl.nextUpdate")), "the CRL's nextUpdate"));
    }
    return renewals.stream().min((a, b) -> a.due().compareTo(b.due())).orElseThrow();
  }

  private static Renewal renewal(Instant generated, Instant deadline, String what) {
    Duration margin = Duration.between(generated, deadline).dividedBy(2);
    if (margin.compareTo(MAX_RENEWAL_MARGIN) > 0) {
      margin = MAX_RENEWAL_MARGIN;
    }
    if (margin.isNegative()) {
      margin = Duration.ZERO;
    }
    return new Renewal(deadline.minus(margin), what, deadline, margin);
  }

  private String require(String key) {
    String value = entries.get(key);
    if (value == null) {
      throw new IllegalStateException("no entry " + key);
    }
    return value;
  }
}
