package dev.mutualtls.maven.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;

/** {@code project.build.outputTimestamp} read the way Maven's own archivers read it. */
public final class OutputTimestamp {
  private OutputTimestamp() {}

  /**
   * The instant {@code value} stands for: an ISO 8601 date-time with an offset, or whole seconds since the
   * epoch. Empty when unset or a single character, Maven's convention for "not reproducible".
   *
   * @throws MojoFailureException if the value is none of those, or outside what a ZIP timestamp can hold
   */
  public static Optional<Instant> parse(String value) throws MojoFailureException {
    if (value == null || value.isBlank() || value.trim().length() == 1) {
      return Optional.empty();
    }
    String text = value.trim();
    Instant instant;
    try {
      instant = text.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(text))
          : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new MojoFailureException("outputTimestamp: " + quote(value) + " is not a timestamp; accepted:"
          + " an ISO 8601 date-time with offset such as 2026-01-01T00:00:00Z, whole seconds since the epoch, or"
          + " a single character to fall back to the fixtures' generation time"
          + " (property project.build.outputTimestamp)", e);
    }
    if (instant.isBefore(ReproducibleZip.EARLIEST) || instant.isAfter(ReproducibleZip.LATEST)) {
      throw new MojoFailureException("outputTimestamp: " + quote(value) + " is outside the range a ZIP"
          + " timestamp can hold; accepted: " + ReproducibleZip.EARLIEST + " to " + ReproducibleZip.LATEST);
    }
    return Optional.of(instant);
  }

  /** The value in double quotes, or null, for messages that show exactly what was given. */
  private static String quote(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
