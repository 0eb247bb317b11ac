package dev.mutualtls.handshake;

import dev.mutualtls.handshake.HandshakeResult.Step;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Side;
import java.util.Objects;

/**
 * What a server did with one defective client certificate over one protocol, in a {@link ServerAudit}: the probe's
 * whole {@link #result()}, and its {@link #verdict()}. Two findings are equal when their defect, protocol and verdict
 * are: the words of a refusal (an alert, or a reset that overtook it) may vary from run to run, the verdict may not.
 * Immutable.
 */
public final class Finding {
  /** What the server did with the certificate, as far as the probe could establish. */
  public enum Verdict {
    /** Refused, in the handshake or in its answer after it. */
    REFUSED,
    /** Accepted: the server answered the client that presented it. */
    ACCEPTED,
    /** Neither could be established: unconfirmed, timed out, or no connection. Never counted as a refusal. */
    UNCONFIRMED
  }

  private final Defect defect;
  private final String protocol;
  private final HandshakeResult result;

  Finding(Defect defect, String protocol, HandshakeResult result) {
    this.defect = defect;
    this.protocol = protocol;
    this.result = result;
  }

  /** The defect of the client certificate presented. */
  public Defect defect() {
    return defect;
  }

  /** The protocol the client offered, alone: {@code TLSv1.2} or {@code TLSv1.3}. */
  public String protocol() {
    return protocol;
  }

  /** The probe's result, with its {@link HandshakeResult#explain() explanation}. */
  public HandshakeResult result() {
    return result;
  }

  /** Refused, accepted, or unconfirmed. */
  public Verdict verdict() {
    switch (result.outcome()) {
      case ACCEPTED:
        return Verdict.ACCEPTED;
      case REFUSED:
        return result.rejectedBy().orElse(null) == Side.SERVER ? Verdict.REFUSED : Verdict.UNCONFIRMED;
      default:
        return Verdict.UNCONFIRMED;
    }
  }

  /** Whether the server accepted this defective certificate: a finding to fix, unless deliberate. */
  public boolean accepted() {
    return verdict() == Verdict.ACCEPTED;
  }

  /** What happened, in a few words: "refused in the handshake with alert certificate_unknown (46)", "ACCEPTED"... */
  public String what() {
    switch (result.outcome()) {
      case ACCEPTED:
        return "ACCEPTED" + result.httpStatus().map(status -> " (HTTP " + status + ")")
            .orElse(result.answer().map(answer -> " (" + answer + ")").orElse(""));
      case REFUSED:
        if (result.rejectedBy().orElse(null) != Side.SERVER) {
          return "not judged: the client refused the server first (" + result.detail() + ")";
        }
        boolean after = result.stoppedAt() == Step.APPLICATION_DATA;
        String where = after ? "refused after the handshake" : "refused in the handshake";
        if (result.httpStatus().isPresent()) {
          return where + " with HTTP " + result.httpStatus().get()
              + (result.bodyLine == null ? "" : " \"" + result.bodyLine + "\"");
        }
        return where + result.alert().map(alert -> " with alert " + alert)
            .orElse(", the connection ended before any alert was read");
      case UNCONFIRMED:
        return "unconfirmed: no answer and no alert after the handshake";
      case TIMED_OUT:
        return "no answer within the timeout";
      default:
        return "no connection";
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Finding)) {
      return false;
    }
    Finding that = (Finding) other;
    return defect == that.defect && protocol.equals(that.protocol) && verdict() == that.verdict();
  }

  @Override
  public int hashCode() {
    return Objects.hash(defect, protocol, verdict());
  }

  /** {@code CA_AS_LEAF over TLSv1.3: ACCEPTED (HTTP 200)}. */
  @Override
  public String toString() {
    return defect + " over " + protocol + ": " + what();
  }
}
