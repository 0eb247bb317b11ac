package dev.mutualtls.recipes.servers;

import java.net.InetSocketAddress;

/**
 * A running server of a product users ship, configured from a mutualtls CA, listening on loopback. Every accepted
 * HTTP request is answered {@code 200} with a body naming the client's certificate subject. Closing it stops it and
 * releases what it started (threads, processes, files); closing twice does nothing.
 */
public interface RecipeServer extends AutoCloseable {
  /** Where it listens: a loopback address and the port it was given. */
  InetSocketAddress address();

  /** The product and its version, such as {@code nginx 1.22.1}. */
  String name();

  /**
   * What the server printed or logged so far (a child process's output and log files), for failure messages: the
   * server's own reason for a refusal. Empty for a server in this JVM, whose reasons the test's output shows.
   */
  default String log() {
    return "";
  }

  @Override
  void close();
}
