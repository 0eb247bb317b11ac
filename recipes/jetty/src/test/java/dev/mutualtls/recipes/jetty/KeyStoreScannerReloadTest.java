package dev.mutualtls.recipes.jetty;

import static dev.mutualtls.junit.HandshakeAssertions.assertThatServer;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateFiles;
import dev.mutualtls.pki.Identity;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.KeyStoreScanner;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jetty 12's {@link KeyStoreScanner} reloading a PKCS#12 key store that is replaced by rename (a temporary file in
 * the same directory renamed over {@code keystore.p12}), twice. The scanner looks every second (its shortest
 * interval) and reports a file once it has stayed unchanged for a scan, so a reload takes one to two seconds.
 */
class KeyStoreScannerReloadTest {
  private static final Duration RELOAD_WITHIN = Duration.ofSeconds(10);

  @Test
  void reloadsAKeyStoreReplacedByRename(@TempDir Path dir, TestReporter reporter) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity first = ca.server("localhost");
    CertificateFiles files = CertificateFiles.renamed(dir).pkcs12("changeit".toCharArray()).write(first, ca);

    // tag::keystore-scanner[]
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(dir.resolve("keystore.p12").toString());
    ssl.setKeyStorePassword("changeit");
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, ssl);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    KeyStoreScanner scanner = new KeyStoreScanner(ssl);
    scanner.setScanInterval(1);
    server.addBean(scanner);
    // end::keystore-scanner[]
    server.start();
    try {
      int port = connector.getLocalPort();
      assertThatServer("127.0.0.1", port).eventuallyPresents(first, Duration.ofSeconds(1));
      for (int rotation = 1; rotation <= 2; rotation++) {
        Identity renewed = ca.server("localhost");
        long start = System.nanoTime();
        files.write(renewed, ca);
        assertThatServer("127.0.0.1", port).eventuallyPresents(renewed, RELOAD_WITHIN);
        reporter.publishEntry("reload", "rotation " + rotation + " presented after "
            + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
      }
    } finally {
      server.stop();
    }
  }
}
