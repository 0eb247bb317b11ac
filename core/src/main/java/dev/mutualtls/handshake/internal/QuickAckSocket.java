package dev.mutualtls.handshake.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;

/**
 * The probe's TCP socket: no Nagle on its own writes, and an immediate ACK for every segment it reads.
 *
 * <p>A server that leaves Nagle's algorithm on (the JDK's {@code HttpsServer} does unless
 * {@code sun.net.httpserver.nodelay} is set) holds its second small TLS record until the first is acknowledged, and
 * Linux delays that ACK by up to 40 ms: measured, an accepted TLS 1.3 probe of such a server took 50 to 90 ms, and
 * 10 to 15 ms with this socket. Linux leaves quick-ACK mode on its own, so the option is set again before each read.
 * Where the option does not exist (not Linux) this is a plain socket. Nothing the peer sees changes but the timing
 * of ACKs.
 */
public final class QuickAckSocket extends Socket {
  private final boolean quickAck = supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
  private InputStream input;

  /** An unconnected socket with {@code TCP_NODELAY} set. */
  public QuickAckSocket() throws IOException {
    setTcpNoDelay(true);
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (!quickAck) {
      return super.getInputStream();
    }
    if (input == null) {
      input = new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          acknowledgeAtOnce();
          return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          acknowledgeAtOnce();
          return super.read(buffer, offset, length);
        }
      };
    }
    return input;
  }

  private void acknowledgeAtOnce() {
    try {
      setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
    } catch (IOException | UnsupportedOperationException e) {
      // the socket is closed or the option went away: the read that follows says what matters
    }
  }
}
