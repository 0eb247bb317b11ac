package dev.mutualtls.handshake;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A server that can say what it saw of a connection. The library's servers implement it so that
 * {@link Handshake} can merge the server's reason into its {@link HandshakeResult}.
 */
public interface ServerView {
  /**
   * The server's verdict on the connection from {@code clientPort} reached at or after {@code since},
   * waiting up to {@code timeout} for it (the server may record it a moment after the client saw the
   * outcome).
   */
  Optional<ServerVerdict> awaitVerdict(int clientPort, Instant since, Duration timeout);
}
