package dev.mutualtls.pki;

/**
 * One end of a TLS connection: the client, which opens it, or the server; also whose certificate a {@link Defect}
 * breaks.
 */
public enum Side {
  /** The end that opened the connection and sent ClientHello. */
  CLIENT,
  /** The end that accepted the connection. */
  SERVER;

  /** The other end. */
  public Side peer() {
    return this == CLIENT ? SERVER : CLIENT;
  }

  /** "client" or "server", for sentences. */
  public String word() {
    return this == CLIENT ? "client" : "server";
  }
}
