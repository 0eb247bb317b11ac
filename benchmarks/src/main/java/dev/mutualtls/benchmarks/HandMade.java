package dev.mutualtls.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a user writes today without mutualtls, given certificates: PKCS#12 key stores, the JDK's key and
 * trust manager factories, WireMock configured by hand with key stores written to temporary files, the
 * JDK's {@code HttpsServer}. The peer of the benchmarks; written the way the WireMock and JDK documentation
 * show it, with no tricks in either direction.
 */
final class HandMade {
  static final char[] PASSWORD = "changeit".toCharArray();
  static final String BODY = "hello";

  private HandMade() {}

  static KeyStore keyStore(Identity identity) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", identity.privateKey(), PASSWORD,
          identity.chain().toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyStore trustStore(X509Certificate root) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", root);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SSLContext sslContext(KeyStore keys, KeyStore trust) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context from PKCS#12 stores; {@code identity} null: an empty key store, so no certificate is sent. */
  static SSLContext sslContext(Identity identity, CertificateAuthority trusted) {
    return sslContext(identity == null ? emptyKeyStore() : keyStore(identity), trustStore(trusted.root()));
  }

  private static KeyStore emptyKeyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What a test written by hand does to check that the server refuses a client: connect with its context, send a
   * GET and read, and expect the TLS layer to fail (under TLS 1.3 the refusal arrives only after the client's
   * handshake has finished, so the read is needed). The socket sets TCP_NODELAY, as the library's probe does, so
   * neither waits on a delayed ACK.
   */
  static void requireRefused(SSLContext context, int port, Object what) {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      int first = socket.getInputStream().read();
      throw new IllegalStateException("the server accepted " + what + " (read " + first + ")");
    } catch (SSLException | SocketException e) {
      // Refused: an alert, or under TLS 1.2 sometimes a reset or broken pipe.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpClient httpClient(SSLContext context) {
    return HttpClient.newBuilder()
        .sslContext(context)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(3))
        .build();
  }

  /**
   * GETs {@code uri} and insists on 200 and the stub's body: a benchmark that breaks fails, never measures an error.
   */
  static String getHello(HttpClient client, URI uri) {
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || !BODY.equals(response.body())) {
        throw new IllegalStateException("GET " + uri + ": " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A WireMock server demanding client certificates, with its key and trust stores written to {@code dir}. */
  static WireMockServer wireMock(Path dir, Identity server, CertificateAuthority trusted) {
    try {
      Path keyStore = dir.resolve("server.p12");
      Path trustStore = dir.resolve("truststore.p12");
      try (OutputStream out = Files.newOutputStream(keyStore)) {
        keyStore(server).store(out, PASSWORD);
      }
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        trustStore(trusted.root()).store(out, PASSWORD);
      }
      WireMockServer wireMock = new WireMockServer(wireMockConfig()
          .httpDisabled(true)
          .dynamicHttpsPort()
          .keystorePath(keyStore.toString())
          .keystorePassword(new String(PASSWORD))
          .keyManagerPassword(new String(PASSWORD))
          .keystoreType("PKCS12")
          .needClientAuth(true)
          .trustStorePath(trustStore.toString())
          .trustStorePassword(new String(PASSWORD))
          .trustStoreType("PKCS12"));
      wireMock.start();
      wireMock.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200).withBody(BODY)));
      return wireMock;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static URI uri(WireMockServer wireMock) {
    return URI.create("https://localhost:" + wireMock.httpsPort() + "/hello");
  }

  /** The JDK's own HTTPS server demanding client certificates, on a free loopback port. */
  static HttpsServer jdkHttpsServer(SSLContext context) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
          parameters.setNeedClientAuth(true);
          params.setSSLParameters(parameters);
        }
      });
      server.createContext("/hello", exchange -> {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static URI uri(HttpsServer server) {
    return URI.create("https://localhost:" + server.getAddress().getPort() + "/hello");
  }

  static Path tempDirectory() {
    try {
      return Files.createTempDirectory("mutualtls-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
