package dev.mutualtls.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** project.build.outputTimestamp as Maven's archivers read it. */
class OutputTimestampTest {

  @Test
  void isoDateTimesAndEpochSecondsAreTimestamps() throws Exception {
    assertThat(OutputTimestamp.parse("2026-11-26T00:00:00Z")).contains(Instant.parse("2026-11-26T00:00:00Z"));
    assertThat(OutputTimestamp.parse("2026-11-26T02:00:00+02:00")).contains(Instant.parse("2026-11-26T00:00:00Z"));
    assertThat(OutputTimestamp.parse("1764115200")).contains(Instant.ofEpochSecond(1764115200L));
  }

  @Test
  void unsetOrOneCharacterMeansNoTimestamp() throws Exception {
    assertThat(OutputTimestamp.parse(null)).isEmpty();
    assertThat(OutputTimestamp.parse(" ")).isEmpty();
    assertThat(OutputTimestamp.parse("a")).isEmpty();
  }

  @Test
  void anythingElseIsRefusedWithTheAcceptedForms() {
    assertThatThrownBy(() -> OutputTimestamp.parse("yesterday")).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("outputTimestamp: \"yesterday\" is not a timestamp; accepted: an ISO 8601"
            + " date-time with offset such as 2026-01-01T00:00:00Z, whole seconds since the epoch");
    assertThatThrownBy(() -> OutputTimestamp.parse("1970-01-01T00:00:00Z"))
        .hasMessage("outputTimestamp: \"1970-01-01T00:00:00Z\" is outside the range a ZIP timestamp can hold;"
            + " accepted: 1980-01-01T00:00:02Z to 2107-12-31T23:59:58Z");
  }
}
