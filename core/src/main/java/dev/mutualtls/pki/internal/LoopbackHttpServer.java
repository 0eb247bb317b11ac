package dev.mutualtls.pki.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on loopback for the revocation endpoint: one request per connection, answered
 * with {@code Connection: close}. It exists because the JDK's {@code HttpServer} writes a response's headers
 * and body as two TCP segments without {@code TCP_NODELAY} (unless the JVM-wide
 * {@code sun.net.httpserver.nodelay} is set, which the library never does): the body then waits for the
 * client's delayed ACK, about 40 ms per CRL fetch. Here every response is one write on a socket without Nagle.
 * Thread-safe; after {@link #close()} it answers nothing (see {@link #close()}).
 */
public final class LoopbackHttpServer implements AutoCloseable {
  /** What a handler gets: the method, the raw path (percent-encoded as sent) and the request body. */
  public record Request(String method, String rawPath, byte[] body) {}

  /** What a handler returns; {@code contentType} is ignored when {@code body} is empty. */
  public record Response(int status, String contentType, byte[] body) {
    /** A response without a body. */
    public static Response status(int status) {
      return new Response(status, null, new byte[0]);
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws IOException;
  }

  /** Bounds a client that connects and never sends its request (not on any decisive path). */
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  /** A bound on waiting for the threads to see the close, which takes microseconds. */
  private static final int THREAD_EXIT_MILLIS = 5_000;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final ServerSocket listener;
  private final Thread acceptor;
  private final ExecutorService executor;
  private final Handler handler;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** Starts serving on a free loopback port at once. */
  public LoopbackHttpServer(String name, Handler handler) throws IOException {
    this.handler = handler;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int id = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, name + "-" + id + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.acceptor = new Thread(this::acceptLoop, name + "-" + id + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The address it listens on. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return;
      }
      open.add(socket);
      try {
        executor.execute(() -> serve(socket));
      } catch (RuntimeException rejected) {
        closeQuietly(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = socket.getInputStream();
      Response response;
      try {
        response = handler.handle(read(in));
      } catch (BadRequest e) {
        response = Response.status(400);
      }
      byte[] body = response.body();
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
          .append(reason(response.status())).append("\r\n");
      if (body.length > 0 && response.contentType() != null) {
        head.append("Content-Type: ").append(response.contentType()).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[headBytes.length + body.length];
      System.arraycopy(headBytes, 0, all, 0, headBytes.length);
      System.arraycopy(body, 0, all, headBytes.length, body.length);
      socket.getOutputStream().write(all);
      socket.getOutputStream().flush();
    } catch (SocketException closedOrReset) {
      // the client went away, or close() stopped the server
    } catch (IOException e) {
      // nothing to answer to
    } finally {
      open.remove(socket);
    }
  }

  private static Request read(InputStream in) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new BadRequest();
      }
      header.write(b);
      if (header.size() > MAX_HEADER_BYTES) {
        throw new BadRequest();
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = header.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      throw new BadRequest();
    }
    int length = 0;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("content-length")) {
          try {
            length = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new BadRequest();
          }
        } else if (name.equals("transfer-encoding")) {
          throw new BadRequest(); // no client of a revocation endpoint sends chunked requests
        }
      }
    }
    if (length < 0 || length > MAX_BODY_BYTES) {
      throw new BadRequest();
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new BadRequest();
    }
    String target = requestLine[1];
    if (target.startsWith("http://")) {
      int slash = target.indexOf('/', "http://".length());
      target = slash < 0 ? "/" : target.substring(slash);
    }
    int query = target.indexOf('?');
    return new Request(requestLine[0], query < 0 ? target : target.substring(0, query), body);
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      default:
        return "Error";
    }
  }

  /**
   * Stops listening, ends every open connection and waits for its threads: it answers nothing from now on. The
   * port refuses connections, except while a process another thread is starting still holds a copy of the
   * listening socket: the kernel then accepts connections on it until that process closes the copy (before it
   * runs its program), and resets them.
   */
  @Override
  public void close() {
    closeQuietly(listener);
    // The JDK closes a listening socket for good only when the accept blocked on it returns: until the
    // acceptor has seen the close, the port still accepts connections.
    try {
      acceptor.join(THREAD_EXIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(THREAD_EXIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  private static final class BadRequest extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
