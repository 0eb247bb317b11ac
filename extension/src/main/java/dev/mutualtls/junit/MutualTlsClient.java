package dev.mutualtls.junit;

import dev.mutualtls.handshake.Exchange;
import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.HttpClients;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A TLS client of the test's certificate authority: a named client ({@code CN=<name>,O=mutualtls}) or a
 * deliberately {@link Defective defective} one, trusting the CA's root. Injected by {@link MutualTls}; the same
 * object for every parameter of a class that selects the same client. Immutable apart from its lazily built
 * {@link #httpClient()}; thread-safe.
 *
 * <pre>{@code
 * @Test
 * void expired_certificates_are_refused(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
 *   assertThatHandshake(server.handshake(expired)).isRejectedByServer().withReason(Reason.EXPIRED);
 * }
 * }</pre>
 */
public final class MutualTlsClient {
  /**
   * The default of {@link #httpTimeout()}: 10 seconds; the configuration parameter {@code mutualtls.httpTimeout}
   * (an ISO-8601 duration such as {@code PT5S}) changes it for a run.
   */
  public static final Duration DEFAULT_HTTP_TIMEOUT = HttpClients.DEFAULT_TIMEOUT;
  /** The password of {@link #keyStore()} and of its key entry: {@code changeit}. */
  public static final String KEY_STORE_PASSWORD = "changeit";

  private final String name;
  private final Defect defect;
  private final Identity identity;
  private final CertificateAuthority ca;
  private final SSLContext sslContext;
  private final Consumer<HandshakeResult> probes;
  private final Duration httpTimeout;
  private final Object httpClientLock = new Object();
  private volatile HttpClient httpClient;

  MutualTlsClient(String name, Defect defect, Identity identity, CertificateAuthority ca, Duration httpTimeout,
      Consumer<HandshakeResult> probes) {
    this.name = name;
    this.defect = defect;
    this.identity = identity;
    this.ca = ca;
    this.sslContext = identity == null ? ca.sslContextWithoutCertificate() : identity.sslContext(ca);
    this.httpTimeout = httpTimeout;
    this.probes = probes;
  }

  /**
   * The client's name: the one given to {@link Client @Client}, {@code client} for the default client, or
   * {@code client-<defect>} (such as {@code client-expired}) for a defective one.
   */
  public String name() {
    return name;
  }

  /** The defect this client was made with, if it is a {@link Defective defective} one. */
  public Optional<Defect> defect() {
    return Optional.ofNullable(defect);
  }

  /** Whether this client presents a certificate: false only for {@link Defect#NO_CERTIFICATE}. */
  public boolean presentsCertificate() {
    return identity != null;
  }

  /**
   * The certificate, chain and key this client presents.
   *
   * @throws IllegalStateException for the {@link Defect#NO_CERTIFICATE} client, which presents none
   */
  public Identity identity() {
    if (identity == null) {
      throw new IllegalStateException("MutualTlsClient " + name + " (@Defective(NO_CERTIFICATE)) presents no"
          + " certificate, so it has no identity; check presentsCertificate() first, or use sslContext() or"
          + " keyStore(), which hold no certificate");
    }
    return identity;
  }

  /**
   * A TLS context (TLSv1.3 and TLSv1.2) that presents this client's certificate chain, whatever CAs the server
   * asks for, and trusts the CA's root, checking the server's host name.
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * A new PKCS#12 key store holding this client's key and chain under the alias {@code mutualtls}, protected by
   * {@link #KEY_STORE_PASSWORD}; empty for the {@link Defect#NO_CERTIFICATE} client.
   */
  public KeyStore keyStore() {
    return keyStore(KEY_STORE_PASSWORD.toCharArray());
  }

  /** Like {@link #keyStore()}, protected by {@code password}. */
  public KeyStore keyStore(char[] password) {
    Objects.requireNonNull(password, "password");
    if (identity != null) {
      return identity.keyStore(password);
    }
    try {
      KeyStore empty = KeyStore.getInstance("PKCS12");
      empty.load(null, password);
      return empty;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create an empty PKCS#12 key store", e);
    }
  }

  /** A new PKCS#12 trust store holding the CA's root certificate under the alias {@code mutualtls-root}. */
  public KeyStore trustStore() {
    return ca.trustStore();
  }

  /** The certificate authority this client trusts (and, unless defective, was issued by). */
  public CertificateAuthority certificateAuthority() {
    return ca;
  }

  /**
   * Probes any TLS server, such as your own server under test, as this client: connects to {@code host} and
   * {@code port}, checks the server's certificate against {@code host}, and sends one HTTP/1.1 request after the
   * handshake ({@code GET /}, user agent {@code mutualtls-probe}): only an answer proves the server accepted this
   * client's certificate (see {@link Handshake}). Never throws for a refused handshake: the result says who
   * refused, at which step, and why where anybody said.
   */
  public HandshakeResult handshake(String host, int port) {
    return handshake(host, port, Exchange.http());
  }

  /**
   * Like {@link #handshake(String, int)}, saying {@code exchange} after the handshake: {@link Exchange#http2()}
   * for a gRPC server, {@link Exchange#raw()} for a server that does not speak HTTP.
   */
  public HandshakeResult handshake(String host, int port, Exchange exchange) {
    Objects.requireNonNull(host, "host");
    HandshakeResult result = Handshake.to(new InetSocketAddress(host, port)).hostname(host).exchange(exchange)
        .probe(identity, ca);
    probes.accept(result);
    return result;
  }

  /**
   * How long {@link #httpClient()} may take to connect, TLS handshake included, and how long a request built
   * without a timeout of its own may take: {@link #DEFAULT_HTTP_TIMEOUT} unless the run configures
   * {@code mutualtls.httpTimeout}.
   */
  public Duration httpTimeout() {
    return httpTimeout;
  }

  /**
   * A {@code java.net.http.HttpClient} on {@link #sslContext()} from {@link HttpClients#create}, made on first
   * call and then shared by the class's tests, that can never hang on a refused certificate: its connect timeout,
   * which covers the TLS handshake, is {@link #httpTimeout()}, and a request built without a timeout gets that
   * timeout too. A refusal normally surfaces at once as an {@code SSLHandshakeException} (under TLS 1.2 sometimes
   * an {@code IOException} such as "Broken pipe"); the server's reason is in
   * {@link MutualTlsServer#handshake(MutualTlsClient)}. The extension closes it when the class is done: do not
   * close it yourself.
   */
  public HttpClient httpClient() {
    HttpClient client = httpClient;
    if (client == null) {
      synchronized (httpClientLock) {
        client = httpClient;
        if (client == null) {
          client = HttpClients.create(sslContext, httpTimeout);
          httpClient = client;
        }
      }
    }
    return client;
  }

  /** Closes the HTTP client where the JDK can (Java 21 and newer): its threads end with it. */
  void close() {
    HttpClient client = httpClient;
    if (client instanceof AutoCloseable) {
      try {
        ((AutoCloseable) client).close();
      } catch (Exception e) {
        // closing a client the class no longer needs; nothing to report
      }
    }
  }

  /** The name and subject, for diagnostics. */
  @Override
  public String toString() {
    return "MutualTlsClient{" + name + (identity == null ? ", no certificate"
        : ", " + identity.certificate().getSubjectX500Principal().getName()) + "}";
  }
}
