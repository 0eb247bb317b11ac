package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.Failures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * Runs an {@link Exchange} on a socket whose handshake has completed and says what the server did, as the wire
 * showed it: answered (and how), sent an alert, closed, reset, or said nothing in time.
 */
final class Conversation {
  /** What the client heard after the handshake. */
  enum Heard {
    /** An HTTP/1.x status line. */
    HTTP_ANSWER,
    /** The server's HTTP/2 SETTINGS frame. */
    HTTP2_SETTINGS,
    /** Another HTTP/2 frame first. */
    HTTP2_FRAME,
    /** Bytes that are none of the above. */
    DATA,
    /** A fatal alert. */
    ALERT,
    /** End of stream before any answer. */
    CLOSED,
    /** A reset (or broken pipe) before any answer. */
    RESET,
    /** Nothing within the timeout. */
    TIMED_OUT,
    /** Any other failure on the client's side, such as a refused renegotiation. */
    FAILED
  }

  /** What the client heard; {@code status} and {@code bodyLine} only for HTTP answers. */
  record Reply(Heard heard, String summary, Integer status, String bodyLine, TlsAlert alert, Throwable failure) {
    boolean answered() {
      return heard == Heard.HTTP_ANSWER || heard == Heard.HTTP2_SETTINGS || heard == Heard.HTTP2_FRAME
          || heard == Heard.DATA;
    }
  }

  private static final Pattern STATUS_LINE = Pattern.compile("^(HTTP/\\d(?:\\.\\d)?) (\\d{3})(?: (.*))?$");
  private static final Pattern TITLE = Pattern.compile("(?is)<title>\\s*(.*?)\\s*</title>");
  private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
  private static final byte[] SETTINGS_ACK = {0, 0, 0, 4, 1, 0, 0, 0, 0};
  private static final byte[] GOAWAY = {0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final String[] FRAME_TYPES = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS",
      "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};
  private static final int MAX_HEAD = 16 * 1024;
  private static final int MAX_BODY = 8 * 1024;

  private Conversation() {}

  static Reply run(SSLSocket socket, Exchange exchange, String host, int port) {
    try {
      switch (exchange.kind()) {
        case HTTP1:
          return http1(socket, exchange.path(), host, port);
        case HTTP2:
          return http2(socket);
        default:
          return raw(socket, exchange.firstMessage());
      }
    } catch (IOException e) {
      return failed(e);
    }
  }

  /** A failure while writing or reading: an alert, the connection going away, or a timeout. */
  static Reply failed(Throwable e) {
    Optional<TlsAlert> alert = Failures.received(e);
    if (alert.isPresent()) {
      return new Reply(Heard.ALERT, "alert " + alert.get(), null, null, alert.get(), e);
    }
    if (Failures.timedOut(e)) {
      return new Reply(Heard.TIMED_OUT, "nothing", null, null, null, e);
    }
    String messages = Failures.messages(e);
    if (messages.contains("Connection reset") || messages.contains("Broken pipe")) {
      return new Reply(Heard.RESET, "a reset (" + e.getMessage() + ")", null, null, null, e);
    }
    if (Failures.connectionLost(e)) {
      return new Reply(Heard.CLOSED, "the end of the connection (" + e.getMessage() + ")", null, null, null, e);
    }
    return new Reply(Heard.FAILED, "a failure: " + e, null, null, null, e);
  }

  private static Reply closed() {
    return new Reply(Heard.CLOSED, "the end of the connection", null, null, null, null);
  }

  private static Reply http1(SSLSocket socket, String path, String host, int port) throws IOException {
    String authority = (host.contains(":") ? "[" + host + "]" : host) + (port == 443 ? "" : ":" + port);
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: " + Exchange.USER_AGENT
        + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    // The status line is the evidence. Only a status that may refuse the certificate needs the rest: reading
    // headers a server writes apart (the JDK's HttpServer does, with Nagle on) would wait for its delayed ACK.
    byte[] line = readUntil(in, "\r\n", MAX_HEAD);
    if (line.length == 0) {
      return closed();
    }
    String statusLine = new String(line, StandardCharsets.ISO_8859_1).replaceFirst("\r\n$", "");
    Matcher matcher = STATUS_LINE.matcher(statusLine);
    if (!matcher.matches()) {
      return data(line);
    }
    int status = Integer.parseInt(matcher.group(2));
    String bodyLine = null;
    if (status == 400 || status == 495 || status == 496) {
      String head = new String(readUntil(in, "\r\n\r\n", MAX_HEAD), StandardCharsets.ISO_8859_1);
      bodyLine = bodyLine(in, "\r\n" + head);
    }
    return new Reply(Heard.HTTP_ANSWER, statusLine, status, bodyLine, null, null);
  }

  /** Bytes up to and including {@code end}, at most {@code limit}, or what came before the stream ended. */
  private static byte[] readUntil(InputStream in, String end, int limit) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] tail = end.getBytes(StandardCharsets.US_ASCII);
    int matched = 0;
    while (matched < tail.length && read.size() < limit) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      read.write(b);
      matched = b == tail[matched] ? matched + 1 : b == tail[0] ? 1 : 0;
    }
    return read.toByteArray();
  }

  /** The first telling line of a refusal's body: an HTML title, or the first line with text. */
  private static String bodyLine(InputStream in, String head) {
    String lower = head.toLowerCase(Locale.ROOT);
    byte[] body;
    try {
      Matcher length = Pattern.compile("(?m)^content-length:\\s*(\\d+)").matcher(lower);
      if (length.find()) {
        body = in.readNBytes((int) Math.min(Long.parseLong(length.group(1)), MAX_BODY));
      } else {
        // Chunked or until the end: the first few kilobytes hold the title either way.
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        for (int n; read.size() < MAX_BODY && (n = in.read(buffer)) != -1; ) {
          read.write(buffer, 0, n);
        }
        body = read.toByteArray();
      }
    } catch (IOException e) {
      return null;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    Matcher title = TITLE.matcher(text);
    if (title.find()) {
      return shorten(title.group(1));
    }
    for (String line : text.split("\r?\n")) {
      String plain = line.replaceAll("<[^>]*>", "").trim();
      if (!plain.isEmpty() && !plain.matches("[0-9a-fA-F]+")) {
        return shorten(plain);
      }
    }
    return null;
  }

  private static Reply http2(SSLSocket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    byte[] preface = new byte[HTTP2_PREFACE.length + EMPTY_SETTINGS.length];
    System.arraycopy(HTTP2_PREFACE, 0, preface, 0, HTTP2_PREFACE.length);
    System.arraycopy(EMPTY_SETTINGS, 0, preface, HTTP2_PREFACE.length, EMPTY_SETTINGS.length);
    out.write(preface);
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] header = in.readNBytes(9);
    if (header.length == 0) {
      return closed();
    }
    int type = header.length < 9 ? -1 : header[3] & 0xff;
    int flags = header.length < 9 ? 0 : header[4] & 0xff;
    if (type < 0 || type >= FRAME_TYPES.length || (header[5] & 0x80) != 0) {
      // Not an HTTP/2 frame header (a frame type RFC 9113 defines, a clear reserved bit): the server answered
      // in something else, an HTTP/1.1 status line for example.
      return data(header);
    }
    Reply reply;
    if (type == 4 && (flags & 1) == 0) {
      reply = new Reply(Heard.HTTP2_SETTINGS, "its HTTP/2 SETTINGS frame", null, null, null, null);
    } else {
      reply = new Reply(Heard.HTTP2_FRAME, "an HTTP/2 " + FRAME_TYPES[type] + " frame", null, null, null, null);
    }
    try {
      out.write(SETTINGS_ACK);
      out.write(GOAWAY);
      out.flush();
    } catch (IOException ignored) {
      // the answer is what counts; leaving politely is optional
    }
    return reply;
  }

  private static Reply raw(SSLSocket socket, byte[] firstMessage) throws IOException {
    OutputStream out = socket.getOutputStream();
    if (firstMessage.length > 0) {
      out.write(firstMessage);
      out.flush();
    }
    try {
      // close_notify: a server that waits for more then ends the connection instead of letting the probe wait.
      socket.shutdownOutput();
    } catch (IOException | UnsupportedOperationException e) {
      // the read below tells what happened
    }
    byte[] buffer = new byte[256];
    int n = socket.getInputStream().read(buffer);
    if (n < 0) {
      return closed();
    }
    byte[] data = new byte[n];
    System.arraycopy(buffer, 0, data, 0, n);
    return data(data);
  }

  private static Reply data(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.ISO_8859_1)
        .replaceAll("[^\\x20-\\x7e]", ".");
    return new Reply(Heard.DATA, bytes.length + " bytes of application data (\"" + text
        + (bytes.length > 40 ? "..." : "") + "\")", null, null, null, null);
  }

  private static String shorten(String line) {
    String single = line.replaceAll("\\s+", " ").trim();
    return single.length() > 200 ? single.substring(0, 200) + "..." : single;
  }
}
