package dev.mutualtls.junit.internal;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.HttpsSettings;
import com.github.tomakehurst.wiremock.common.JettySettings;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import com.github.tomakehurst.wiremock.jetty11.Jetty11Utils;
import dev.mutualtls.handshake.ServerVerdicts;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds a WireMock server whose only connector is HTTPS on a free loopback port, presenting the given
 * {@link SSLContext} (its trust manager judges client certificates), requiring a client certificate, recording
 * every handshake's verdict and exposing the client's identity to stubs as request headers.
 *
 * <p>WireMock only takes key store paths; this plugs in at the Jetty level instead, through WireMock's public
 * {@link Jetty11HttpServer#createHttpsConnector} hook, so no key material ever touches the disk. Nothing here
 * changes JVM-wide state: strict HTTP header mode, which WireMock would switch on with a system property, stays
 * off.
 */
public final class MutualTlsWireMock implements HttpServerFactory {
  private static final int MAX_THREADS = 24;
  private static final int MIN_THREADS = 2;
  private static final int IDLE_TIMEOUT_MILLIS = 10_000;
  /** A bound on waiting for the pool's threads to end once it has stopped them; they end in microseconds. */
  private static final long THREAD_EXIT_MILLIS = 5_000;

  private final String[] protocols;
  private final ServerVerdicts verdicts;
  private final SslContextFactory.Server tls = new SslContextFactory.Server();
  private final WireMockServer server;
  /** Set by WireMock's constructor, through {@link Server#createHttpsConnector}. */
  private ServerConnector connector;

  private MutualTlsWireMock(List<String> protocols, String bindAddress, ServerVerdicts verdicts, String threadName) {
    this.protocols = protocols.toArray(new String[0]);
    this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
    this.server = new WireMockServer(configuration(bindAddress, threadName, this));
  }

  /**
   * A WireMock server, built but not started, for the given protocols, to listen on a free port of
   * {@code bindAddress} (a loopback address), recording verdicts into {@code verdicts}. Its Jetty threads are
   * daemons named {@code threadName-N}. Building it loads most of WireMock and Jetty, which is why it needs no key
   * material yet: {@link #start(SSLContext)} takes that.
   */
  public static MutualTlsWireMock build(List<String> protocols, String bindAddress, ServerVerdicts verdicts,
      String threadName) {
    return new MutualTlsWireMock(protocols, bindAddress, verdicts, threadName);
  }

  /** Starts the server presenting {@code context}, whose trust manager judges client certificates. */
  public WireMockServer start(SSLContext context) {
    tls.setSslContext(Objects.requireNonNull(context, "context"));
    server.start();
    return server;
  }

  /** The WireMock server, started or not. */
  public WireMockServer server() {
    return server;
  }

  /** The verdicts this server records. */
  public ServerVerdicts verdicts() {
    return verdicts;
  }

  /**
   * Stops listening: the HTTPS connector stops, which closes every open connection, while Jetty, WireMock and the
   * thread pool keep running. Throws if a connection is still open afterwards (the server must then be stopped,
   * not reused).
   */
  public void park() {
    try {
      connector.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTPS connector of " + connector + " did not stop", e);
    }
    // With a stop timeout of zero the selectors close connections without waiting: close each here, which closes
    // its socket at once (the connector forgets it a moment later, on a selector thread).
    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
      endPoint.close();
    }
    long open = connector.getConnectedEndPoints().stream().filter(EndPoint::isOpen).count();
    if (open > 0 || !connector.isStopped()) {
      throw new IllegalStateException(open + " connection(s) still open on " + connector + " after it stopped");
    }
  }

  /**
   * Listens again on a new free port of the same address, presenting {@code context}: a parked server taken up by
   * its next owner. Sessions made under the previous context cannot be resumed, since the new one has its own cache
   * and ticket keys.
   */
  public void resume(SSLContext context) {
    Objects.requireNonNull(context, "context");
    connector.setPort(0);
    try {
      if (tls.isRunning()) {
        tls.reload(factory -> factory.setSslContext(context));
      } else {
        tls.setSslContext(context);
      }
      connector.start();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTPS connector of " + connector + " did not start again", e);
    }
  }

  private static Options configuration(String bindAddress, String threadName, MutualTlsWireMock factory) {
    return options()
        .httpDisabled(true)
        .dynamicHttpsPort()
        .bindAddress(bindAddress)
        .disableStrictHttpHeaders(true)
        .jettyAcceptors(1)
        .jettyStopTimeout(0L)
        .threadPoolFactory(ignored -> {
          QueuedThreadPool pool = new JoiningThreadPool();
          pool.setName(threadName);
          pool.setDaemon(true);
          return pool;
        })
        .httpServerFactory(factory);
  }

  @Override
  public HttpServer buildHttpServer(Options options, AdminRequestHandler adminRequestHandler,
      StubRequestHandler stubRequestHandler) {
    return new Server(options, adminRequestHandler, stubRequestHandler);
  }

  /**
   * WireMock calls {@link #createHttpsConnector} from its constructor, before fields of a subclass exist: the TLS
   * settings therefore live in the enclosing factory, which this inner class reaches, and the key material is set
   * on them only at {@link MutualTlsWireMock#start(SSLContext)}.
   */
  private final class Server extends Jetty11HttpServer {
    Server(Options options, AdminRequestHandler adminRequestHandler, StubRequestHandler stubRequestHandler) {
      super(options, adminRequestHandler, stubRequestHandler);
    }

    @Override
    protected ServerConnector createHttpsConnector(String bindAddress, HttpsSettings httpsSettings,
        JettySettings jettySettings, NetworkTrafficListener listener) {
      HttpConfiguration httpConfiguration = Jetty11Utils.createHttpConfig(jettySettings);
      httpConfiguration.addCustomizer(new ClientCertificateHeaders());
      httpConfiguration.addCustomizer(new ProbeAnswers());

      tls.setNeedClientAuth(true);
      tls.setIncludeProtocols(protocols);

      HttpConnectionFactory http1 = new HttpConnectionFactory(httpConfiguration);
      ConnectionFactory[] factories;
      SslConnectionFactory ssl;
      if (options.getHttp2TlsDisabled()) {
        ssl = new SslConnectionFactory(tls, http1.getProtocol());
        factories = new ConnectionFactory[] {ssl, http1};
      } else {
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        ssl = new SslConnectionFactory(tls, alpn.getProtocol());
        factories = new ConnectionFactory[] {ssl, alpn, new HTTP2ServerConnectionFactory(httpConfiguration), http1};
      }
      ssl.addBean(new HandshakeRecorder(verdicts));

      NetworkTrafficServerConnector connector =
          new NetworkTrafficServerConnector(jettyServer, null, null, null, 1, 1, factories);
      connector.setHost(bindAddress);
      connector.setPort(httpsSettings.port());
      connector.setNetworkTrafficListener(listener);
      Jetty11Utils.setJettySettings(jettySettings, connector);
      MutualTlsWireMock.this.connector = connector;
      return connector;
    }
  }

  /**
   * A pool whose stop returns only once its threads have ended. Jetty's pool joins the threads it still lists,
   * but a thread leaves that list a moment before it ends: without this, a stopped server could still show a
   * live thread to a leak check that looks at once.
   */
  private static final class JoiningThreadPool extends QueuedThreadPool {
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    JoiningThreadPool() {
      super(MAX_THREADS, MIN_THREADS, IDLE_TIMEOUT_MILLIS);
    }

    @Override
    public Thread newThread(Runnable runnable) {
      threads.removeIf(thread -> !thread.isAlive());
      Thread thread = super.newThread(runnable);
      threads.add(thread);
      return thread;
    }

    @Override
    protected void doStop() throws Exception {
      super.doStop();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_EXIT_MILLIS);
      for (Thread thread : threads) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (thread != Thread.currentThread() && left > 0) {
          thread.join(left);
        }
      }
      threads.removeIf(thread -> !thread.isAlive());
    }
  }
}
