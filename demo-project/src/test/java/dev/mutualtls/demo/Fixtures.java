package dev.mutualtls.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;

/**
 * The certificate files {@code mutualtls:generate} wrote for this module (see the plugin in the demo's
 * pom), found through their index, {@code fixtures.properties}. Immutable.
 */
final class Fixtures {
  /** Where the plugin writes by default; Surefire runs tests in the module's directory. */
  static final Path DIRECTORY = Path.of("target", "mutualtls");

  private final Path directory;
  private final Properties index;

  private Fixtures(Path directory, Properties index) {
    this.directory = directory;
    this.index = index;
  }

  /** The fixtures of this build; fails with the fix if the plugin has not run. */
  static Fixtures load() {
    Path file = DIRECTORY.resolve("fixtures.properties");
    if (!Files.isRegularFile(file)) {
      return Assertions.fail(file.toAbsolutePath() + " does not exist: the fixtures are written by mutualtls:generate"
          + " in the generate-test-resources phase; run the tests through Maven (./mvnw -pl demo-project -am verify)"
          + " or run that phase once before running them from an IDE");
    }
    Properties index = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      index.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Fixtures(DIRECTORY.toAbsolutePath(), index);
  }

  /** The absolute path of the file the index names under {@code key}, such as {@code client.key}. */
  Path file(String key) {
    return directory.resolve(value(key));
  }

  /** The value the index holds under {@code key}, such as {@code client.subject}. */
  String value(String key) {
    String value = index.getProperty(key);
    if (value == null) {
      return Assertions.fail("fixtures.properties has no " + key
          + ": is the plugin configured as docs/maven-plugin.md says?");
    }
    return value;
  }

  /** The directory holding the files. */
  Path directory() {
    return directory;
  }
}
