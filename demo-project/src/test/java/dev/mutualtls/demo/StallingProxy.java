package dev.mutualtls.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that accepts its first {@code stalled} connections and never answers them (so the
 * client's TLS handshake, and with it {@code HttpClient}'s connect, times out), then forwards later
 * connections byte for byte to {@code target}. It reproduces, on any JDK, what {@code HttpClient} on JDK
 * 17.0.21 and 25.0.3 does when a TLS 1.3 server refuses its certificate: report a connect timeout.
 * Thread-safe; close it to stop.
 */
final class StallingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final AtomicInteger stalled;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private StallingProxy(InetSocketAddress target, int stalled) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    this.stalled = new AtomicInteger(stalled);
    daemon(this::acceptLoop, "stalling-proxy-accept");
  }

  /** A proxy to {@code target} that stalls the first {@code stalled} connections (all: {@code Integer.MAX_VALUE}). */
  static StallingProxy to(InetSocketAddress target, int stalled) throws IOException {
    return new StallingProxy(target, stalled);
  }

  /** The loopback port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        open.add(client);
        if (stalled.getAndDecrement() <= 0) {
          Socket server = new Socket(target.getAddress(), target.getPort());
          open.add(server);
          AtomicInteger directions = new AtomicInteger(2);
          daemon(() -> pump(client, server, directions), "stalling-proxy-up");
          daemon(() -> pump(server, client, directions), "stalling-proxy-down");
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  /**
   * Copies until {@code from} ends, then half-closes {@code to}; the sockets close when both directions have
   * ended. Closing both at once would reset a peer whose last bytes (a TLS alert, a close_notify) are in flight,
   * a race no real server that drains its connections has.
   */
  private static void pump(Socket from, Socket to, AtomicInteger directions) {
    try {
      // Not try-with-resources: closing a socket's stream closes the socket, and the other direction may go on.
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // this direction is over
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException ignored) {
        // already closed
      }
      if (directions.decrementAndGet() == 0) {
        closeQuietly(from);
        closeQuietly(to);
      }
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(StallingProxy::closeQuietly);
  }
}
