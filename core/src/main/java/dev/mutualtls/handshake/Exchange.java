package dev.mutualtls.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a {@link Handshake} probe says to the server after the TLS handshake, to learn whether the server accepted
 * the client's certificate. Under TLS 1.3 a server judges the client's certificate only after the client's side of
 * the handshake is complete, and some servers (nginx) complete every handshake and refuse the certificate in their
 * answer; a completed handshake therefore proves nothing, and only an answer to application data does. Immutable.
 *
 * <ul>
 *   <li>{@link #http()} (the default): one HTTP/1.1 request, {@code GET / HTTP/1.1} with a {@code Host} header,
 *       {@code User-Agent: mutualtls-probe} and {@code Connection: close}. The status line and headers are read
 *       (and, for 400, 495 and 496, the body's first line). An answer is the evidence of acceptance; nginx's
 *       certificate refusals (400 "The SSL certificate error", "No required SSL certificate was sent", 495, 496)
 *       are refusals after the handshake.</li>
 *   <li>{@link #http2()}: ALPN {@code h2}, then the HTTP/2 connection preface and an empty SETTINGS frame; the
 *       server's own SETTINGS frame is the evidence. For gRPC servers and others that speak only HTTP/2.</li>
 *   <li>{@link #raw()} and {@link #raw(byte[])}: for servers that speak first or speak something else. The probe
 *       sends the given bytes (if any), then close_notify, and reads: data from the server is the evidence, an alert
 *       is a refusal, and a connection that ends with neither leaves acceptance <em>unconfirmed</em>, which the
 *       result says instead of claiming it.</li>
 * </ul>
 *
 * <p>A request that reaches your server is a real request: it shows in your server's access log with the user
 * agent {@code mutualtls-probe}. The library's own {@code MutualTlsServer} answers it before WireMock sees it, so
 * it never matches a stub or appears in the request journal.
 */
public final class Exchange {
  /** The user agent of the probe's HTTP requests, so that a server's log can tell probes apart. */
  public static final String USER_AGENT = "mutualtls-probe";

  enum Kind {
    HTTP1,
    HTTP2,
    RAW
  }

  private static final Exchange HTTP = new Exchange(Kind.HTTP1, "/", null);
  private static final Exchange HTTP2 = new Exchange(Kind.HTTP2, null, null);
  private static final Exchange RAW = new Exchange(Kind.RAW, null, new byte[0]);

  private final Kind kind;
  private final String path;
  private final byte[] firstMessage;

  private Exchange(Kind kind, String path, byte[] firstMessage) {
    this.kind = kind;
    this.path = path;
    this.firstMessage = firstMessage;
  }

  /** One HTTP/1.1 {@code GET /}; the default. */
  public static Exchange http() {
    return HTTP;
  }

  /**
   * One HTTP/1.1 {@code GET} of {@code path}, such as {@code "/healthz"}: a path your server answers cheaply and
   * without side effects.
   *
   * @throws IllegalArgumentException if {@code path} does not start with {@code /} or holds spaces or control
   *     characters
   */
  public static Exchange http(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("Exchange.http path must start with / and hold no spaces or control"
          + " characters (an origin-form request target such as /healthz), was \"" + path + "\"");
    }
    return new Exchange(Kind.HTTP1, path, null);
  }

  /** The HTTP/2 connection preface over ALPN {@code h2}; the server's SETTINGS frame is the evidence. */
  public static Exchange http2() {
    return HTTP2;
  }

  /** Nothing of its own: close_notify, then whatever the server sends. */
  public static Exchange raw() {
    return RAW;
  }

  /** {@code firstMessage} (your protocol's greeting, for example), then close_notify, then what the server sends. */
  public static Exchange raw(byte[] firstMessage) {
    return new Exchange(Kind.RAW, null, Objects.requireNonNull(firstMessage, "firstMessage").clone());
  }

  Kind kind() {
    return kind;
  }

  String path() {
    return path;
  }

  byte[] firstMessage() {
    return firstMessage.clone();
  }

  /** What the probe sends, in a few words: {@code GET /}, {@code HTTP/2 preface}, {@code 5 bytes}... */
  String request() {
    switch (kind) {
      case HTTP1:
        return "GET " + path;
      case HTTP2:
        return "the HTTP/2 preface and SETTINGS";
      default:
        return firstMessage.length == 0 ? "nothing but close_notify"
            : firstMessage.length + " bytes (\"" + printable(firstMessage) + "\")";
    }
  }

  private static String printable(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 24), StandardCharsets.ISO_8859_1);
    return text.replaceAll("[^\\x20-\\x7e]", ".") + (bytes.length > 24 ? "..." : "");
  }

  /** {@code Exchange.http("/")}, {@code Exchange.http2()}, {@code Exchange.raw(5 bytes)}. */
  @Override
  public String toString() {
    switch (kind) {
      case HTTP1:
        return "Exchange.http(\"" + path + "\")";
      case HTTP2:
        return "Exchange.http2()";
      default:
        return "Exchange.raw(" + (firstMessage.length == 0 ? "" : firstMessage.length + " bytes") + ")";
    }
  }
}
