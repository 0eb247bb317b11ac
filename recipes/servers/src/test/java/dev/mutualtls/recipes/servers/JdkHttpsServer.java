package dev.mutualtls.recipes.servers;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's own HTTPS server, {@code com.sun.net.httpserver.HttpsServer}, configured as its users configure it: an
 * {@code SSLContext} from a PKCS#12 key store through the default {@link KeyManagerFactory}, client certificates
 * judged by the default {@link TrustManagerFactory} (PKIX) over a trust store holding the CA's root, and an
 * {@link HttpsConfigurator} whose {@link SSLParameters} demand a client certificate
 * ({@link SSLParameters#setNeedClientAuth}) and enable the given protocols.
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: exactly that;
 *   <li>{@link Mode#ACCEPT_ANY}: {@link SSLParameters#setWantClientAuth} and {@link TrustAnything};
 *   <li>{@link Mode#HARDENED}: {@code needClientAuth} and {@link StrictClientTrust} over the same trust store.
 * </ul>
 *
 * <p>Four worker threads, so that a slow handshake does not hold the others up. Listens on 127.0.0.1, port 0.
 */
public final class JdkHttpsServer implements RecipeServer {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdkHttpsServer(HttpsServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /** Starts a server presenting {@code identity}, trusting {@code trusted}'s root, with {@code protocols} enabled. */
  public static JdkHttpsServer start(Identity identity, CertificateAuthority trusted, Mode mode, String... protocols) {
    SSLContext context = sslContext(identity, trusted, mode);
    ExecutorService workers = Executors.newFixedThreadPool(4);
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
          parameters.setProtocols(protocols);
          if (mode == Mode.ACCEPT_ANY) {
            parameters.setWantClientAuth(true);
          } else {
            parameters.setNeedClientAuth(true);
          }
          params.setSSLParameters(parameters);
        }
      });
      server.createContext("/", exchange -> {
        Certificate[] peer;
        try {
          peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
          peer = null; // ACCEPT_ANY: the client presented none
        }
        byte[] body = Hello.body(peer);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.setExecutor(workers);
      server.start();
      return new JdkHttpsServer(server, workers);
    } catch (IOException | RuntimeException e) {
      workers.shutdownNow();
      throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
    }
  }

  private static SSLContext sslContext(Identity identity, CertificateAuthority trusted, Mode mode) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(identity.keyStore(PASSWORD), PASSWORD);
      TrustManager[] trust;
      switch (mode) {
        case REQUIRE: {
          TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          factory.init(trusted.trustStore());
          trust = factory.getTrustManagers();
          break;
        }
        case ACCEPT_ANY:
          trust = new TrustManager[] {new TrustAnything()};
          break;
        case HARDENED:
          trust = new TrustManager[] {StrictClientTrust.trusting(trusted.trustStore())};
          break;
        default:
          throw new AssertionError(mode);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the HttpsServer's SSLContext", e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public String name() {
    return "JDK " + System.getProperty("java.version") + " HttpsServer";
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
