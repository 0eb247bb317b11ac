package dev.mutualtls.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every core snippet in the README is, line for line, code that a test compiles and runs. */
class ReadmeTest {
  private static final Pattern MARKED = Pattern.compile("// README:([a-z-]+)\\n(.*?)\\n\\s*// README:end",
      Pattern.DOTALL);

  static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    return dir.resolve("README.md");
  }

  @Test
  void readmeShowsTheCompiledSnippetsVerbatim() throws IOException {
    String readme = Files.readString(readme());
    String source = Files.readString(Path.of("src/test/java/dev/mutualtls/readme/CoreReadmeSnippetsTest.java"));
    Matcher matcher = MARKED.matcher(source);
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
      String snippet = matcher.group(2).stripIndent().strip();
      assertThat(readme).as("README snippet %s", matcher.group(1)).contains(snippet);
    }
    assertThat(names).contains("core-quick-start", "probe", "own-server", "http-client", "custom-certificates",
        "revocation");
  }
}
