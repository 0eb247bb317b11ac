package dev.mutualtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows between packages and modules point one way: the {@code pki} package is the bottom layer and its code
 * names nothing of {@code handshake}; an {@code internal} package is used only by the module that holds it, in main
 * and test sources alike. Plain reading of the sources, imports and qualified names alike.
 */
class LayersTest {
  /** Each internal package and the module directory that owns it. */
  private static final Map<String, String> INTERNALS = Map.of(
      "dev.mutualtls.pki.internal", "core",
      "dev.mutualtls.handshake.internal", "core",
      "dev.mutualtls.junit.internal", "extension",
      "dev.mutualtls.maven.internal", "maven-plugin");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.mutualtls\\.[a-z]+(\\.internal)?\\b");

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository above %s", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  private static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void pkiNamesNothingOfTheHandshake() {
    List<String> offences = new ArrayList<>();
    for (Path file : javaFiles(root().resolve("core/src/main/java/dev/mutualtls/pki"))) {
      if (read(file).contains("dev.mutualtls.handshake")) {
        offences.add(root().relativize(file).toString());
      }
    }
    assertThat(offences).as("pki sources that name dev.mutualtls.handshake").isEmpty();
  }

  @Test
  void noModuleUsesAnotherModulesInternalPackages() {
    Path root = root();
    List<String> offences = new ArrayList<>();
    try (Stream<Path> modules = Files.walk(root, 3)) {
      for (Path src : modules.filter(p -> p.getFileName().toString().equals("src") && Files.isDirectory(p)).toList()) {
        String module = root.relativize(src.getParent()).toString();
        for (Path file : javaFiles(src)) {
          if (file.endsWith("LayersTest.java")) {
            continue; // names every internal package, to check the others
          }
          Matcher matcher = REFERENCE.matcher(read(file));
          while (matcher.find()) {
            String owner = INTERNALS.get(matcher.group());
            if (owner != null && !owner.equals(module)) {
              offences.add(root.relativize(file) + " uses " + matcher.group() + " of " + owner);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(offences).as("uses of another module's internal packages").isEmpty();
  }
}
