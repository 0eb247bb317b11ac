package dev.mutualtls.junit;

import dev.mutualtls.handshake.AuditReport;
import dev.mutualtls.handshake.Finding;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.ServerAudit;
import dev.mutualtls.handshake.TlsAlert;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Side;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on a {@link HandshakeResult}, failing with opentest4j's {@link AssertionFailedError} (which IDEs and
 * build tools show with expected and actual values) and a message that always ends with the whole handshake
 * told step by step ({@link HandshakeResult#explain()}). No AssertJ needed.
 *
 * <pre>{@code
 * assertThatHandshake(server.handshake(alice)).isAccepted();
 * assertThatHandshake(server.handshake(expired)).isRejectedByServer().withReason(Reason.EXPIRED);
 * }</pre>
 *
 * <p>Assert the {@link Reason}, not the alert, for client-certificate failures against the library's servers: a
 * JSSE server sends {@code certificate_unknown} whatever the reason, and the reason is what the server recorded.
 * Against your own server, assert {@link HandshakeAssert#isRejectedByServer()}, or audit it whole:
 *
 * <pre>{@code
 * assertThatServer(ServerAudit.of(ca).run(address)).refusesEveryDefectExcept(Defect.REVOKED);
 * }</pre>
 *
 * Stateless.
 */
public final class HandshakeAssertions {
  private HandshakeAssertions() {}

  /** Starts assertions on {@code result}. */
  public static HandshakeAssert assertThatHandshake(HandshakeResult result) {
    return new HandshakeAssert(Objects.requireNonNull(result, "result"));
  }

  /**
   * Starts assertions on a {@link ServerAudit} of your server:
   * {@code assertThatServer(ServerAudit.of(ca).run(address)).refusesEveryDefect()}.
   */
  public static ServerAssert assertThatServer(AuditReport report) {
    return new ServerAssert(Objects.requireNonNull(report, "report"));
  }

  /**
   * Starts assertions on the certificate the server at {@code address} presents, such as
   * {@code assertThatServer(address).eventuallyPresents(renewed, Duration.ofSeconds(10))} after its files changed.
   */
  public static ServerCertificateAssert assertThatServer(InetSocketAddress address) {
    return new ServerCertificateAssert(Objects.requireNonNull(address, "address"), null, null);
  }

  /** Starts assertions on the certificate the server at {@code host}:{@code port} presents. */
  public static ServerCertificateAssert assertThatServer(String host, int port) {
    return assertThatServer(new InetSocketAddress(Objects.requireNonNull(host, "host"), port));
  }

  /** Assertions on an audit's findings; a failure message always ends with the audit's table. Immutable. */
  public static final class ServerAssert {
    private final AuditReport report;

    private ServerAssert(AuditReport report) {
      this.report = report;
    }

    /**
     * Asserts that the server refused every defective client certificate over every protocol audited. An
     * unconfirmed finding fails too: it is not a refusal.
     */
    public ServerAssert refusesEveryDefect() {
      return refusesEveryDefectExcept();
    }

    /**
     * Asserts that the server refused every defective client certificate but {@code accepted}, which it must
     * accept (over at least one protocol): a deliberate exception, visible in the test, that fails once the server
     * starts refusing it, so it cannot outlive its reason.
     */
    public ServerAssert refusesEveryDefectExcept(Defect... accepted) {
      Set<Defect> exceptions = accepted.length == 0 ? EnumSet.noneOf(Defect.class)
          : EnumSet.copyOf(Arrays.asList(accepted));
      Set<Defect> wrong = EnumSet.noneOf(Defect.class);
      wrong.addAll(report.acceptedDefects());
      wrong.removeAll(exceptions);
      List<String> problems = new ArrayList<>();
      if (!wrong.isEmpty()) {
        problems.add("it accepted " + describe(wrong));
      }
      Set<Defect> stale = EnumSet.noneOf(Defect.class);
      stale.addAll(exceptions);
      stale.removeAll(report.acceptedDefects());
      if (!stale.isEmpty()) {
        problems.add("it refused " + stale + ", listed as accepted: remove " + (stale.size() == 1 ? "it" : "them")
            + " from refusesEveryDefectExcept(...)");
      }
      List<Finding> unconfirmed = report.unconfirmed();
      if (!unconfirmed.isEmpty()) {
        problems.add(unconfirmed.size() + " finding" + (unconfirmed.size() == 1 ? " is" : "s are") + " unconfirmed ("
            + unconfirmed.stream().map(f -> f.defect() + " over " + f.protocol()).collect(Collectors.joining(", "))
            + "), and an unconfirmed finding is not a refusal");
      }
      if (!problems.isEmpty()) {
        String expected = exceptions.isEmpty() ? "every defect refused" : "every defect refused but " + exceptions;
        throw new AssertionFailedError("Expected the server to refuse every defective client certificate"
            + (exceptions.isEmpty() ? "" : " but " + exceptions) + ", but " + String.join("; ", problems) + ".\n\n"
            + report.table(), expected, "accepted " + report.acceptedDefects());
      }
      return this;
    }

    /** The report under assertion, for assertions of your own. */
    public AuditReport report() {
      return report;
    }

    private String describe(Set<Defect> defects) {
      return defects.stream().map(defect -> defect + " (" + report.wronglyAccepted().stream()
          .filter(f -> f.defect() == defect).map(Finding::protocol).collect(Collectors.joining(", ")) + ")")
          .collect(Collectors.joining(", "));
    }
  }

  /** Chained assertions on one handshake; each returns this, for chaining. Immutable. */
  public static final class HandshakeAssert {
    private final HandshakeResult result;

    private HandshakeAssert(HandshakeResult result) {
      this.result = result;
    }

    /**
     * Asserts that the server accepted the client, on evidence: it answered the probe's request after the
     * handshake, or, for the library's own servers, its record says so. An unconfirmed or timed-out probe fails.
     */
    public HandshakeAssert isAccepted() {
      if (!result.succeeded()) {
        throw fail("Expected the handshake to be accepted, but it was " + outcome() + ".", "accepted", outcome());
      }
      return this;
    }

    /**
     * Asserts that the server refused: with an alert, by ending the connection before answering, or with an HTTP
     * answer that refuses the certificate (nginx's 400, 495, 496), whatever the client saw on the wire.
     */
    public HandshakeAssert isRejectedByServer() {
      return isRejectedBy(Side.SERVER);
    }

    /** Asserts that the client refused the handshake, such as a server certificate it does not trust. */
    public HandshakeAssert isRejectedByClient() {
      return isRejectedBy(Side.CLIENT);
    }

    private HandshakeAssert isRejectedBy(Side side) {
      if (result.rejectedBy().orElse(null) != side) {
        String expected = "refused by the " + side.word();
        throw fail("Expected the handshake to be " + expected + ", but it was " + outcome() + ".", expected,
            outcome());
      }
      return this;
    }

    /**
     * Asserts the alert that crossed the wire. A JSSE server sends {@code certificate_unknown (46)} for every
     * client-certificate failure; prefer {@link #withReason(Reason)}.
     */
    public HandshakeAssert withAlert(TlsAlert alert) {
      Objects.requireNonNull(alert, "alert");
      TlsAlert actual = result.alert().orElse(null);
      if (actual != alert) {
        throw fail("Expected alert " + alert + ", but " + (actual == null ? "no alert was seen" : "it was " + actual)
            + "; the handshake was " + outcome() + ".", alert, actual);
      }
      return this;
    }

    /**
     * Asserts why the handshake was refused. The reason is known from the library's own servers (their record),
     * from the client's own check, and from alerts or answers that name it (OpenSSL's {@code certificate_expired},
     * nginx's "No required SSL certificate was sent"); against a server that did not say why (any JSSE server),
     * this fails and says so: assert {@link #isRejectedByServer()} there.
     */
    public HandshakeAssert withReason(Reason reason) {
      Objects.requireNonNull(reason, "reason");
      Reason actual = result.reason().orElse(null);
      if (actual == null && result.rejectedBy().orElse(null) == Side.SERVER) {
        throw fail("Expected reason " + reason + " (" + reason.description() + "), but the server's reason is"
            + " unknown: it is not one of the library's servers, and " + (result.alert().isPresent()
            ? "its alert " + result.alert().get() + " does not say why" : "it refused without saying why")
            + " (a JSSE server sends certificate_unknown for every refused certificate). Assert"
            + " isRejectedByServer() (and withAlert(...) for what crossed the wire), or read the server's log;"
            + " the handshake was " + outcome() + ".", reason, "unknown");
      }
      if (actual != reason) {
        throw fail("Expected reason " + reason + " (" + reason.description() + "), but "
            + (actual == null ? "there was none" : "it was " + actual + " (" + actual.description() + ")")
            + "; the handshake was " + outcome() + ".", reason, actual);
      }
      return this;
    }

    /**
     * Asserts the HTTP status of the server's answer to the probe's request, such as 400 for nginx refusing the
     * certificate after the handshake, or 200.
     */
    public HandshakeAssert withHttpStatus(int status) {
      Integer actual = result.httpStatus().orElse(null);
      if (actual == null || actual != status) {
        throw fail("Expected HTTP status " + status + ", but " + (actual == null ? "the server gave no HTTP answer"
            : "it was " + actual) + "; the handshake was " + outcome() + ".", status, actual);
      }
      return this;
    }

    /** Asserts the negotiated protocol, such as {@code TLSv1.3}. */
    public HandshakeAssert withProtocol(String protocol) {
      Objects.requireNonNull(protocol, "protocol");
      String actual = result.protocol().orElse(null);
      if (!protocol.equals(actual)) {
        throw fail("Expected protocol " + protocol + ", but " + (actual == null ? "none was negotiated"
            : "it was " + actual) + "; the handshake was " + outcome() + ".", protocol, actual);
      }
      return this;
    }

    /** The result under assertion, for assertions of your own. */
    public HandshakeResult result() {
      return result;
    }

    private String outcome() {
      return result.toString();
    }

    private AssertionFailedError fail(String message, Object expected, Object actual) {
      return new AssertionFailedError(message + "\n\n" + result.explain(), expected, actual);
    }
  }
}
