package dev.mutualtls.recipes.grpc;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Presents the good client and then every client {@link Defect} of a CA to a gRPC server running
 * {@link SubjectService}, under one TLS version, with gRPC's own client on each of the TLS stacks grpc-netty-shaded
 * offers: the JDK's ({@link SslProvider#JDK}) and BoringSSL ({@link SslProvider#OPENSSL}, bundled in the jar). A client
 * counts as let through only when the call returned its own subject; a refused one fails with a
 * {@link StatusRuntimeException}, and what it carried (status, description, cause) is recorded.
 *
 * <p>Both clients present every certificate exactly as given (a key manager that ignores the server's list of CAs),
 * except that BoringSSL will not use a private key that does not match its certificate: that row is refused before
 * anything is sent, and only the JDK client shows what the server does with it.
 */
public final class GrpcAudit {
  /** The name of the row of the good client, {@code CN=client,O=mutualtls}. */
  public static final String GOOD = "GOOD";

  /** How long one call may take; a server that accepts or refuses answers in milliseconds. */
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** An alert as the JDK reports it: {@code Received fatal alert: certificate_expired}. */
  private static final Pattern JDK_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");
  /** An alert as BoringSSL reports it: {@code ...:SSLV3_ALERT_CERTIFICATE_EXPIRED}. */
  private static final Pattern BORINGSSL_ALERT = Pattern.compile(":(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)");
  /** BoringSSL refusing to load a client certificate and key: {@code Error setting certificate (...:REASON)}. */
  private static final Pattern NOT_PRESENTED = Pattern.compile("Error setting certificate \\(.*:([A-Z_]+)\\)");

  /** The connection ending without an alert, as gRPC's Netty transport reports it (see {@link Outcome#seen()}). */
  private static final Pattern CLOSED = Pattern.compile(
      "Connection closed while performing TLS negotiation|Network closed for unknown reason|Connection reset by peer");

  private GrpcAudit() {}

  /** What one client saw: the subject the server answered with, or the failure of the call. */
  public record Outcome(String answer, StatusRuntimeException failure) {
    /**
     * The failure in short: the gRPC status code, then the TLS alert the client received ({@code alert
     * certificate_expired}), {@code not presented: <reason>} when the client's TLS stack would not use the certificate,
     * {@code closed without an alert} when the connection ended before the client read any alert (gRPC reports the end
     * of the stream during or after the handshake, or a reset when the client's own data reached the closed socket
     * first: which of these comes is a race, the meaning the same), else the status's own first line.
     */
    public String seen() {
      if (failure == null) {
        return "answered " + answer;
      }
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        String message = String.valueOf(cause.getMessage());
        Matcher jdk = JDK_ALERT.matcher(message);
        if (jdk.find()) {
          return failure.getStatus().getCode() + ": alert " + jdk.group(1);
        }
        Matcher boringSsl = BORINGSSL_ALERT.matcher(message);
        if (boringSsl.find()) {
          return failure.getStatus().getCode() + ": alert " + boringSsl.group(1).toLowerCase(Locale.ROOT);
        }
        Matcher local = NOT_PRESENTED.matcher(message);
        if (local.find()) {
          return failure.getStatus().getCode() + ": not presented: " + local.group(1);
        }
        if (CLOSED.matcher(message).find()) {
          return failure.getStatus().getCode() + ": closed without an alert";
        }
      }
      String description = String.valueOf(failure.getStatus().getDescription());
      return failure.getStatus().getCode() + ": " + description.lines().findFirst().orElse(description);
    }

    @Override
    public String toString() {
      if (failure == null) {
        return seen();
      }
      Throwable root = failure;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return seen() + (root == failure ? "" : " [" + root.getClass().getSimpleName() + ": " + root.getMessage() + "]");
    }
  }

  /** What both clients saw for one presented certificate. */
  public record Finding(String presented, String subject, Outcome jdk, Outcome boringSsl) {
    /** Whether the server answered the JDK client with its subject. */
    public boolean jdkLetThrough() {
      return subject.equals(jdk.answer());
    }

    /** Whether the server answered the BoringSSL client with its subject. */
    public boolean boringSslLetThrough() {
      return subject.equals(boringSsl.answer());
    }
  }

  /** The rows of an audit: {@link #GOOD} and the name of every client-side {@link Defect}. */
  public static List<String> rows() {
    List<String> rows = new ArrayList<>();
    rows.add(GOOD);
    for (Defect defect : Defect.values()) {
      if (defect.side() == Side.CLIENT) {
        rows.add(defect.name());
      }
    }
    return rows;
  }

  /** Runs the audit against the server on loopback {@code port} with {@code protocol}, in {@link #rows()} order. */
  public static Map<String, Finding> run(CertificateAuthority ca, int port, String protocol) {
    Map<String, Finding> findings = new LinkedHashMap<>();
    for (String row : rows()) {
      Identity identity = row.equals(GOOD) ? ca.client("client")
          : row.equals(Defect.NO_CERTIFICATE.name()) ? null : ca.defective(Defect.valueOf(row));
      String subject = identity == null ? "(none)" : identity.certificate().getSubjectX500Principal().getName();
      findings.put(row, new Finding(row, subject, call(ca, identity, port, protocol, SslProvider.JDK),
          call(ca, identity, port, protocol, SslProvider.OPENSSL)));
    }
    return findings;
  }

  /** The rows the JDK client was answered on. */
  public static List<String> letThroughByJdkClient(Map<String, Finding> findings) {
    return findings.values().stream().filter(Finding::jdkLetThrough).map(Finding::presented).toList();
  }

  /** The rows the BoringSSL client was answered on. */
  public static List<String> letThroughByBoringSslClient(Map<String, Finding> findings) {
    return findings.values().stream().filter(Finding::boringSslLetThrough).map(Finding::presented).toList();
  }

  /** What the JDK client saw on each row it was not answered on (see {@link Outcome#seen()}). */
  public static Map<String, String> jdkClientRefusals(Map<String, Finding> findings) {
    return findings.values().stream().filter(finding -> !finding.jdkLetThrough())
        .collect(Collectors.toMap(Finding::presented, finding -> finding.jdk().seen(), (a, b) -> a, TreeMap::new));
  }

  /** What the BoringSSL client saw on each row it was not answered on (see {@link Outcome#seen()}). */
  public static Map<String, String> boringSslClientRefusals(Map<String, Finding> findings) {
    return findings.values().stream().filter(finding -> !finding.boringSslLetThrough())
        .collect(Collectors.toMap(Finding::presented, finding -> finding.boringSsl().seen(), (a, b) -> a,
            TreeMap::new));
  }

  /**
   * What a gRPC server on BoringSSL shows gRPC's client on {@code client}'s TLS for every row not in
   * {@code letThrough}, as measured: BoringSSL sends the alert Netty derives from the trust manager's exception
   * ({@code certificate_expired} for expired and not yet valid, {@code certificate_revoked} for revoked) and
   * {@code internal_error} for every other certificate it refuses; a missing certificate gets {@code handshake_failure}
   * (TLS 1.2) or {@code certificate_required} (TLS 1.3). Under TLS 1.3 BoringSSL itself refuses a key usage without
   * digitalSignature ({@code illegal_parameter}). A key that does not match its certificate (a CertificateVerify
   * that does not verify) makes it close the connection without an alert the JDK client reads; the BoringSSL client
   * presents neither of those two.
   */
  public static Map<String, String> boringSslServerRefusals(String protocol, List<String> letThrough,
      SslProvider client) {
    boolean tls12 = protocol.equals("TLSv1.2");
    boolean jdk = client == SslProvider.JDK;
    Map<String, String> expected = new TreeMap<>();
    for (String row : rows()) {
      if (letThrough.contains(row)) {
        continue;
      }
      String seen = switch (row) {
        case "NO_CERTIFICATE" -> tls12 ? "alert handshake_failure" : "alert certificate_required";
        case "EXPIRED", "NOT_YET_VALID" -> "alert certificate_expired";
        case "REVOKED" -> "alert certificate_revoked";
        case "MISSING_DIGITAL_SIGNATURE" -> !jdk ? "not presented: KEY_USAGE_BIT_INCORRECT"
            : tls12 ? "alert internal_error" : "alert illegal_parameter";
        case "MISMATCHED_PRIVATE_KEY" -> !jdk ? "not presented: KEY_VALUES_MISMATCH"
            : "closed without an alert";
        default -> "alert internal_error";
      };
      expected.put(row, "UNAVAILABLE: " + seen);
    }
    return expected;
  }

  /** The findings as a table, one row per presented certificate, for the test's report. */
  public static String table(String title, Map<String, Finding> findings) {
    StringBuilder table = new StringBuilder(title).append('\n');
    findings.values().forEach(finding -> table.append(String.format("  %-26s jdk: %-70s boringssl: %s%n",
        finding.presented(), finding.jdk(), finding.boringSsl())));
    return table.toString();
  }

  /**
   * One call of {@link SubjectService} through a channel of its own: trusting {@code ca}'s root, presenting
   * {@code identity} (null: no certificate), offering only {@code protocol}, on {@code provider}'s TLS.
   */
  public static Outcome call(CertificateAuthority ca, Identity identity, int port, String protocol,
      SslProvider provider) {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
        credentials(ca, identity, protocol, provider)).build();
    try {
      return new Outcome(SubjectService.call(channel, DEADLINE), null);
    } catch (StatusRuntimeException e) {
      return new Outcome(null, e);
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ChannelCredentials credentials(CertificateAuthority ca, Identity identity, String protocol,
      SslProvider provider) {
    try {
      SslContextBuilder tls = GrpcSslContexts.configure(SslContextBuilder.forClient(), provider)
          .trustManager(ca.certificate())
          .protocols(protocol);
      if (identity != null) {
        tls.keyManager(identity.keyManager());
      }
      SslContext context = tls.build();
      return NettySslContextChannelCredentials.create(context);
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a " + provider + " client context", e);
    }
  }
}
