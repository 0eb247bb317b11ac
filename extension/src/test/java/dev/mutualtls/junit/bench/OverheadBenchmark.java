package dev.mutualtls.junit.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Not a test: measures what {@code @MutualTls} costs a test class against the same test class written with a
 * WireMock HTTPS server configured by hand (key store files made beforehand, client certificates required). Each
 * "class" is one JUnit execution of a class with one test: start the server, stub, one mTLS GET, stop.
 *
 * <pre>
 * CP=extension/target/test-classes:extension/target/classes:$(cat test-classpath.txt)
 * java -cp $CP dev.mutualtls.junit.bench.OverheadBenchmark prepare /tmp/keys     # key store files, once
 * java -cp $CP dev.mutualtls.junit.bench.OverheadBenchmark wiremock 40 /tmp/keys
 * java -cp $CP dev.mutualtls.junit.bench.OverheadBenchmark extension 40
 * </pre>
 *
 * Prints the time of the first class in the JVM and the median of the later ones. Run each mode in fresh JVMs;
 * the key store files are made in a JVM of their own, so the hand-made runs pay nothing for making them.
 */
public final class OverheadBenchmark {
  private OverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    if (mode.equals("prepare")) {
      HandMade.prepare(Files.createDirectories(Path.of(args[1])));
      return;
    }
    int classes = Integer.parseInt(args[1]);
    Class<?> fixture;
    if (mode.equals("extension")) {
      fixture = WithExtension.class;
    } else {
      HandMade.directory = Path.of(args[2]);
      fixture = HandMade.class;
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      long start = System.nanoTime();
      EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
          .selectors(DiscoverySelectors.selectClass(fixture)).execute();
      millis.add((System.nanoTime() - start) / 1e6);
      if (results.testEvents().succeeded().count() != 1) {
        throw new IllegalStateException("the benchmark class failed: " + results.allEvents().failed().list());
      }
    }
    List<Double> later = new ArrayList<>(millis.subList(1, millis.size()));
    Collections.sort(later);
    System.out.printf("%s: first class %.0f ms, later classes median %.1f ms (n=%d)%n", mode, millis.get(0),
        later.get(later.size() / 2), later.size());
  }

  @MutualTls
  @Tag("fixture")
  static class WithExtension {
    @Test
    void oneRequest(MutualTlsServer server, MutualTlsClient client) throws Exception {
      server.stubFor(get("/hello").willReturn(ok("hello")));
      HttpResponse<String> response = client.httpClient().send(HttpRequest.newBuilder(server.uri("/hello")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (!response.body().equals("hello")) {
        throw new AssertionError(response.body());
      }
    }
  }

  /** The same test with WireMock configured by hand, as its documentation describes. */
  @Tag("fixture")
  static class HandMade {
    private static final char[] PASSWORD = "password".toCharArray();
    private static Path directory;
    private static WireMockServer server;

    static void prepare(Path dir) throws Exception {
      CertificateAuthority ca = CertificateAuthority.create();
      Identity serverIdentity = ca.server();
      Identity client = ca.client("client");
      write(serverIdentity.keyStore(PASSWORD), dir.resolve("server.p12"));
      write(client.keyStore(PASSWORD), dir.resolve("client.p12"));
      write(ca.trustStore(), dir.resolve("truststore.p12"));
    }

    private static void write(KeyStore store, Path file) throws Exception {
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, PASSWORD);
      }
    }

    @BeforeAll
    static void start() {
      server = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
          .keystorePath(directory.resolve("server.p12").toString()).keystoreType("PKCS12")
          .keystorePassword("password").keyManagerPassword("password")
          .needClientAuth(true).trustStorePath(directory.resolve("truststore.p12").toString())
          .trustStoreType("PKCS12").trustStorePassword("password"));
      server.start();
    }

    @AfterAll
    static void stop() {
      server.stop();
    }

    @Test
    void oneRequest() throws Exception {
      server.stubFor(get("/hello").willReturn(ok("hello")));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(directory.resolve("client.p12"))) {
        keys.load(in, PASSWORD);
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(directory.resolve("truststore.p12"))) {
        trust.load(in, PASSWORD);
      }
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort() + "/hello"))
          .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (!response.body().equals("hello")) {
        throw new AssertionError(response.body());
      }
    }
  }
}
