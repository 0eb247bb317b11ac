package dev.mutualtls.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every code block of {@code README-section.md} is preceded by {@code <!-- snippet: path#tag -->} and must equal,
 * character for character, the region between {@code // tag::tag[]} and {@code // end::tag[]} of that source file
 * (a test that compiles and runs), without its common indentation.
 */
class ReadmeSnippetsTest {
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everySnippetIsCopiedFromACompiledTest() throws IOException {
    String readme = Files.readString(Paths.get("README-section.md"), StandardCharsets.UTF_8);
    Matcher matcher = SNIPPET.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (matcher.find()) {
      String region = region(Paths.get(matcher.group(1)), matcher.group(2));
      assertThat(matcher.group(3)).as("snippet %s#%s", matcher.group(1), matcher.group(2)).isEqualTo(region);
      checked.add(matcher.group(2));
    }
    assertThat(checked).contains("quick-start", "named-clients", "defective-clients", "explain", "own-server",
        "revocation");
    assertThat(readme.split("```java", -1).length - 1).as("java blocks, each with a snippet marker")
        .isEqualTo(checked.size());
  }

  private static String region(Path source, String tag) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    int start = lines.indexOf(lines.stream().filter(line -> line.trim().equals("// tag::" + tag + "[]")).findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + tag + " in " + source)));
    int end = lines.indexOf(lines.stream().filter(line -> line.trim().equals("// end::" + tag + "[]")).findFirst()
        .orElseThrow(() -> new AssertionError("no end of tag " + tag + " in " + source)));
    List<String> body = lines.subList(start + 1, end);
    int indent = body.stream().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    return body.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).collect(Collectors.joining("\n"))
        + "\n";
  }
}
