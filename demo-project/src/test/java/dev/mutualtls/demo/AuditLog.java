package dev.mutualtls.demo;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps what it is given, for tests that assert the audit log. One per
 * service under test, so tests running in parallel never read each other's lines. Thread-safe.
 */
final class AuditLog implements System.Logger {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  /** Every line logged so far, formatted, oldest first. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public String getName() {
    return LedgerService.AUDIT_LOGGER;
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    lines.add(level + " " + message);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    lines.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
  }
}
