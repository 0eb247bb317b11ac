package dev.mutualtls.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every Java and XML block of the root README, of the user guide ({@code docs/*.md}) and of the recipes' READMEs
 * is copied, character for character, from a region of a file the build compiles and runs: a test of the demo,
 * the extension, core or a recipe, or a pom. The page names the region above each block, by its path from the
 * repository's root: {@code <!-- snippet: demo-project/src/test/java/.../X.java#tag -->}. The only unmarked
 * blocks are the coordinates of our own artifacts.
 *
 * <p>Regions are marked {@code // tag::name[]} ... {@code // end::name[]} or {@code // README:name} ...
 * {@code // README:end} in Java, {@code <!-- README:name ... -->} ... {@code <!-- README:end -->} in XML; they
 * lose their common indentation. In a pom region, {@code @property@} placeholders of integration tests take
 * the root pom's values, and a {@code mutualtls-maven-plugin} declared without a version (the demo gets it
 * from its parent) gets the project's version, as users must write it.
 *
 * <p>The root README is a front page, at most {@value #FRONT_PAGE_LIMIT} characters, and every relative link of
 * it and of the guide leads to a file that exists, and to a heading of it when the link names one.
 */
@DisplayName("The README and the user guide")
class ReadmeTest {
  static final int FRONT_PAGE_LIMIT = 15_000;

  /**
   * The snippets each page must show, by page: a page that loses one fails, wherever the others went. A
   * {@code mutualtls-x dependency} is the unmarked block of an artifact's coordinates.
   */
  private static final Map<String, List<String>> REQUIRED = Map.of(
      "README.md", List.of("mutualtls-junit dependency", "QuickStartTest.java#quick-start"),
      "docs/handshake-primer.md", List.of("ExplanationTest.java#explain"),
      "docs/clients.md", List.of("PartnerClientTest.java#partner-happy-path", "NamedClientsTest.java#named-clients",
          "PartnerClientTest.java#partner-identity-stub"),
      "docs/defects.md", List.of("DefectiveClientsTest.java#defective-clients",
          "PartnerClientTest.java#partner-expired", "PartnerClientTest.java#partner-hostname"),
      "docs/own-server.md", List.of("TomcatMutualTlsTest.java#probe-own-server",
          "LedgerServiceTest.java#ledger-allow-list", "LedgerServiceTest.java#ledger-defects",
          "TomcatMutualTlsTest.java#spring-audit", "GrpcMutualTlsTest.java#grpc-audit"),
      "docs/revocation.md", List.of("RevocationTest.java#revocation", "LedgerRevocationTest.java#ledger-revoked"),
      "docs/rotation.md", List.of("RotationClockTest.java#validation-time",
          "RotationExtensionTest.java#validation-time", "RotationClockTest.java#clock",
          "RotationServerTest.java#rotate", "RotationExtensionTest.java#rotate", "MintedAtTest.java#minted-at",
          "RotationResumptionTest.java#resumption", "RotationRolloverTest.java#rollover"),
      "docs/core.md", List.of("mutualtls-core dependency", "CoreSnippetsTest.java#core-quick-start",
          "CoreSnippetsTest.java#custom-certificates", "CoreSnippetsTest.java#probe",
          "CoreSnippetsTest.java#own-server", "CoreSnippetsTest.java#revocation", "CoreSnippetsTest.java#http-client"),
      "docs/maven-plugin.md", List.of("pom.xml#plugin", "PluginFixturesTest.java#plugin-curl", "pom.xml#consumer"));
  private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[ \\t]*$");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");

  private static final Pattern BLOCK = Pattern.compile("(<!-- snippet: (\\S+)#(\\S+) -->\\n)?```(java|xml)\\n(.*?)```",
      Pattern.DOTALL);
  private static final Pattern PROPERTY = Pattern.compile("<([A-Za-z0-9.-]+)>([^<]*)</\\1>");
  private static final Map<String, String> MODULES = Map.of("mutualtls-core", "core", "mutualtls-junit", "extension",
      "mutualtls-maven-plugin", "maven-plugin");
  private static final Pattern DEPENDENCY = Pattern.compile(
      "<dependency>\\s*<groupId>dev\\.mutualtls</groupId>\\s*<artifactId>(mutualtls-[a-z-]+)</artifactId>\\s*"
          + "<version>([^<]+)</version>\\s*<scope>test</scope>\\s*</dependency>\\s*");

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a directory above %s with README.md", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  @Test
  @DisplayName("shows only code that a test compiles and runs, or that the build uses")
  void everyBlockComesFromACompiledSource() throws IOException {
    List<String> checked = checkBlocks(root(), "README.md");
    assertThat(checked).as("snippets checked in README.md").containsAll(REQUIRED.get("README.md"));
  }

  @Test
  @DisplayName("and every page of the guide under docs/ too, each still showing the snippets it shows")
  void everyBlockOfTheGuideComesFromACompiledSource() throws IOException {
    Path root = root();
    Map<String, List<String>> checked = new TreeMap<>();
    for (String page : guidePages(root)) {
      checked.put(page, checkBlocks(root, page));
    }
    REQUIRED.forEach((page, snippets) -> {
      if (!page.equals("README.md")) {
        assertThat(checked).as("the guide's pages").containsKey(page);
        assertThat(checked.get(page)).as("snippets checked in %s", page).containsAll(snippets);
      }
    });
  }

  @Test
  @DisplayName("is a front page of at most 15,000 characters; the rest is in the guide")
  void isAFrontPage() throws IOException {
    String readme = Files.readString(root().resolve("README.md"));
    assertThat(readme.length()).as("the characters of README.md; move prose to a page of docs/")
        .isLessThanOrEqualTo(FRONT_PAGE_LIMIT);
  }

  @Test
  @DisplayName("and the guide link only to files that exist, and to headings they have")
  void everyRelativeLinkLeadsSomewhere() throws IOException {
    Path root = root();
    List<String> pages = new ArrayList<>(List.of("README.md"));
    pages.addAll(guidePages(root));
    List<String> links = new ArrayList<>();
    for (String page : pages) {
      Path from = root.resolve(page);
      Matcher link = LINK.matcher(FENCE.matcher(Files.readString(from)).replaceAll(""));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("[a-z][a-z0-9+.-]*:.*")) {
          continue;                                               // a URL (https:, mailto:): not a file of ours
        }
        int hash = target.indexOf('#');
        Path file = hash == 0 ? from : from.getParent().resolve(target.substring(0, hash < 0 ? target.length() : hash))
            .normalize();
        assertThat(file).as("the file of link %s in %s", target, page).exists();
        if (hash >= 0 && file.toString().endsWith(".md")) {
          assertThat(anchors(file)).as("the headings of %s, for link %s in %s", root.relativize(file), target, page)
              .contains(target.substring(hash + 1));
        }
        links.add(page + " -> " + target);
      }
    }
    assertThat(links).as("relative links checked").anyMatch(l -> l.startsWith("README.md -> docs/"))
        .anyMatch(l -> l.startsWith("docs/README.md -> "));
  }

  @Test
  @DisplayName("and the recipes' READMEs too")
  void everyBlockOfTheRecipesComesFromACompiledSource() throws IOException {
    Path root = root();
    List<String> checked = new ArrayList<>();
    try (Stream<Path> readmes = Files.list(root.resolve("recipes"))) {
      for (Path readme : readmes.map(dir -> dir.resolve("README.md")).filter(Files::exists).sorted()
          .collect(Collectors.toList())) {
        checked.addAll(checkBlocks(root, root.relativize(readme).toString()));
      }
    }
    assertThat(checked).as("snippets checked").contains("TomcatMutualTlsTest.java#spring-identity",
        "GrpcMutualTlsTest.java#grpc-server", "TomcatSslContextConfiguration.java#tomcat-ssl-context");
  }

  private static List<String> checkBlocks(Path root, String file) throws IOException {
    String readme = Files.readString(root.resolve(file));
    Map<String, String> properties = rootProperties(root);
    Matcher matcher = BLOCK.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (matcher.find()) {
      String block = matcher.group(5);
      if (matcher.group(1) == null) {
        // The only unmarked code: the coordinates of our own artifacts.
        Matcher dependency = DEPENDENCY.matcher(block);
        assertThat(dependency.matches()).as("a ```%s block without a <!-- snippet: path#tag --> line:%n%s",
            matcher.group(4), block).isTrue();
        assertThat(MODULES).as("the module of %s", dependency.group(1)).containsKey(dependency.group(1));
        assertThat(Files.readString(root.resolve(MODULES.get(dependency.group(1))).resolve("pom.xml")))
            .contains("<artifactId>" + dependency.group(1) + "</artifactId>");
        assertThat(dependency.group(2)).isEqualTo(properties.get("project.version"));
        checked.add(dependency.group(1) + " dependency");
        continue;
      }
      Path source = root.resolve(matcher.group(2));
      String region = region(source, matcher.group(3), properties);
      assertThat(block).as("%s block %s#%s", file, matcher.group(2), matcher.group(3)).isEqualTo(region);
      checked.add(matcher.group(2).replaceAll(".*/", "") + "#" + matcher.group(3));
    }
    return checked;
  }

  @Test
  @DisplayName("names the two commands, and CI runs the test command")
  void namesTheTwoCommandsThatCiRuns() throws IOException {
    Path root = root();
    String readme = Files.readString(root.resolve("README.md"));
    assertThat(readme).contains("./mvnw -B -pl demo-project -am verify", "./mvnw -B verify");
    assertThat(Files.readString(root.resolve(".ci/run"))).containsPattern("(?m)^\\./mvnw -B verify\\b");
  }

  /** The guide's pages, as paths from the root: every Markdown file directly under {@code docs/}. */
  private static List<String> guidePages(Path root) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("docs"))) {
      return files.filter(file -> file.toString().endsWith(".md")).sorted()
          .map(file -> root.relativize(file).toString().replace('\\', '/')).collect(Collectors.toList());
    }
  }

  /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
  private static List<String> anchors(Path page) throws IOException {
    Matcher heading = HEADING.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
    List<String> anchors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    while (heading.find()) {
      String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  /** The root pom's properties and version, for the placeholders of integration-test poms. */
  private static Map<String, String> rootProperties(Path root) throws IOException {
    String pom = Files.readString(root.resolve("pom.xml"));
    Map<String, String> properties = new HashMap<>();
    String block = pom.substring(pom.indexOf("<properties>"), pom.indexOf("</properties>"));
    Matcher matcher = PROPERTY.matcher(block);
    while (matcher.find()) {
      properties.put(matcher.group(1), matcher.group(2));
    }
    Matcher version = Pattern.compile("<artifactId>mutualtls-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(pom);
    assertThat(version.find()).isTrue();
    properties.put("project.version", version.group(1));
    properties.put("project.groupId", "dev.mutualtls");
    return properties;
  }

  static String region(Path source, String tag, Map<String, String> properties) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (start < 0 && (line.equals("// tag::" + tag + "[]") || line.equals("// README:" + tag)
          || line.matches("<!-- README: ?" + Pattern.quote(tag) + "\\b.*-->"))) {
        start = i;
      } else if (start >= 0 && (line.equals("// end::" + tag + "[]") || line.equals("// README:end")
          || line.matches("<!-- README: ?end -->"))) {
        end = i;
        break;
      }
    }
    assertThat(start).as("the start of region %s in %s", tag, source).isNotNegative();
    assertThat(end).as("the end of region %s in %s", tag, source).isPositive();
    List<String> body = new ArrayList<>(lines.subList(start + 1, end));
    int indent = body.stream().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      String line = body.get(i);
      String text = line.isBlank() ? "" : line.substring(indent);
      for (Map.Entry<String, String> property : properties.entrySet()) {
        text = text.replace("@" + property.getKey() + "@", property.getValue());
      }
      out.add(text);
      if (text.trim().equals("<artifactId>mutualtls-maven-plugin</artifactId>")
          && (i + 1 == body.size() || !body.get(i + 1).trim().startsWith("<version>"))) {
        out.add(text.substring(0, text.indexOf('<')) + "<version>" + properties.get("project.version") + "</version>");
      }
    }
    return out.stream().collect(Collectors.joining("\n")) + "\n";
  }
}
