package dev.mutualtls.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mutualtls.pki.internal.OcspResponder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.CRLException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on loopback that publishes a CA hierarchy's revocation status the way production
 * PKIs do: each CA's CRL ({@code application/pkix-crl}) at {@link #crlUri} and an RFC 6960 OCSP
 * responder (POST and GET) at {@link #ocspUri}, answering good, revoked or unknown, signed by the CA
 * (or by a delegated responder certificate with the OCSP-signing EKU), echoing a nonce when asked.
 *
 * <p>It is started by a CA built with {@code revocationEndpoint(true)}, the first time the hierarchy
 * issues a certificate: every certificate issued from then on carries a CRL distribution point and an
 * authority information access (OCSP) URL pointing here. {@link #close()} stops it (its port refuses
 * connections from then on), which is how a test makes the responder unreachable. Thread-safe.
 */
public final class RevocationEndpoint implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<CertificateAuthority> hierarchy;
  private final boolean delegated;
  private final AtomicInteger crlRequests = new AtomicInteger();
  private final AtomicInteger ocspRequests = new AtomicInteger();
  private volatile boolean closed;

  RevocationEndpoint(List<CertificateAuthority> hierarchy, boolean delegated) {
    this.hierarchy = hierarchy;
    this.delegated = delegated;
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the revocation endpoint on loopback", e);
    }
    int id = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "mutualtls-revocation-" + id + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/crl/", this::crl);
    server.createContext("/ocsp/", this::ocsp);
    server.start();
  }

  /** The base URI, such as {@code http://127.0.0.1:40123/}. */
  public URI uri() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/");
  }

  /** Where {@code ca}'s current CRL is published. */
  public URI crlUri(CertificateAuthority ca) {
    return uri().resolve("crl/" + ca.id() + ".crl");
  }

  /** Where {@code ca}'s OCSP responder answers. */
  public URI ocspUri(CertificateAuthority ca) {
    return uri().resolve("ocsp/" + ca.id());
  }

  /** Whether OCSP responses are signed by a delegated responder certificate rather than the CA itself. */
  public boolean delegatedResponder() {
    return delegated;
  }

  /** How many CRLs were served: proof that a validator fetched over the network. */
  public int crlRequests() {
    return crlRequests.get();
  }

  /** How many OCSP requests were answered. */
  public int ocspRequests() {
    return ocspRequests.get();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private CertificateAuthority find(String id) {
    for (CertificateAuthority ca : hierarchy) {
      if (ca.id().equals(id)) {
        return ca;
      }
    }
    return null;
  }

  private void crl(HttpExchange exchange) throws IOException {
    try (exchange) {
      String name = exchange.getRequestURI().getPath().substring("/crl/".length());
      CertificateAuthority ca = name.endsWith(".crl") ? find(name.substring(0, name.length() - 4)) : null;
      if (ca == null || !"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try {
        body = ca.crl().getEncoded();
      } catch (CRLException e) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      crlRequests.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
      send(exchange, body);
    }
  }

  private void ocsp(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rest = exchange.getRequestURI().getRawPath().substring("/ocsp/".length());
      int slash = rest.indexOf('/');
      String id = slash < 0 ? rest : rest.substring(0, slash);
      CertificateAuthority ca = find(id);
      byte[] request;
      if ("POST".equals(exchange.getRequestMethod())) {
        try (InputStream in = exchange.getRequestBody()) {
          request = in.readAllBytes();
        }
      } else if ("GET".equals(exchange.getRequestMethod()) && slash >= 0) {
        // RFC 6960 appendix A.1: the DER request, base64, URL-encoded, as the last path segment.
        String encoded = java.net.URLDecoder.decode(rest.substring(slash + 1), java.nio.charset.StandardCharsets.UTF_8);
        request = Base64.getDecoder().decode(encoded);
      } else {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (ca == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      ocspRequests.incrementAndGet();
      byte[] response = OcspResponder.respond(request, ca.certificate(), ca.privateKey(), ca.keyType(),
          ca::statusOf, delegated ? ca.ocspSigner() : null);
      exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
      send(exchange, response);
    }
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops serving: the port refuses connections from now on, as an unreachable responder would. */
  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "RevocationEndpoint{" + uri() + (closed ? ", closed" : "") + "}";
  }
}
