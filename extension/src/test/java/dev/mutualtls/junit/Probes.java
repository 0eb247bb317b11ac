package dev.mutualtls.junit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Small helpers for tests: HTTP calls, thread and port checks. */
final class Probes {
  /** What Jetty or WireMock would name a temporary directory, or key material written to a file. */
  private static final Pattern OURS = Pattern.compile("(?i)^(jetty|wiremock).*|.*\\.(p12|pfx|pem|jks|key)$");

  private Probes() {}

  /** GETs {@code path} from {@code server} as {@code client}; the response body. */
  static HttpResponse<String> get(MutualTlsClient client, MutualTlsServer server, String path)
      throws IOException, InterruptedException {
    return client.httpClient().send(HttpRequest.newBuilder(server.uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The names of live threads that start with {@code prefix}. */
  static Set<String> threadsStartingWith(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
  }

  /** Whether something accepts TCP connections on loopback {@code port}. */
  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The serial number of the certificate that a TLS server on loopback {@code port} presents, or "none" when
   * nothing completes that much of a handshake there. A stopped server's port may be refused, reset, or given to
   * another listener at once, but no other listener presents that server's certificate.
   */
  static String serialPresentedOn(int port) {
    AtomicReference<String> serial = new AtomicReference<>("none");
    X509TrustManager recorder = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        serial.set(chain[0].getSerialNumber().toString());
        throw new CertificateException("recorded; no need to go on");
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {recorder}, null);
      try (Socket raw = new Socket()) {
        raw.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        raw.setSoTimeout(10_000);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", port, false)) {
          tls.startHandshake();
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      // refused, reset, or stopped by the recorder: the serial says how far it got
    }
    return serial.get();
  }

  /** Entries of the temporary directory whose names look like certificates, keys or server files. */
  static Set<String> suspiciousTempFiles() throws IOException {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.map(path -> path.getFileName().toString()).filter(name -> OURS.matcher(name).matches())
          .collect(Collectors.toSet());
    }
  }
}
