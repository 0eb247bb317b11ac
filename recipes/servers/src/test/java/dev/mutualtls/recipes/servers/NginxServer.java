package dev.mutualtls.recipes.servers;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Assertions;

/**
 * nginx from Debian's packages ({@code nginx-light}), run as a child process with a configuration written into the
 * directory it is given, the way nginx's users demand client certificates:
 *
 * <pre>
 * ssl_verify_client      on;
 * ssl_client_certificate ca.pem;
 * location / { return 200 "hello $ssl_client_s_dn\n"; }
 * </pre>
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: exactly that. nginx completes the handshake whatever the client presents and answers a
 *       refused certificate with HTTP 400 ("The SSL certificate error", or "No required SSL certificate was sent");
 *   <li>{@link Mode#ACCEPT_ANY}: {@code ssl_verify_client optional_no_ca}, the nearest nginx has. It is not "accept
 *       anything": nginx forgives only the errors of an issuer it cannot find or trust (untrusted, self-signed, missing
 *       intermediate), and still answers 400 to an expired, not yet valid, wrong-usage or (at security level 2)
 *       weak certificate;
 *   <li>{@link Mode#HARDENED}: {@link #HARDENED} below: OCSP for every client certificate and OpenSSL security level
 *       2 pinned, whatever the distribution's default. What it still lets through, and why, is said there.
 * </ul>
 *
 * <p>{@code daemon off}, one worker, and every path nginx writes (pid, error log, lock file, temp directories) inside
 * the directory. nginx cannot listen on port 0: the launcher takes a port the kernel just handed out and released, and
 * if nginx then finds it taken (another process got it in between: the race every "free port" has), it tries another
 * port. That is not a retry of a flaky start, it handles that one known race, and only when nginx says "Address
 * already in use". nginx is ready when a TLS handshake on its port presents this server's certificate (its serial),
 * so a port some other server answers on is never mistaken for it. On a failure and in {@link #close()} the process
 * and its workers are stopped.
 */
public final class NginxServer implements RecipeServer {
  /**
   * The client-certificate part of the {@link Mode#HARDENED} server block, for users to copy.
   *
   * <ul>
   *   <li>{@code ssl_ocsp on}: asks the OCSP responder named in each client certificate (nginx 1.19+; add
   *       {@code resolver} when the responder's URL has a host name, and {@code ssl_ocsp_cache} in production).
   *       {@code REVOKED} is refused; so is any client whose status cannot be had (hard fail);
   *   <li>{@code @SECLEVEL=2}: OpenSSL's security level 2 refuses RSA keys below 2048 bits and SHA-1 signatures in
   *       the client's chain. Debian's OpenSSL is built with level 2 as its default, so Debian's nginx refuses them in
   *       {@link Mode#REQUIRE} already; OpenSSL's own default is level 1, which lets RSA-1024 through. Pinning it in
   *       {@code ssl_ciphers} makes the configuration mean the same everywhere.
   * </ul>
   *
   * <p>nginx has no setting that refuses {@code CA_AS_LEAF}: OpenSSL's purpose check for a TLS client
   * ({@code X509_PURPOSE_SSL_CLIENT}) looks at extended key usage, key usage and the Netscape type, and nothing refuses
   * a leaf with cA=true. Nor {@code MISSING_DIGITAL_SIGNATURE} for an EC key: the same check accepts key usage
   * keyAgreement instead of digitalSignature ({@code KU_DIGITAL_SIGNATURE | KU_KEY_AGREEMENT}), and the defect's EC
   * certificate has exactly keyAgreement. (An RSA certificate with keyEncipherment only is refused.) A location could
   * refuse them only by matching {@code $ssl_client_cert} against something else, which is not certificate validation.
   */
  public static final String HARDENED = String.join("\n",
      "ssl_verify_client      on;",
      "ssl_client_certificate ca.pem;",
      "ssl_verify_depth       1;",
      "ssl_ocsp               on;",
      "ssl_ciphers            HIGH:!aNULL:!MD5:@SECLEVEL=2;");

  /** How long nginx may take to become ready. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  /** How long {@code nginx -s reload} may take to signal the master. */
  private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);
  /** How often readiness is polled. */
  private static final Duration POLL = Duration.ofMillis(20);
  /**
   * How long one readiness handshake may take: short, because a port some other program holds may accept the
   * connection and never answer; a handshake that runs out is simply polled again.
   */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** How many ports are tried when nginx finds the one it was given taken. */
  private static final int PORT_ATTEMPTS = 5;
  private static final Pattern VERSION = Pattern.compile("nginx/(\\S+)");

  private final ChildProcess process;
  private final InetSocketAddress address;
  private final String version;
  private final int attempts;
  private final List<String> command;
  private final Path dir;

  private NginxServer(ChildProcess process, InetSocketAddress address, String version, int attempts,
      List<String> command, Path dir) {
    this.process = process;
    this.dir = dir;
    this.address = address;
    this.version = version;
    this.attempts = attempts;
    this.command = command;
  }

  /**
   * Starts nginx presenting {@code identity}, trusting {@code trusted}'s root, with {@code protocols} enabled, its
   * files in {@code dir} (which must exist and be empty of nginx files).
   */
  public static NginxServer start(Path dir, Identity identity, CertificateAuthority trusted, Mode mode,
      String... protocols) {
    return start(dir, identity, trusted, mode, NginxServer::releasedPort, protocols);
  }

  /** Like {@link #start(Path, Identity, CertificateAuthority, Mode, String...)}, taking ports from {@code ports}. */
  static NginxServer start(Path dir, Identity identity, CertificateAuthority trusted, Mode mode, IntSupplier ports,
      String... protocols) {
    identity.writePem(dir, "server");
    return start(dir, Path.of("server.pem"), Path.of("server-key.pem"), identity, trusted, mode, ports, protocols);
  }

  /**
   * Starts nginx with {@code ssl_certificate certificate} and {@code ssl_certificate_key key}, files already written
   * (such as certbot's {@code live/<name>/fullchain.pem} and {@code privkey.pem}) that present {@code identity}.
   */
  public static NginxServer start(Path dir, Path certificate, Path key, Identity identity,
      CertificateAuthority trusted, Mode mode, String... protocols) {
    return start(dir, certificate, key, identity, trusted, mode, NginxServer::releasedPort, protocols);
  }

  private static NginxServer start(Path dir, Path certificate, Path key, Identity identity,
      CertificateAuthority trusted, Mode mode, IntSupplier ports, String... protocols) {
    Path nginx = Peers.nginx();
    try {
      Files.writeString(dir.resolve("ca.pem"), trusted.certificatePem(), US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write nginx's files into " + dir, e);
    }
    SSLContext probe = probeContext(trusted);
    BigInteger serial = identity.certificate().getSerialNumber();
    String failures = "";
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.getAsInt());
      Path config = writeConfig(dir, certificate, key, address, mode, protocols);
      List<String> command = List.of(nginx.toString(), "-p", dir + "/", "-c", config.toString());
      ChildProcess process = ChildProcess.start(dir, command);
      boolean ready = false;
      try {
        ready = awaitReady(process, address, probe, serial);
        if (ready) {
          return new NginxServer(process, address, version(nginx), attempt, command, dir);
        }
        failures += "\n--- attempt " + attempt + " on port " + address.getPort() + ":\n" + describe(process, dir);
        if (!process.stderr().contains("Address already in use")) {
          break;
        }
      } finally {
        if (!ready) {
          process.close();
        }
      }
    }
    return Assertions.fail("nginx did not start" + failures);
  }

  /**
   * A port the kernel handed out for loopback and that is free again: the only way to give nginx a port, since it
   * cannot bind port 0. Another process may take it before nginx does; {@link #start} handles that.
   */
  static int releasedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  private static Path writeConfig(Path dir, Path certificate, Path key, InetSocketAddress address, Mode mode,
      String... protocols) {
    String clientCertificates;
    switch (mode) {
      case REQUIRE:
        clientCertificates = "ssl_verify_client      on;\nssl_client_certificate ca.pem;";
        break;
      case ACCEPT_ANY:
        clientCertificates = "ssl_verify_client      optional_no_ca;";
        break;
      case HARDENED:
        clientCertificates = HARDENED;
        break;
      default:
        throw new AssertionError(mode);
    }
    String config = String.join("\n",
        "# written by dev.mutualtls.recipes.servers.NginxServer: " + mode,
        "daemon off;",
        "master_process on;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "lock_file " + dir.resolve("nginx.lock") + ";",
        "error_log " + dir.resolve("error.log") + " info;",
        "events { worker_connections 64; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + dir.resolve("client_body_temp") + ";",
        "  proxy_temp_path " + dir.resolve("proxy_temp") + ";",
        "  fastcgi_temp_path " + dir.resolve("fastcgi_temp") + ";",
        "  uwsgi_temp_path " + dir.resolve("uwsgi_temp") + ";",
        "  scgi_temp_path " + dir.resolve("scgi_temp") + ";",
        "  default_type text/plain;",
        "  server {",
        "    listen " + address.getAddress().getHostAddress() + ":" + address.getPort() + " ssl;",
        "    ssl_certificate     " + certificate + ";",
        "    ssl_certificate_key " + key + ";",
        "    ssl_protocols       " + String.join(" ", protocols) + ";",
        "    " + clientCertificates.replace("\n", "\n    "),
        "    location / { return 200 \"hello $ssl_client_s_dn\\n\"; }",
        "  }",
        "}",
        "");
    try {
      return Files.writeString(dir.resolve("nginx.conf"), config, US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("nginx.conf"), e);
    }
  }

  /** Trusts the CA's root and presents no certificate: enough to see which certificate a port presents. */
  private static SSLContext probeContext(CertificateAuthority trusted) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trusted.trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSLContext", e);
    }
  }

  /**
   * Polls until a handshake on {@code address} presents the certificate with {@code serial} (true), nginx exits or
   * says the port is taken (false), or {@link #START_TIMEOUT} passes (false).
   */
  private static boolean awaitReady(ChildProcess process, InetSocketAddress address, SSLContext probe,
      BigInteger serial) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive() || process.stderr().contains("Address already in use")) {
        return false;
      }
      try {
        if (JsseClient.serverCertificate(address, probe, PROBE_TIMEOUT).getSerialNumber().equals(serial)) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet, or not ours: poll again
      }
      process.waitFor(POLL);
    }
    return false;
  }

  private static String describe(ChildProcess process, Path dir) {
    String log;
    try {
      Path errorLog = dir.resolve("error.log");
      log = Files.exists(errorLog) ? Files.readString(errorLog, US_ASCII) : "(no error.log)";
    } catch (IOException e) {
      log = "(error.log unreadable: " + e + ")";
    }
    return process.describe() + "--- error.log\n" + log;
  }

  /** The version {@code nginx -v} prints, such as {@code 1.22.1}. */
  private static String version(Path nginx) {
    try {
      Process process = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
      try {
        process.getOutputStream().close();
        // nginx -v prints one line and exits: reading to the end cannot block for long.
        Matcher version = VERSION.matcher(new String(process.getInputStream().readAllBytes(), US_ASCII));
        return version.find() ? version.group(1) : "?";
      } finally {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + nginx + " -v", e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public String name() {
    return "nginx " + version;
  }

  /**
   * Runs {@code nginx -s reload}, as certbot's deploy hooks do: the master rereads its configuration and files and
   * starts new workers, which present the new certificate; it returns once that command has signalled the master.
   */
  public void reload() {
    List<String> reload = new ArrayList<>(command);
    reload.addAll(List.of("-s", "reload"));
    try {
      Process signal = new ProcessBuilder(reload).redirectErrorStream(true).start();
      signal.getOutputStream().close();
      String output = new String(signal.getInputStream().readAllBytes(), US_ASCII);
      if (!signal.waitFor(RELOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || signal.exitValue() != 0) {
        signal.destroyForcibly();
        Assertions.fail("nginx -s reload failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run nginx -s reload", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Assertions.fail("interrupted while running nginx -s reload", e);
    }
  }

  /** How many ports it took: 1 unless nginx found a port taken. */
  int attempts() {
    return attempts;
  }

  /** The nginx master and its workers, while they run. */
  List<ProcessHandle> processes() {
    return process.processes();
  }

  @Override
  public String log() {
    return describe(process, dir);
  }

  @Override
  public void close() {
    process.close();
  }
}
