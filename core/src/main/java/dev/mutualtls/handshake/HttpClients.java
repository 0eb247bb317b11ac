package dev.mutualtls.handshake;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * {@link HttpClient}s that cannot hang on a refused client certificate.
 *
 * <p>Under TLS 1.3, when the server refuses the client's certificate, {@code java.net.http.HttpClient}
 * (JDK 17 to 25) never reports the alert: {@code send()} waits until a timeout and then throws
 * {@code HttpConnectTimeoutException: HTTP connect timed out}; with no timeout it waits forever. The
 * clients made here carry a connect timeout ({@link #DEFAULT_CONNECT_TIMEOUT} unless told otherwise),
 * which bounds that wait because the handshake is part of connecting. To learn <em>why</em> the
 * certificate was refused, probe with {@link Handshake} (or assert on the server's verdict) instead.
 */
public final class HttpClients {
  /** The connect timeout (TCP connect plus TLS handshake) of the clients made here. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private HttpClients() {}

  /** An HTTP/1.1 client on {@code context} with the {@link #DEFAULT_CONNECT_TIMEOUT}. */
  public static HttpClient create(SSLContext context) {
    return create(context, DEFAULT_CONNECT_TIMEOUT);
  }

  /** An HTTP/1.1 client on {@code context} whose connection attempts (handshake included) end after {@code connectTimeout}. */
  public static HttpClient create(SSLContext context, Duration connectTimeout) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    SSLParameters parameters = context.getDefaultSSLParameters();
    return HttpClient.newBuilder()
        .sslContext(context)
        .sslParameters(parameters)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }
}
