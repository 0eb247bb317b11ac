package dev.mutualtls.junit;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.Side;
import dev.mutualtls.handshake.TlsAlert;
import java.util.Objects;
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
 * <p>Assert the {@link Reason}, not the alert, for client-certificate failures: a JSSE server sends
 * {@code certificate_unknown} whatever the reason, and the reason is what the server recorded. Stateless.
 */
public final class HandshakeAssertions {
  private HandshakeAssertions() {}

  /** Starts assertions on {@code result}. */
  public static HandshakeAssert assertThatHandshake(HandshakeResult result) {
    return new HandshakeAssert(Objects.requireNonNull(result, "result"));
  }

  /** Chained assertions on one handshake; each returns this, for chaining. Immutable. */
  public static final class HandshakeAssert {
    private final HandshakeResult result;

    private HandshakeAssert(HandshakeResult result) {
      this.result = result;
    }

    /** Asserts that both sides completed the handshake and the server accepted the client. */
    public HandshakeAssert isAccepted() {
      if (!result.succeeded()) {
        throw fail("Expected the handshake to be accepted, but it was " + outcome() + ".", "accepted", outcome());
      }
      return this;
    }

    /** Asserts that the server refused the handshake (whatever the client saw on the wire). */
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

    /** Asserts why the handshake was refused, as the refusing side recorded it. */
    public HandshakeAssert withReason(Reason reason) {
      Objects.requireNonNull(reason, "reason");
      Reason actual = result.category().orElse(null);
      if (actual != reason) {
        throw fail("Expected reason " + reason + " (" + reason.description() + "), but "
            + (actual == null ? "there was none" : "it was " + actual + " (" + actual.description() + ")")
            + "; the handshake was " + outcome() + ".", reason, actual);
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
