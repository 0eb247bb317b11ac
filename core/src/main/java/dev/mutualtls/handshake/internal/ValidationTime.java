package dev.mutualtls.handshake.internal;

import java.time.Instant;
import java.util.Optional;

/** The instant a server judges client certificates at: now, unless a test moved it. Thread-safe. */
public final class ValidationTime {
  private volatile Instant fixed;

  /** Judges as of {@code instant} from now on. */
  public void set(Instant instant) {
    this.fixed = instant;
  }

  /** Judges as of the current time again. */
  public void reset() {
    this.fixed = null;
  }

  /** The instant set, or empty when judging as of the current time. */
  public Optional<Instant> fixed() {
    return Optional.ofNullable(fixed);
  }
}
