package dev.mutualtls.recipes.jetty;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.servers.Hello;
import dev.mutualtls.recipes.servers.Mode;
import dev.mutualtls.recipes.servers.RecipeServer;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12 embedded (the core {@link Handler} API, no servlets), with an HTTPS {@link ServerConnector} configured as
 * Jetty's users configure one: an {@link SslContextFactory.Server} with the server's PKCS#12 key store, a trust store
 * holding the CA's root, {@code setNeedClientAuth(true)} and the given protocols ({@code setIncludeProtocols}); a
 * {@link SecureRequestCustomizer} puts the client's certificates on the request. Jetty then judges client
 * certificates with the JDK's default PKIX trust manager.
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: exactly that;
 *   <li>{@link Mode#ACCEPT_ANY}: {@code setWantClientAuth(true)} on an {@link AcceptAnySslContextFactory}, whose trust
 *       manager is Jetty's own {@link SslContextFactory#TRUST_ALL_CERTS}. Not {@code setTrustAll(true)}, which is what
 *       a Jetty user would write: on a factory with a key store Jetty ignores it, uses the key store as the trust
 *       store, and so refuses every client certificate (even a good one) while letting clients without one through
 *       ({@code JettyServerTest} pins that);
 *   <li>{@link Mode#HARDENED}: {@code setNeedClientAuth(true)} on a {@link StrictSslContextFactory}, whose trust
 *       manager is {@link StrictClientTrust} over the same trust store.
 * </ul>
 *
 * <p>Listens on 127.0.0.1, port 0.
 */
public final class JettyServer implements RecipeServer {
  private static final String PASSWORD = "changeit";

  private final Server server;
  private final ServerConnector connector;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JettyServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts a Jetty presenting {@code identity}, trusting {@code trusted}'s root, with {@code protocols} enabled. */
  public static JettyServer start(Identity identity, CertificateAuthority trusted, Mode mode, String... protocols) {
    SslContextFactory.Server ssl;
    switch (mode) {
      case REQUIRE:
        ssl = new SslContextFactory.Server();
        break;
      case ACCEPT_ANY:
        ssl = new AcceptAnySslContextFactory();
        break;
      case HARDENED:
        ssl = new StrictSslContextFactory();
        break;
      default:
        throw new AssertionError(mode);
    }
    configure(ssl, identity, protocols);
    if (mode == Mode.ACCEPT_ANY) {
      ssl.setWantClientAuth(true);
    } else {
      ssl.setTrustStore(trusted.trustStore());
      ssl.setNeedClientAuth(true);
    }
    return start(ssl);
  }

  /** Gives {@code ssl} the server's key store and the protocols. */
  static void configure(SslContextFactory.Server ssl, Identity identity, String... protocols) {
    ssl.setKeyStore(identity.keyStore(PASSWORD.toCharArray()));
    ssl.setKeyStorePassword(PASSWORD);
    ssl.setIncludeProtocols(protocols);
  }

  /** Starts a Jetty whose HTTPS connector uses {@code ssl} as it is configured. */
  static JettyServer start(SslContextFactory.Server ssl) {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.addCustomizer(new SecureRequestCustomizer());
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new HelloHandler());
    JettyServer jetty = new JettyServer(server, connector);
    try {
      server.start();
      return jetty;
    } catch (Exception e) {
      jetty.close();
      throw new IllegalStateException("cannot start Jetty", e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", connector.getLocalPort());
  }

  @Override
  public String name() {
    return "Jetty " + Jetty.VERSION;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop Jetty", e);
    }
  }

  /** Answers every request with the subject of the client's certificate, from the TLS session data. */
  private static final class HelloHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      EndPoint.SslSessionData tls = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
      X509Certificate[] peer = tls == null ? null : tls.peerCertificates();
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
      response.write(true, ByteBuffer.wrap(Hello.body(peer)), callback);
      return true;
    }
  }

  /** Jetty's server-side {@link SslContextFactory} trusting every client certificate. Never ship it. */
  public static final class AcceptAnySslContextFactory extends SslContextFactory.Server {
    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
      return TRUST_ALL_CERTS.clone();
    }
  }

  /**
   * Jetty's server-side {@link SslContextFactory} with client certificates judged by {@link StrictClientTrust} over the
   * configured trust store (and, should CRLs be configured, without them: StrictClientTrust asks OCSP). Everything
   * else is configured as usual. Jetty's own switches are no substitute: {@code setValidatePeerCerts(true)} with
   * {@code setEnableOCSP(true)} or {@code setEnableCRLDP(true)} set the JVM-wide security property
   * {@code ocsp.enable} and system property {@code com.sun.security.enableCRLDP} for every TLS stack in the JVM, and
   * still accept a CA certificate as a client's leaf, an RSA-1024 key and a SHA-1 signature.
   */
  public static final class StrictSslContextFactory extends SslContextFactory.Server {
    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
      return new TrustManager[] {StrictClientTrust.trusting(trustStore)};
    }
  }
}
