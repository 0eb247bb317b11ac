package dev.mutualtls.recipes.spring;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * curl (OpenSSL) as the client of a server under test: one GET with a client certificate from PEM files, a single TLS
 * version, and the server's answer or curl's own error. An OpenSSL client reads the alert a JSSE server sends before
 * closing, where a Java client can lose it to a TCP reset, and it presents its certificate whatever CAs the server
 * asks for (the JDK's key managers then present none).
 *
 * <p>curl runs with an OpenSSL configuration of its own ({@code OPENSSL_CONF}, security level 0) so that it presents
 * what the test gives it: at its default level OpenSSL refuses, on the client side, to load an RSA-1024 key ("ee key
 * too small") or a SHA-1-signed certificate ("ca md too weak"), and the server would never see them. curl's
 * {@code --ciphers DEFAULT:@SECLEVEL=0} comes too late for that: the certificate is loaded first. A key that does not
 * match its certificate is refused by curl whatever the level (exit 58): that defect only a Java client presents.
 */
public final class Curl {
  /** How long one request may take; a server that accepts or refuses answers in milliseconds. */
  private static final int MAX_SECONDS = 10;

  /** Security level 0 for every TLS context curl's OpenSSL makes, applied before the certificate is loaded. */
  private static final String OPENSSL_CONF = String.join("\n", "openssl_conf = openssl_init", "[openssl_init]",
      "ssl_conf = ssl_section", "[ssl_section]", "system_default = system_default_section",
      "[system_default_section]", "CipherString = DEFAULT:@SECLEVEL=0", "");

  private Curl() {}

  /**
   * What curl reported: its exit code, the HTTP status ({@code 000} when there was no HTTP answer), the body, and
   * its error message (empty when it succeeded).
   */
  public record Result(int exitCode, String httpStatus, String body, String error) {
    /** Whether the server answered 200 with {@code body}. */
    public boolean answered(String expectedBody) {
      return exitCode == 0 && httpStatus.equals("200") && body.equals(expectedBody);
    }

    @Override
    public String toString() {
      return exitCode == 0 ? "HTTP " + httpStatus : "exit " + exitCode + ": " + error;
    }
  }

  /**
   * GET {@code uri} with exactly one TLS {@code protocol} ({@code TLSv1.2} or {@code TLSv1.3}), trusting the root
   * {@code ca} and presenting {@code client} (null: no certificate). PEM files go into {@code directory}.
   */
  public static Result get(URI uri, String protocol, CertificateAuthority ca, Identity client, Path directory) {
    String version = switch (protocol) {
      case "TLSv1.2" -> "1.2";
      case "TLSv1.3" -> "1.3";
      default -> throw new IllegalArgumentException("protocol must be TLSv1.2 or TLSv1.3, was " + protocol);
    };
    try {
      Path caFile = directory.resolve("ca.pem");
      Path openSslConf = directory.resolve("openssl.cnf");
      if (!Files.exists(caFile)) {
        Files.writeString(caFile, ca.certificatePem());
        Files.writeString(openSslConf, OPENSSL_CONF);
      }
      List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time",
          String.valueOf(MAX_SECONDS), "--tlsv" + version, "--tls-max", version,
          "--cacert", caFile.toString(), "--write-out", "\n%{http_code}"));
      if (client != null) {
        String name = "client-" + client.certificate().getSerialNumber().toString(16);
        Path certificate = client.writePem(directory, name);
        command.addAll(List.of("--cert", certificate.toString(), "--key",
            directory.resolve(name + "-key.pem").toString()));
      }
      command.add(uri.toString());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("OPENSSL_CONF", openSslConf.toString());
      Process process = builder.start();
      process.getOutputStream().close();
      // Both streams are small (an error line, a short body): read one, then the other, then wait.
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(MAX_SECONDS + 5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("curl did not end: " + command);
      }
      int newline = out.lastIndexOf('\n');
      return new Result(process.exitValue(), out.substring(newline + 1), out.substring(0, Math.max(newline, 0)), err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run curl against " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while curl ran against " + uri, e);
    }
  }
}
