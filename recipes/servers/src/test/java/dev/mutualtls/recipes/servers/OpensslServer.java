package dev.mutualtls.recipes.servers;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * OpenSSL's test server, {@code openssl s_server -www}, run as a child process as the OpenSSL documentation shows
 * it demanding client certificates:
 *
 * <pre>
 * openssl s_server -accept 127.0.0.1:0 -cert server.pem -key server-key.pem -www \
 *     -Verify 1 -verify_return_error -CAfile ca.pem
 * </pre>
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: exactly that ({@code -Verify}: a certificate is required; {@code -verify_return_error}:
 *       a verification error ends the handshake, otherwise s_server only prints it);
 *   <li>{@link Mode#ACCEPT_ANY}: {@code -verify 1} without {@code -verify_return_error} (asks, prints verification
 *       errors, goes on);
 *   <li>{@link Mode#HARDENED}: {@link #HARDENED} added to {@link Mode#REQUIRE}; what it still lets through, and why,
 *       is said there.
 * </ul>
 *
 * <p>It answers {@code GET /} with {@code HTTP/1.0 200 ok} and a status page that prints the client's certificate
 * ({@code Subject: CN = ...}). It listens on a port the kernel chooses and prints it ({@code ACCEPT 127.0.0.1:NNNN}),
 * which is how the launcher learns it and knows it is ready. It serves one connection at a time. The protocols go to
 * {@code -min_protocol} and {@code -max_protocol}. {@link #close()} stops the process.
 */
public final class OpensslServer implements RecipeServer {
  /**
   * The options {@link Mode#HARDENED} adds, for users to copy.
   *
   * <ul>
   *   <li>{@code -verifyCAfile ca.pem -crl_check -crl_download}: fetches the CRL from the client certificate's
   *       distribution point and refuses a revoked certificate, or one whose CRL cannot be had. s_server downloads
   *       CRLs only into a verification store of its own, which it makes only when given {@code -verifyCAfile} (or
   *       {@code -verifyCApath}): with {@code -CAfile} alone, {@code -crl_download} fetches nothing and every client
   *       is refused with "unable to get certificate CRL" (alert unknown_ca);
   *   <li>{@code -auth_level 2} and {@code @SECLEVEL=2}: refuse RSA keys below 2048 bits and SHA-1 signatures in the
   *       client's chain, whatever the distribution's default level (Debian's is 2 already, OpenSSL's own is 1);
   *   <li>{@code -x509_strict}: RFC 5280's stricter checks of every certificate.
   * </ul>
   *
   * <p>No option refuses {@code CA_AS_LEAF} or, for an EC key, {@code MISSING_DIGITAL_SIGNATURE}: OpenSSL's TLS client
   * purpose check accepts a leaf with cA=true, and accepts key usage keyAgreement in place of digitalSignature (see
   * {@link NginxServer#HARDENED}, the same library).
   */
  public static final List<String> HARDENED = List.of("-verifyCAfile", "ca.pem", "-crl_check", "-crl_download",
      "-auth_level", "2",
      "-cipher", "HIGH:!aNULL:!MD5:@SECLEVEL=2", "-x509_strict");

  /** How long s_server may take to print its port. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

  private final ChildProcess process;
  private final InetSocketAddress address;
  private final String version;

  private OpensslServer(ChildProcess process, InetSocketAddress address, String version) {
    this.process = process;
    this.address = address;
    this.version = version;
  }

  /**
   * Starts s_server presenting {@code identity}, trusting {@code trusted}'s root, with {@code protocols} enabled, its
   * files in {@code dir}.
   */
  public static OpensslServer start(Path dir, Identity identity, CertificateAuthority trusted, Mode mode,
      String... protocols) {
    Path openssl = Peers.openssl();
    try {
      identity.writePem(dir, "server");
      Files.writeString(dir.resolve("ca.pem"), trusted.certificatePem(), US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write s_server's files into " + dir, e);
    }
    List<String> protocolList = List.of(protocols);
    List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_server", "-accept", "127.0.0.1:0",
        "-cert", "server.pem", "-key", "server-key.pem", "-www",
        "-min_protocol", protocolList.contains("TLSv1.2") ? "TLSv1.2" : "TLSv1.3",
        "-max_protocol", protocolList.contains("TLSv1.3") ? "TLSv1.3" : "TLSv1.2"));
    switch (mode) {
      case REQUIRE:
        command.addAll(List.of("-Verify", "1", "-verify_return_error", "-CAfile", "ca.pem"));
        break;
      case ACCEPT_ANY:
        command.addAll(List.of("-verify", "1"));
        break;
      case HARDENED:
        command.addAll(List.of("-Verify", "1", "-verify_return_error", "-CAfile", "ca.pem"));
        command.addAll(HARDENED);
        break;
      default:
        throw new AssertionError(mode);
    }
    ChildProcess process = ChildProcess.start(dir, command);
    boolean started = false;
    try {
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (Instant.now().isBefore(deadline) && process.isAlive()) {
        Matcher accept = ACCEPT.matcher(process.stdout());
        if (accept.find()) {
          started = true;
          return new OpensslServer(process, new InetSocketAddress("127.0.0.1", Integer.parseInt(accept.group(1))),
              version(openssl));
        }
        process.waitFor(POLL);
      }
      return Assertions.fail("openssl s_server printed no ACCEPT line within " + START_TIMEOUT.toSeconds() + " s\n"
          + process.describe());
    } finally {
      if (!started) {
        process.close();
      }
    }
  }

  /** The version {@code openssl version} prints, such as {@code 3.0.19}. */
  private static String version(Path openssl) {
    try {
      Process process = new ProcessBuilder(openssl.toString(), "version").redirectErrorStream(true).start();
      try {
        process.getOutputStream().close();
        // one line, then it exits: reading to the end cannot block for long
        String[] words = new String(process.getInputStream().readAllBytes(), US_ASCII).split("\\s+");
        return words.length > 1 ? words[1] : "?";
      } finally {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + openssl + " version", e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public String name() {
    return "openssl s_server " + version;
  }

  @Override
  public String log() {
    return process.describe();
  }

  @Override
  public void close() {
    process.close();
  }
}
