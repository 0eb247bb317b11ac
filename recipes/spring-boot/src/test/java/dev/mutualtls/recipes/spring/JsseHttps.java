package dev.mutualtls.recipes.spring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A plain JSSE client: one HTTP/1.1 GET over an {@link SSLSocket} with a single TLS version, reading the whole
 * answer. It proves a server without any HTTP library in between, and it can present what curl cannot: a certificate
 * with a private key that does not belong to it (the server then refuses its CertificateVerify).
 *
 * <p>Under TLS 1.3 a refused client finishes its handshake and learns of the refusal only when it reads; under
 * TLS 1.2 it may see the server's alert or, when the server's close overtakes it, a reset or broken pipe. Either way
 * no HTTP answer arrives, which is all {@link Result#answered(String)} asks.
 */
public final class JsseHttps {
  /** Connect and read timeout: a server that accepts or refuses answers in milliseconds. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private JsseHttps() {}

  /** The HTTP answer (status line and body), or the exception that ended the exchange. */
  public record Result(String statusLine, String body, Exception failure) {
    /** Whether the server answered 200 with {@code body}. */
    public boolean answered(String expectedBody) {
      return failure == null && statusLine.startsWith("HTTP/1.1 200") && body.equals(expectedBody);
    }

    @Override
    public String toString() {
      return failure == null ? statusLine : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
  }

  /** GET {@code uri} with {@code context} (its key and trust managers), offering only {@code protocol}. */
  public static Result get(URI uri, String protocol, SSLContext context) {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(new String[] {protocol});
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headersEnd = response.indexOf("\r\n\r\n");
      String statusLine = response.substring(0, Math.max(response.indexOf("\r\n"), 0));
      return new Result(statusLine, headersEnd < 0 ? "" : body(response.substring(0, headersEnd),
          response.substring(headersEnd + 4)), null);
    } catch (IOException | RuntimeException e) {
      return new Result("", "", e);
    }
  }

  /** The body, decoding a chunked one (a reactive server may stream even a short answer). */
  private static String body(String headers, String raw) {
    if (!headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      return raw;
    }
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = raw.indexOf("\r\n", at);
      int size = Integer.parseInt(raw.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(raw, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
