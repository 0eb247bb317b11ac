package dev.mutualtls.recipes.servers;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.recipes.trust.StrictClientTrust;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManager;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLUtil;
import org.apache.tomcat.util.net.jsse.JSSEImplementation;
import org.apache.tomcat.util.net.jsse.JSSEUtil;

/**
 * Tomcat 11 embedded, with an NIO HTTPS connector configured as its users configure one (the attributes of
 * {@code <Connector>} and {@code <SSLHostConfig>} in {@code server.xml}, set through the embedding API): the server's
 * key and chain in a PKCS#12 key store, the CA's root in a trust store, and {@code certificateVerification="required"}.
 * Tomcat's default JSSE implementation then judges client certificates with the JDK's default PKIX trust manager.
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: exactly that;
 *   <li>{@link Mode#ACCEPT_ANY}: {@code certificateVerification="optional"} with
 *       {@code trustManagerClassName="dev.mutualtls.recipes.servers.TrustAnything"};
 *   <li>{@link Mode#HARDENED}: {@code certificateVerification="required"} with
 *       {@code sslImplementationName="dev.mutualtls.recipes.servers.TomcatServer$StrictJsseImplementation"}, Tomcat's
 *       JSSE implementation with {@link StrictClientTrust} over the connector's own trust store. Tomcat's attributes
 *       alone cannot get there: {@code certificateRevocationListFile}, {@code revocationEnabled} and (Tomcat 11)
 *       {@code ocspEnabled} add revocation to the JDK's checks, but nothing refuses a CA certificate as a client's
 *       leaf, an RSA-1024 key or a SHA-1 signature short of the JVM-wide {@code jdk.certpath.disabledAlgorithms}; and
 *       {@code trustManagerClassName} takes a class with a no-argument constructor, which cannot be given the
 *       connector's trust store.
 * </ul>
 *
 * <p>Tomcat writes its work directory under the base directory it is given. Its embedding API also sets JVM-wide system
 * properties: {@code catalina.useNaming}, {@code catalina.base}, and {@code catalina.home}, which the first Tomcat of a
 * JVM sets to its own base directory and every later one creates again if it is missing. So the base directories of
 * all the Tomcats a JVM starts belong under one directory that outlives them (the test class's), or the first one
 * comes back, empty, after it was deleted. Each Tomcat's engine is named after its base directory, so that concurrent
 * Tomcats have JMX names and work directories of their own. Listens on 127.0.0.1, port 0.
 */
public final class TomcatServer implements RecipeServer {
  private static final String PASSWORD = "changeit";

  private final Tomcat tomcat;
  private final Connector connector;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TomcatServer(Tomcat tomcat, Connector connector) {
    this.tomcat = tomcat;
    this.connector = connector;
  }

  /**
   * Starts a Tomcat presenting {@code identity}, trusting {@code trusted}'s root, with {@code protocols} enabled and
   * {@code baseDir} (which must exist) as its base directory.
   */
  public static TomcatServer start(Path baseDir, Identity identity, CertificateAuthority trusted, Mode mode,
      String... protocols) {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.getEngine().setName("Tomcat-" + baseDir.getFileName());

    SSLHostConfig ssl = new SSLHostConfig();
    // "+TLSv1.2,+TLSv1.3": each one added; without the prefixes Tomcat warns that the second one lacks one.
    ssl.setProtocols("+" + String.join(",+", protocols));
    ssl.setTrustStore(trusted.trustStore());
    SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
    certificate.setCertificateKeystore(identity.keyStore(PASSWORD.toCharArray()));
    certificate.setCertificateKeystorePassword(PASSWORD);
    ssl.addCertificate(certificate);

    Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setScheme("https");
    connector.setSecure(true);
    connector.setProperty("SSLEnabled", "true");
    switch (mode) {
      case REQUIRE:
        ssl.setCertificateVerification("required");
        break;
      case ACCEPT_ANY:
        ssl.setCertificateVerification("optional");
        ssl.setTrustManagerClassName(TrustAnything.class.getName());
        break;
      case HARDENED:
        ssl.setCertificateVerification("required");
        connector.setProperty("sslImplementationName", StrictJsseImplementation.class.getName());
        break;
      default:
        throw new AssertionError(mode);
    }
    connector.addSslHostConfig(ssl);
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);

    StandardContext context = (StandardContext) tomcat.addContext("", null);
    // Nothing to look for at stop: these checks of the web application class loader need --add-opens, and warn.
    context.setClearReferencesRmiTargets(false);
    context.setClearReferencesThreadLocals(false);
    Tomcat.addServlet(context, "hello", new HelloServlet());
    context.addServletMapping("/", "hello");

    TomcatServer server = new TomcatServer(tomcat, connector);
    try {
      tomcat.start();
      if (connector.getLocalPort() <= 0) {
        throw new IllegalStateException("Tomcat's HTTPS connector did not start; see Tomcat's log above");
      }
      return server;
    } catch (LifecycleException | RuntimeException e) {
      server.close();
      throw new IllegalStateException("cannot start Tomcat", e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", connector.getLocalPort());
  }

  @Override
  public String name() {
    return ServerInfo.getServerInfo().replace("Apache Tomcat/", "Tomcat ");
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("cannot stop Tomcat", e);
    }
  }

  /** Answers every request with the client's certificate subject, from the servlet request attribute. */
  private static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      X509Certificate[] peer = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
      byte[] body = Hello.body(peer);
      response.setContentType("text/plain");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  /**
   * Tomcat's JSSE implementation with one change: client certificates are judged by {@link StrictClientTrust} over
   * the trust store the {@code SSLHostConfig} names (file or in-memory), instead of the JDK's default trust manager.
   * Everything else (key store, protocols, ciphers, {@code certificateVerification}) is configured as usual. Name it
   * in {@code server.xml}: {@code <Connector ... sslImplementationName="com.example.StrictJsseImplementation">}.
   */
  public static final class StrictJsseImplementation extends JSSEImplementation {
    @Override
    public SSLUtil getSSLUtil(SSLHostConfigCertificate certificate) {
      return new JSSEUtil(certificate) {
        @Override
        public TrustManager[] getTrustManagers() throws Exception {
          return new TrustManager[] {StrictClientTrust.trusting(sslHostConfig.getTruststore())};
        }
      };
    }
  }
}
