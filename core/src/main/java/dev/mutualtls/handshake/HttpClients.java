package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.BoundedHttpClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * {@link HttpClient}s that cannot hang on a refused client certificate, or on a server gone silent.
 *
 * <p>Under TLS 1.3, when the server refuses the client's certificate, {@code java.net.http.HttpClient} (JDK 17 to
 * 25) often never reports the alert: {@code send()} waits until a timeout and then throws
 * {@code HttpConnectTimeoutException: HTTP connect timed out}; with no timeout it waits forever. The clients made
 * here carry a connect timeout, which bounds that wait because the handshake is part of connecting, and give every
 * request built without a timeout the same one, which bounds a server that goes silent after the handshake: both
 * {@link #DEFAULT_TIMEOUT} unless told otherwise. To learn <em>why</em> a certificate was refused, probe with
 * {@link Handshake}. The clients are the JDK's in every other way (HTTP/2 where the server offers it over ALPN,
 * else HTTP/1.1); closing one closes the JDK's client underneath on Java 21 and newer.
 */
public final class HttpClients {
  /** The connect timeout (TCP connect plus TLS handshake) and the default request timeout: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private HttpClients() {}

  /** A client on {@code context} with the {@link #DEFAULT_TIMEOUT}. */
  public static HttpClient create(SSLContext context) {
    return create(context, DEFAULT_TIMEOUT);
  }

  /**
   * A client on {@code context} whose connection attempts (handshake included) end after {@code timeout}, and whose
   * requests without a timeout of their own get {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static HttpClient create(SSLContext context, Duration timeout) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("HttpClients timeout must be positive, was " + timeout);
    }
    return BoundedHttpClient.wrap(HttpClient.newBuilder().sslContext(context).connectTimeout(timeout).build(),
        timeout);
  }
}
