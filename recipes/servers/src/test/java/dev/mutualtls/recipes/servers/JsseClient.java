package dev.mutualtls.recipes.servers;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A plain JSSE {@link SSLSocket} client, for what curl cannot do: present a certificate with a private key that does
 * not match it (curl checks the pair before it connects), and see which certificate a port presents. It sends one
 * HTTP/1.1 GET and reads the status line, because under TLS 1.3 a server refuses a client certificate only after the
 * client's side of the handshake has finished. Thread-safe: no state.
 */
public final class JsseClient {
  /** How long a connection or a read may take before the attempt counts as failed. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private JsseClient() {}

  /** What one request came to: the HTTP status line, or the exception that ended the attempt. */
  public record Result(String statusLine, Exception failure) {
    /** Whether the server answered {@code 200}. */
    public boolean accepted() {
      return statusLine != null && statusLine.matches("HTTP/1\\.[01] 200( .*)?");
    }

    /** The status line, or the exception's class and message. */
    public String describe() {
      return statusLine != null ? statusLine : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
  }

  /** GET {@code /} over {@code protocol} with {@code client}'s key and trust managers; never throws for a refusal. */
  public static Result get(InetSocketAddress server, String protocol, SSLContext client) {
    try (SSLSocket socket = connect(server, protocol, client, TIMEOUT)) {
      OutputStream out = socket.getOutputStream();
      String host = server.getAddress().getHostAddress();
      out.write(("GET / HTTP/1.1\r\nHost: " + host + ":" + server.getPort() + "\r\nConnection: close\r\n\r\n")
          .getBytes(ISO_8859_1));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1)).readLine();
      return line == null ? new Result(null, new IOException("the server closed the connection without answering"))
          : new Result(line, null);
    } catch (IOException e) {
      return new Result(null, e);
    }
  }

  /**
   * The certificate the server at {@code server} presents in a handshake that {@code client} completes within
   * {@code timeout}.
   */
  public static X509Certificate serverCertificate(InetSocketAddress server, SSLContext client, Duration timeout)
      throws IOException {
    try (SSLSocket socket = connect(server, null, client, timeout)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static SSLSocket connect(InetSocketAddress server, String protocol, SSLContext client, Duration timeout)
      throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(server, (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain,
          server.getAddress().getHostAddress(), server.getPort(), true);
      if (protocol != null) {
        socket.setEnabledProtocols(new String[] {protocol});
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }
}
