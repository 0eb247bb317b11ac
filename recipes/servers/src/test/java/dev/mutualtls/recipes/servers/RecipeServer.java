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

  @Override
  void close();
}
