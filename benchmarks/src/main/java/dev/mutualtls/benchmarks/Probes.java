package dev.mutualtls.benchmarks;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.pki.Side;
import java.util.Optional;

/** Checks on probe outcomes, so that benchmarks measure only correct work. */
final class Probes {
  private Probes() {}

  static HandshakeResult requireAccepted(HandshakeResult result, String protocol) {
    if (!result.succeeded() || !result.protocol().equals(Optional.of(protocol))) {
      throw new IllegalStateException("expected an accepted " + protocol + " handshake:\n" + result.explain());
    }
    return result;
  }

  static HandshakeResult requireRefused(HandshakeResult result, Reason reason) {
    if (result.succeeded() || !result.rejectedBy().equals(Optional.of(Side.SERVER))
        || !result.reason().equals(Optional.of(reason))) {
      throw new IllegalStateException("expected the server to refuse with " + reason + ":\n" + result.explain());
    }
    return result;
  }
}
