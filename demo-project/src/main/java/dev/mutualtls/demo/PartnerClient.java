package dev.mutualtls.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The client of our payments partner's HTTPS API, which authenticates us by our client certificate
 * (mutual TLS). Production code: the JDK's {@code HttpClient}, credentials from an {@link SSLContext} or
 * from PEM or PKCS#12 files, bounded timeouts, and a {@link PartnerException} subclass for each way a
 * call can fail.
 *
 * <pre>{@code
 * PartnerClient partner = PartnerClient.builder(URI.create("https://partner.example"))
 *     .pemCredentials(Path.of("client.pem"), Path.of("client-key.pem"), Path.of("partner-ca.pem"))
 *     .build();
 * PaymentConfirmation confirmation = partner.submit(new PaymentOrder("ord-1", "DE02100100109307118603", 1250, "EUR"));
 * }</pre>
 *
 * <p>When the partner refuses our certificate, {@link #submit} throws
 * {@link PartnerRejectedCertificateException}. Under TLS 1.3, {@code HttpClient} does not report that
 * refusal: it waits for the connect timeout and throws {@code HttpConnectTimeoutException}. The client
 * then makes one diagnostic handshake (see {@link PartnerRejectedCertificateException}); a refusal
 * therefore costs the connect timeout, which is why it is short by default. Thread-safe: one instance
 * serves the whole application.
 */
public final class PartnerClient {
  /** How long connecting may take, TLS handshake included, unless the builder says otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** How long a whole request may take unless the builder says otherwise. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern FIELD = Pattern.compile("\"(paymentId|status)\"\\s*:\\s*\"([^\"\\\\]*)\"");

  private final URI baseUri;
  private final SSLContext sslContext;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final HttpClient http;

  private PartnerClient(Builder builder) {
    this.baseUri = builder.baseUri;
    this.sslContext = Objects.requireNonNull(builder.sslContext,
        "PartnerClient needs credentials: call sslContext(...), pemCredentials(...) or pkcs12Credentials(...)");
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.http = HttpClient.newBuilder()
        .sslContext(sslContext)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A builder for a client of the partner API at {@code baseUri}, such as {@code https://partner.example}. */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /**
   * Submits {@code order}: {@code POST /v1/payments}.
   *
   * @throws PartnerRejectedCertificateException if the partner refuses our client certificate
   * @throws UntrustedPartnerException if we refuse the partner's server certificate
   * @throws PartnerUnavailableException if the partner cannot be reached or does not answer in time
   * @throws PartnerResponseException if the partner answers with an error status
   * @throws PartnerException if the TLS handshake fails for another reason
   */
  public PaymentConfirmation submit(PaymentOrder order) throws PartnerException {
    Objects.requireNonNull(order, "order");
    String json = "{\"reference\":\"" + escape(order.reference()) + "\",\"account\":\"" + escape(order.account())
        + "\",\"amountMinor\":" + order.amountMinor() + ",\"currency\":\"" + order.currency() + "\"}";
    HttpRequest request = request("/v1/payments")
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", order.reference())
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return confirmation(send(request));
  }

  /**
   * The current state of a payment: {@code GET /v1/payments/{paymentId}}.
   *
   * @throws PartnerException as {@link #submit} does
   */
  public PaymentConfirmation status(String paymentId) throws PartnerException {
    Objects.requireNonNull(paymentId, "paymentId");
    if (!paymentId.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("paymentId must be letters, digits, '_' or '-', was \"" + paymentId + "\"");
    }
    return confirmation(send(request("/v1/payments/" + paymentId).GET().build()));
  }

  /** The partner's base URI. */
  public URI baseUri() {
    return baseUri;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(baseUri.resolve(path))
        .timeout(requestTimeout)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest request) throws PartnerException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw failure(request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PartnerUnavailableException("interrupted while calling the partner at " + request.uri(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new PartnerResponseException("the partner answered " + request.method() + " " + request.uri().getPath()
          + " with HTTP " + response.statusCode() + ": " + response.body(), response.statusCode(), response.body());
    }
    return response;
  }

  /** Turns what {@code HttpClient} threw into the domain's exception, asking the partner again if need be. */
  private PartnerException failure(URI uri, IOException e) {
    Optional<String> alert = HandshakeDiagnosis.receivedAlert(e);
    if (alert.isPresent()) {
      return alertFailure(uri, alert.get(), PartnerRejectedCertificateException.Evidence.ALERT_FROM_PARTNER, e);
    }
    if (HandshakeDiagnosis.refusedByUs(e)) {
      return untrusted(uri, e);
    }
    // Anything else does not say why: under TLS 1.3 HttpClient reports a refused certificate as a connect or
    // request timeout, a reset, or an IOException without a message. Ask again with a plain SSLSocket.
    HandshakeDiagnosis.Outcome outcome = HandshakeDiagnosis.run(sslContext, uri.getHost(), port(uri),
        connectTimeout);
    switch (outcome.kind()) {
      case REFUSED_BY_PARTNER:
        PartnerException refused = alertFailure(uri, outcome.alert().orElseThrow(),
            PartnerRejectedCertificateException.Evidence.DIAGNOSTIC_HANDSHAKE, e);
        refused.addSuppressed(outcome.failure());
        return refused;
      case REFUSED_BY_US:
        return untrusted(uri, outcome.failure());
      case DROPPED_IN_HANDSHAKE:
        PartnerException dropped = new PartnerRejectedCertificateException("the partner at " + uri.getHost() + ":"
            + port(uri) + " dropped the TLS handshake without an alert we could read, on every try: it refused our"
            + " client certificate; check that it is valid, issued by a CA the partner trusts, and registered with"
            + " the partner", null, PartnerRejectedCertificateException.Evidence.DROPPED_IN_HANDSHAKE, e);
        if (outcome.failure() != null) {
          dropped.addSuppressed(outcome.failure());
        }
        return dropped;
      default:
        String what = e instanceof HttpConnectTimeoutException
            ? "did not complete a connection within " + connectTimeout
            : e instanceof HttpTimeoutException ? "did not answer " + uri.getPath() + " within " + requestTimeout
            : "cannot be reached";
        return new PartnerUnavailableException("the partner at " + uri.getHost() + ":" + port(uri) + " " + what
            + " (" + e + "); a diagnostic handshake found: " + outcome.detail(), e);
    }
  }

  private static PartnerException alertFailure(URI uri, String alert,
      PartnerRejectedCertificateException.Evidence evidence, Throwable cause) {
    if (HandshakeDiagnosis.refusesCredentials(alert)) {
      return new PartnerRejectedCertificateException("the partner at " + uri.getHost() + ":" + port(uri)
          + " refused our client certificate (TLS alert " + alert + (evidence
          == PartnerRejectedCertificateException.Evidence.DIAGNOSTIC_HANDSHAKE
          ? ", read by a diagnostic handshake after HttpClient timed out" : "")
          + "); check that it is valid, issued by a CA the partner trusts, and registered with the partner",
          alert, evidence, cause);
    }
    return new PartnerException("the TLS handshake with the partner at " + uri.getHost() + ":" + port(uri)
        + " failed with alert " + alert, cause);
  }

  private static UntrustedPartnerException untrusted(URI uri, Throwable cause) {
    return new UntrustedPartnerException("we refused the server certificate of " + uri.getHost() + ":" + port(uri)
        + " (" + cause.getMessage() + "); nothing was sent", cause);
  }

  private static PaymentConfirmation confirmation(HttpResponse<String> response) throws PartnerResponseException {
    String paymentId = null;
    String status = null;
    Matcher matcher = FIELD.matcher(response.body());
    while (matcher.find()) {
      if (matcher.group(1).equals("paymentId")) {
        paymentId = matcher.group(2);
      } else {
        status = matcher.group(2);
      }
    }
    if (paymentId == null || status == null) {
      throw new PartnerResponseException("the partner's answer has no paymentId or status: " + response.body(),
          response.statusCode(), response.body());
    }
    return new PaymentConfirmation(paymentId, status);
  }

  private static int port(URI uri) {
    return uri.getPort() == -1 ? 443 : uri.getPort();
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Configures a {@link PartnerClient}. Not thread-safe; {@link #build()} may be called more than once. */
  public static final class Builder {
    private final URI baseUri;
    private SSLContext sslContext;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(URI baseUri) {
      this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
      if (!"https".equals(baseUri.getScheme()) || baseUri.getHost() == null) {
        throw new IllegalArgumentException("baseUri must be an https URI with a host, was " + baseUri);
      }
    }

    /** Our client certificate and the partner's CA, as a ready context. Required unless a file method is used. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Our certificate chain and PKCS#8 key, and the partner's CA certificates, all PEM files.
     *
     * @throws IOException if a file cannot be read or used
     */
    public Builder pemCredentials(Path certificateChain, Path privateKey, Path partnerCa) throws IOException {
      return sslContext(TlsCredentials.fromPem(certificateChain, privateKey, partnerCa));
    }

    /**
     * Our key store and the trust store holding the partner's CA, both PKCS#12.
     *
     * @throws IOException if a store cannot be read or opened
     */
    public Builder pkcs12Credentials(Path keyStore, char[] password, Path trustStore, char[] trustStorePassword)
        throws IOException {
      return sslContext(TlsCredentials.fromPkcs12(keyStore, password, trustStore, trustStorePassword));
    }

    /**
     * How long connecting may take, TCP and TLS handshake together. If unset: {@link #DEFAULT_CONNECT_TIMEOUT}.
     * Under TLS 1.3 a refused certificate is only noticed after it.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long a whole request may take. If unset: {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** The client. */
    public PartnerClient build() {
      return new PartnerClient(this);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + duration);
      }
      return duration;
    }
  }
}
