package dev.mutualtls.recipes.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.HandshakeResult.Step;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.pki.Defect;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Assertions shared by the recipe servers' tests, over a {@link ClientMatrix.Row}. Thread-safe: no state. */
public final class Verdicts {
  private Verdicts() {}

  /** Every client defect except {@link Defect#MISMATCHED_PRIVATE_KEY}, which no TLS server can accept. */
  public static Set<Defect> everyDefectButTheKeyMismatch() {
    Set<Defect> defects = EnumSet.copyOf(ClientMatrix.clientDefects());
    defects.remove(Defect.MISMATCHED_PRIVATE_KEY);
    return defects;
  }

  /**
   * What a JSSE server lets through (the JDK's HttpsServer, Tomcat, Jetty, Netty on the JDK provider): with the JDK's
   * default trust manager a CA certificate as leaf, a revoked certificate, an RSA-1024 key and a SHA-1 signature; when
   * it accepts any client, every defect but the key mismatch; with StrictClientTrust, nothing.
   */
  public static Set<Defect> jsseLetsThrough(Mode mode) {
    switch (mode) {
      case REQUIRE:
        return EnumSet.of(Defect.CA_AS_LEAF, Defect.REVOKED, Defect.WEAK_KEY, Defect.SHA1_SIGNATURE);
      case ACCEPT_ANY:
        return everyDefectButTheKeyMismatch();
      default:
        return EnumSet.noneOf(Defect.class);
    }
  }

  /**
   * Asserts that the server answered the good client and exactly the {@code expected} defective clients {@code 200},
   * each with a body naming the subject of the certificate it presented; and that curl refused the mismatched key
   * pair itself (exit 58) before connecting, so that the JSSE socket's verdict is the one that counts there.
   */
  public static void assertLetsThrough(ClientMatrix.Row row, Mode mode, Set<Defect> expected) {
    assertThat(row.goodAccepted()).as("the good client is served\n%s", row.describe()).isTrue();
    assertThat(row.acceptedDefects()).as("the defects %s lets through in %s mode\n%s", row.title(), mode,
        row.describe()).containsExactlyInAnyOrderElementsOf(expected);
    for (ClientMatrix.Cell cell : row.cells()) {
      if (cell.accepted() && cell.client().identity() != null && cell.jsse() == null) {
        assertThat(cell.curl().body().replace(" = ", "=")).as("the answer to %s names its certificate\n%s",
            cell.client().label(), row.describe()).contains("CN=" + cell.client().identity().name());
      }
    }
    ClientMatrix.Cell mismatched = row.cell(Defect.MISMATCHED_PRIVATE_KEY);
    assertThat(mismatched.curl().exitCode()).as("curl refuses a key that does not match its certificate\n%s",
        row.describe()).isEqualTo(58);
  }

  /**
   * Asserts that every refusal happened in TLS, before any HTTP answer, and that the server sent no alert: curl saw
   * the connection end (exit 35 in the TLS 1.2 handshake; exit 52, an empty reply, or 56, a reset, after the TLS 1.3
   * handshake), and the JSSE socket with the mismatched key saw the handshake end or no answer.
   */
  public static void assertRefusedWithoutAlert(ClientMatrix.Row row) {
    for (ClientMatrix.Cell cell : refusedByTheServer(row)) {
      assertThat(cell.curl().status()).as("%s got no HTTP answer\n%s", cell.client().label(), row.describe())
          .isZero();
      assertThat(cell.curl().exitCode()).as("%s failed in TLS\n%s", cell.client().label(), row.describe())
          .isIn(35, 52, 56);
      assertThat(cell.curl().error()).as("%s got no alert\n%s", cell.client().label(), row.describe())
          .doesNotContain("alert");
    }
    assertThat(row.cell(Defect.MISMATCHED_PRIVATE_KEY).jsse().failure()).as("the mismatched key\n%s", row.describe())
        .isNotNull();
  }

  /**
   * Asserts that every refusal was a TLS alert, before any HTTP answer: curl failed with exit 35 (in the TLS 1.2
   * handshake), 56 (on the first read after the TLS 1.3 handshake) or 60 (curl 7.88 reports a
   * {@code certificate_expired} alert received in the handshake as its own failure to verify the server), and its
   * error contains one of the texts {@code errors} gives for the defect ({@code alert certificate unknown}; several
   * when the alert depends on the JDK's version). The JSSE socket with the mismatched key failed; whether it read the
   * alert or a broken pipe depends on a race with the server's close, as the reference measurements found.
   */
  public static void assertRefusedWithAlerts(ClientMatrix.Row row, Function<Defect, List<String>> errors) {
    for (ClientMatrix.Cell cell : refusedByTheServer(row)) {
      String label = cell.client().label();
      assertThat(cell.curl().status()).as("%s got no HTTP answer\n%s", label, row.describe()).isZero();
      assertThat(cell.curl().exitCode()).as("%s failed in TLS\n%s", label, row.describe()).isIn(35, 56, 60);
      assertThat(errors.apply(cell.client().defect())).as("the alert %s got\n%s", label, row.describe())
          .anySatisfy(error -> assertThat(cell.curl().error()).contains(error));
    }
    assertThat(row.cell(Defect.MISMATCHED_PRIVATE_KEY).jsse().failure()).as("the mismatched key\n%s",
        row.describe()).isNotNull();
  }

  /**
   * The alert a JSSE server (Tomcat, Netty, Jetty) sends, as curl prints it: {@code certificate_unknown} for every
   * certificate it refuses, whatever the reason; for no certificate {@code bad_certificate} (JDK 17.0.15) or
   * {@code handshake_failure} / {@code certificate_required} (the JDK 17.0.21 and 25 of the reference measurements).
   */
  public static List<String> jsseAlert(Defect defect) {
    return defect == Defect.NO_CERTIFICATE
        ? List.of("alert bad certificate", "alert handshake failure", "alert certificate required")
        : List.of("alert certificate unknown");
  }

  /**
   * Asserts that every refusal was an HTTP 400 after a completed handshake, as nginx answers: "No required SSL
   * certificate was sent" to a client without one, "The SSL certificate error" to one whose certificate failed; the
   * mismatched key pair, whose handshake signature cannot verify, never got that far.
   */
  public static void assertRefusedWithHttp400(ClientMatrix.Row row) {
    for (ClientMatrix.Cell cell : refusedByTheServer(row)) {
      assertThat(cell.curl().status()).as("%s got HTTP 400\n%s", cell.client().label(), row.describe())
          .isEqualTo(400);
      assertThat(cell.curl().bodyLine()).as("the page %s got\n%s", cell.client().label(), row.describe())
          .isEqualTo(cell.client().defect() == Defect.NO_CERTIFICATE ? "400 No required SSL certificate was sent"
              : "400 The SSL certificate error");
    }
    assertThat(row.cell(Defect.MISMATCHED_PRIVATE_KEY).jsse().failure()).as("the mismatched key\n%s",
        row.describe()).isNotNull();
  }

  /** The refused clients whose request reached the server: all but the mismatched key pair, which curl keeps. */
  public static List<ClientMatrix.Cell> refusedByTheServer(ClientMatrix.Row row) {
    return row.refused().stream().filter(cell -> cell.client().defect() != Defect.MISMATCHED_PRIVATE_KEY)
        .collect(java.util.stream.Collectors.toList());
  }

  /** The defects an audit reports accepted over {@code protocol}. */
  public static Set<Defect> acceptedOver(AuditReport report, String protocol) {
    Set<Defect> accepted = EnumSet.noneOf(Defect.class);
    report.findings().stream().filter(finding -> finding.protocol().equals(protocol) && finding.accepted())
        .forEach(finding -> accepted.add(finding.defect()));
    return accepted;
  }

  /**
   * An audit's findings, one line each: defect, protocol, verdict, and where the server decided (in the handshake, or
   * after it with which HTTP status). Not whether an alert was read: a server that refuses in the handshake closes
   * the connection with the client's last handshake messages unread, so its kernel resets the connection; under
   * TLS 1.3, whether the probe's request is written before the reset arrives (and the encrypted alert then read) is
   * a race: in one run of 20 audits, Netty, Tomcat and nginx each had rows that read the alert in some audits and
   * not in others. A TLS 1.2 alert is read from the connection even after a failed write.
   */
  public static List<String> lines(AuditReport report) {
    return report.findings().stream()
        .map(finding -> finding.defect() + " " + finding.protocol() + " " + finding.verdict() + " "
            + finding.result().httpStatus().map(status -> "after the handshake, HTTP " + status)
                .orElse(finding.result().stoppedAt() == Step.APPLICATION_DATA ? "after the handshake"
                    : "in the handshake"))
        .collect(Collectors.toList());
  }

  /**
   * Audits a server twenty times in a row, no retries: every audit must pass {@code check} and find what the first
   * found, line for line ({@link #lines}). Prints the first audit's table.
   */
  public static void auditTwentyTimes(ServerAudit audit, InetSocketAddress address, Consumer<AuditReport> check) {
    List<String> first = null;
    for (int run = 1; run <= 20; run++) {
      AuditReport report = audit.run(address);
      if (run == 1) {
        System.out.println(report.table());
        first = lines(report);
      }
      check.accept(report);
      assertThat(lines(report)).as("audit %d of 20\n%s", run, report.table()).containsExactlyElementsOf(first);
    }
  }

  /**
   * {@link #auditTwentyTimes(ServerAudit, InetSocketAddress, Consumer)} of {@code server}, a failure carrying what the
   * server printed ({@link RecipeServer#log()}): a child process's own reason for a refusal.
   */
  public static void auditTwentyTimes(ServerAudit audit, RecipeServer server, Consumer<AuditReport> check) {
    try {
      auditTwentyTimes(audit, server.address(), check);
    } catch (AssertionError | RuntimeException e) {
      withLog(server.log(), e);
    }
  }

  /**
   * Rethrows {@code failure}, with {@code log} (what a server printed) added to its message when there is one.
   */
  public static void withLog(String log, Throwable failure) {
    if (log.isEmpty()) {
      if (failure instanceof Error) {
        throw (Error) failure;
      }
      throw (RuntimeException) failure;
    }
    throw new AssertionError(failure.getMessage() + "\n--- what the server printed\n" + log, failure);
  }
}
