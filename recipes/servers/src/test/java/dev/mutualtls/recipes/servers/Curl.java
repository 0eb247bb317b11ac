package dev.mutualtls.recipes.servers;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;

/**
 * One HTTPS GET with curl, the client the recipe servers are proven with: the server's certificate checked against
 * the CA file, the client's certificate and key from PEM files (curl sends exactly the certificates of its
 * {@code --cert} file, so a leaf written without its intermediate goes alone), one TLS version pinned at both ends
 * ({@code --tlsv1.x --tls-max 1.x}) and HTTP/1.1.
 *
 * <p>curl must send every certificate it is given, so that the server is the one judging: Debian's OpenSSL runs at
 * security level 2, and curl there refuses to load an RSA-1024 or SHA-1-signed client certificate itself (exit 58,
 * {@code ee key too small} / {@code ca md too weak}), before any server sees it; {@code --ciphers ...@SECLEVEL=0}
 * comes too late for that. So each curl process gets an {@code OPENSSL_CONF} of its own ({@link #LAX_CLIENT_CONFIG})
 * at security level 0. It changes nothing for the servers, and nothing outside that process. Thread-safe: no state.
 */
public final class Curl {
  /** What curl is told it may take at most ({@code --max-time}); a server that refuses answers long before. */
  public static final Duration MAX_TIME = Duration.ofSeconds(20);

  /** The OpenSSL configuration every curl process runs with: security level 0, so weak certificates are sent. */
  public static final String LAX_CLIENT_CONFIG = String.join("\n",
      "# curl's OpenSSL for the mutualtls recipes: send any client certificate, let the server judge it",
      "openssl_conf = openssl_init",
      "[openssl_init]",
      "ssl_conf = ssl_section",
      "[ssl_section]",
      "system_default = system_default_section",
      "[system_default_section]",
      "CipherString = DEFAULT:@SECLEVEL=0",
      "");

  private Curl() {}

  /** What one request came to: curl's exit code, the HTTP status ({@code 0} for none), the body and curl's error. */
  public record Result(int exitCode, int status, String body, String error) {
    /** Whether the server answered {@code 200}: the only evidence that it accepted the client. */
    public boolean accepted() {
      return exitCode == 0 && status == 200;
    }

    /**
     * The line of the body that says the most: an HTML error page's title (nginx: {@code 400 The SSL certificate
     * error}), the client certificate's subject on openssl's status page, else the first line.
     */
    public String bodyLine() {
      int title = body.indexOf("<title>");
      if (title >= 0 && body.indexOf("</title>", title) > 0) {
        return body.substring(title + "<title>".length(), body.indexOf("</title>", title)).strip();
      }
      for (String line : body.split("\n")) {
        if (line.strip().startsWith("Subject:") || line.contains("no client certificate available")) {
          return line.strip();
        }
      }
      int end = body.indexOf('\n');
      return (end < 0 ? body : body.substring(0, end)).strip();
    }

    /** {@code HTTP 200 hello CN=alice,O=mutualtls}, or {@code curl exit 56: OpenSSL SSL_read: ...}. */
    public String describe() {
      return exitCode == 0 ? "HTTP " + status + " " + bodyLine()
          : "curl exit " + exitCode + ": " + error.strip().replaceAll("\\s*\\n\\s*", " ");
    }
  }

  /**
   * GET {@code https://<server>/} over {@code protocol} ({@code TLSv1.2} or {@code TLSv1.3}), presenting the
   * certificate in {@code certificate} with the key in {@code key}, or no certificate when both are null.
   *
   * @param opensslConfig a file holding {@link #LAX_CLIENT_CONFIG}
   */
  public static Result get(InetSocketAddress server, String protocol, Path caFile, Path certificate, Path key,
      Path opensslConfig) {
    String version = switch (protocol) {
      case "TLSv1.2" -> "1.2";
      case "TLSv1.3" -> "1.3";
      default -> throw new IllegalArgumentException("Curl.get: protocol " + protocol + " is neither TLSv1.2 nor"
          + " TLSv1.3");
    };
    List<String> command = new ArrayList<>(List.of(Peers.curl().toString(), "-sS", "--noproxy", "*",
        "--max-time", Long.toString(MAX_TIME.toSeconds()), "--http1.1", "--tlsv" + version, "--tls-max", version,
        "--cacert", caFile.toString()));
    if (certificate != null) {
      command.addAll(List.of("--cert", certificate.toString(), "--key", key.toString()));
    }
    command.addAll(List.of("-w", "\\n%{http_code}", "https://" + server.getAddress().getHostAddress() + ":"
        + server.getPort() + "/"));
    ProcessBuilder builder = new ProcessBuilder(command);
    // Loopback only: a proxy from the environment must not see these requests.
    builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    builder.environment().put("OPENSSL_CONF", opensslConfig.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      long limit = MAX_TIME.plusSeconds(10).toMillis();
      if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
        return Assertions.fail(String.join(" ", command) + " ran past its own --max-time and was killed");
      }
      String out = stdout.get(limit, TimeUnit.MILLISECONDS);
      int newline = out.lastIndexOf('\n');
      int status = Integer.parseInt(out.substring(newline + 1).strip());
      return new Result(process.exitValue(), status, newline < 0 ? "" : out.substring(0, newline),
          stderr.get(limit, TimeUnit.MILLISECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for curl", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    } finally {
      process.destroyForcibly();
    }
  }

  /** Reads {@code stream} to its end on a thread of its own, so that neither pipe can fill up and stall curl. */
  static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), UTF_8));
      } catch (IOException | RuntimeException e) {
        text.completeExceptionally(e);
      }
    }, "curl-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
