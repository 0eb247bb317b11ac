package dev.mutualtls.handshake.internal;

import dev.mutualtls.handshake.TlsAlert;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a failure on a TLS socket is read, in one place: the alert received, the alert sent, the transport going
 * away, a timeout. The probe, the library's servers and their verdicts all read failures here, so they cannot
 * disagree. JSSE (17 to 25) writes {@code "(alert_name) ..."} for an alert it sends and
 * {@code "Received fatal alert: alert_name"} for one it receives.
 */
public final class Failures {
  /** How many of the drained bytes are kept, for {@link #plaintextAlert}. */
  private static final int KEPT = 64;

  private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_]+)");
  private static final Pattern SENT = Pattern.compile("^\\(([a-z_]+)\\)\\s*(.*)$", Pattern.DOTALL);

  private Failures() {}

  /** The fatal alert this side received from its peer, named anywhere along the cause chain. */
  public static Optional<TlsAlert> received(Throwable failure) {
    if (failure == null) {
      return Optional.empty();
    }
    Matcher matcher = RECEIVED.matcher(messages(failure));
    return matcher.find() ? TlsAlert.fromRfcName(matcher.group(1)) : Optional.empty();
  }

  /** The fatal alert this side sent: the prefix of the outermost message, unless it reports a received alert. */
  public static Optional<TlsAlert> sent(Throwable failure) {
    if (failure == null || received(failure).isPresent()) {
      return Optional.empty();
    }
    Matcher matcher = SENT.matcher(String.valueOf(failure.getMessage()));
    return matcher.matches() ? TlsAlert.fromRfcName(matcher.group(1)) : Optional.empty();
  }

  /** The outermost message without JSSE's {@code "(alert_name) "} prefix. */
  public static String plainMessage(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    Matcher matcher = SENT.matcher(message);
    return matcher.matches() ? matcher.group(2) : message;
  }

  /**
   * Whether the failure is the transport going away (reset, broken pipe, end of stream) rather than a TLS
   * decision: what a peer that closes without an alert, or whose reset overtakes its alert, leaves behind.
   */
  public static boolean connectionLost(Throwable failure) {
    if (failure == null || received(failure).isPresent()) {
      return false;
    }
    String messages = messages(failure);
    return find(failure, SocketException.class) != null || find(failure, EOFException.class) != null
        || messages.contains("Broken pipe") || messages.contains("Connection reset")
        || messages.contains("Remote host terminated") || messages.contains("closed by remote host");
  }

  /** Whether the failure is a socket timeout: the peer said nothing in time. */
  public static boolean timedOut(Throwable failure) {
    return find(failure, SocketTimeoutException.class) != null;
  }

  /** Whether the peer answered with bytes that are not TLS (a plain-text server, for example). */
  public static boolean notTls(Throwable failure) {
    return failure != null && messages(failure).contains("Unsupported or unrecognized SSL message");
  }

  /** Every message along the cause chain, joined with {@code " | "}. */
  public static String messages(Throwable failure) {
    StringBuilder out = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        out.append(cause.getMessage()).append(" | ");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return out.toString();
  }

  /** The first throwable of {@code type} along the cause chain, or null. */
  public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /**
   * Half-closes {@code raw} and reads what the peer still sends until it closes, at most {@code limit}, so that
   * nothing is left unread when the socket closes: a socket closed with unread data makes the kernel send a
   * reset, and a peer that has not yet read our alert then sees "Broken pipe" or "Connection reset" instead.
   */
  public static byte[] drain(Socket raw, Duration limit) {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    try {
      // Half-close first: a peer draining too then sees end-of-stream at once instead of waiting.
      raw.shutdownOutput();
      raw.setSoTimeout((int) Math.max(1, limit.toMillis()));
      InputStream in = raw.getInputStream();
      byte[] buffer = new byte[4096];
      long deadline = System.nanoTime() + limit.toNanos();
      for (int n; (n = in.read(buffer)) != -1 && System.nanoTime() < deadline; ) {
        kept.write(buffer, 0, Math.min(n, Math.max(0, KEPT - kept.size())));
      }
    } catch (IOException ignored) {
      // drained as far as possible
    }
    return kept.toByteArray();
  }

  /**
   * The first alert among unencrypted TLS records, in bytes read from the connection after the TLS stack gave up:
   * a peer's alert that the stack never read because one of its own writes failed first (the peer had reset the
   * connection after sending it). Only a plaintext alert record is recognised (record type 21, length 2), which is
   * what a TLS 1.2 server sends when it refuses a client certificate; TLS 1.3 alerts after the ServerHello are
   * encrypted and stay unknown.
   */
  public static Optional<TlsAlert> plaintextAlert(byte[] bytes) {
    int offset = 0;
    while (offset + 5 <= bytes.length) {
      int type = bytes[offset] & 0xff;
      int major = bytes[offset + 1] & 0xff;
      int length = (bytes[offset + 3] & 0xff) << 8 | bytes[offset + 4] & 0xff;
      if (major != 3 || type < 20 || type > 24) {
        return Optional.empty();
      }
      if (type == 21 && length == 2 && offset + 7 <= bytes.length && (bytes[offset + 5] & 0xff) == 2) {
        return TlsAlert.fromCode(bytes[offset + 6] & 0xff);
      }
      offset += 5 + length;
    }
    return Optional.empty();
  }

}
