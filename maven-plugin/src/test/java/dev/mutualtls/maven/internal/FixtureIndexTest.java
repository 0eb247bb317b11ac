package dev.mutualtls.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fixtures.properties: readable by java.util.Properties and by grep, the same bytes for the same entries. */
class FixtureIndexTest {

  @TempDir
  Path dir;

  @Test
  void valuesSurviveARoundTripThroughProperties() throws Exception {
    FixtureIndex index = FixtureIndex.empty()
        .put("layout", 1)
        .put("ca.subject", "CN=Root\\, Inc.,O=mutualtls")
        .put("server.sans", "DNS:localhost,IP:0:0:0:0:0:0:0:1")
        .put("server.sha256", "AB:CD")
        .put("odd", " leading space, #hash !bang = equals: colon\tü")
        .put("absent", null);

    Properties read = new Properties();
    read.load(new StringReader(new String(index.toBytes(), StandardCharsets.US_ASCII)));

    assertThat(read).hasSize(5);
    assertThat(read.getProperty("ca.subject")).isEqualTo("CN=Root\\, Inc.,O=mutualtls");
    assertThat(read.getProperty("server.sans")).isEqualTo("DNS:localhost,IP:0:0:0:0:0:0:0:1");
    assertThat(read.getProperty("odd")).isEqualTo(" leading space, #hash !bang = equals: colon\tü");
  }

  @Test
  void linesStayPlainForGrepAndKeepTheirOrder() {
    String text = new String(FixtureIndex.empty().put("layout", 1).put("server.sha256", "AB:CD")
        .put("server.sans", "DNS:localhost").toBytes(), StandardCharsets.US_ASCII);

    assertThat(text).startsWith("# mutualtls test fixtures").doesNotContain("2026-");
    assertThat(text).endsWith("layout=1\nserver.sha256=AB:CD\nserver.sans=DNS:localhost\n");
  }

  @Test
  void onlyAnIndexWithALayoutIsOurs() throws Exception {
    assertThat(FixtureIndex.read(dir)).isEmpty();
    Files.writeString(dir.resolve("fixtures.properties"), "some=thing else\n");
    assertThat(FixtureIndex.read(dir)).isEmpty();
    Files.writeString(dir.resolve("fixtures.properties"), "layout=1\nfiles=a.pem,b.pem\n");
    assertThat(FixtureIndex.read(dir).orElseThrow().files()).containsExactly("a.pem", "b.pem");
  }
}
