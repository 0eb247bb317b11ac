package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.LoopbackHttpServer;
import dev.mutualtls.pki.internal.LoopbackHttpServer.Request;
import dev.mutualtls.pki.internal.LoopbackHttpServer.Response;
import dev.mutualtls.pki.internal.OcspResponder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on loopback that publishes a CA hierarchy's revocation status the way production
 * PKIs do: each CA's CRL ({@code application/pkix-crl}) at {@link #crlUri} and an RFC 6960 OCSP
 * responder (POST and GET) at {@link #ocspUri}, answering good, revoked or unknown, signed by the CA
 * (or by a delegated responder certificate with the OCSP-signing EKU), echoing a nonce when asked.
 *
 * <p>It is started by a CA built with {@code revocationEndpoint(true)}, the first time the hierarchy
 * issues a certificate: every certificate issued from then on carries a CRL distribution point and an
 * authority information access (OCSP) URL pointing here. {@link #close()} stops it, which is how a test makes
 * the responder unreachable: from then on it answers no request. Thread-safe.
 */
public final class RevocationEndpoint implements AutoCloseable {
  private final LoopbackHttpServer server;
  private final List<CertificateAuthority> hierarchy;
  private final boolean delegated;
  private final AtomicInteger crlRequests = new AtomicInteger();
  private final AtomicInteger ocspRequests = new AtomicInteger();
  private volatile boolean closed;

  RevocationEndpoint(List<CertificateAuthority> hierarchy, boolean delegated) {
    this.hierarchy = hierarchy;
    this.delegated = delegated;
    try {
      this.server = new LoopbackHttpServer("mutualtls-revocation", this::handle);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the revocation endpoint on loopback", e);
    }
  }

  /** The base URI, such as {@code http://127.0.0.1:40123/}. */
  public URI uri() {
    InetSocketAddress address = server.address();
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
  }

  /** Where {@code ca}'s current CRL is published. */
  public URI crlUri(CertificateAuthority ca) {
    return uri().resolve("crl/" + ca.id() + ".crl");
  }

  /** Where {@code ca}'s OCSP responder answers. */
  public URI ocspUri(CertificateAuthority ca) {
    return uri().resolve("ocsp/" + ca.id());
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

  private Response handle(Request request) throws IOException {
    if (request.rawPath().startsWith("/crl/")) {
      return crl(request);
    }
    if (request.rawPath().startsWith("/ocsp/")) {
      return ocsp(request);
    }
    return Response.status(404);
  }

  private Response crl(Request request) {
    String name = request.rawPath().substring("/crl/".length());
    CertificateAuthority ca = name.endsWith(".crl") ? find(name.substring(0, name.length() - 4)) : null;
    if (ca == null || !"GET".equals(request.method())) {
      return Response.status(404);
    }
    byte[] body;
    try {
      body = ca.crl().getEncoded();
    } catch (CRLException e) {
      return Response.status(500);
    }
    crlRequests.incrementAndGet();
    return new Response(200, "application/pkix-crl", body);
  }

  private Response ocsp(Request request) throws IOException {
    String rest = request.rawPath().substring("/ocsp/".length());
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    CertificateAuthority ca = find(id);
    byte[] ocspRequest;
    if ("POST".equals(request.method())) {
      ocspRequest = request.body();
    } else if ("GET".equals(request.method()) && slash >= 0) {
      // RFC 6960 appendix A.1: the DER request, base64, URL-encoded, as the last path segment.
      try {
        ocspRequest = Base64.getDecoder().decode(URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Response.status(400);
      }
    } else {
      return Response.status(405);
    }
    if (ca == null) {
      return Response.status(404);
    }
    ocspRequests.incrementAndGet();
    byte[] response = OcspResponder.respond(ocspRequest, ca.certificate(), ca.privateKey(), ca.keyType(),
        ca::statusOf, delegated ? ca.ocspSigner() : null);
    return new Response(200, "application/ocsp-response", response);
  }

  /**
   * Stops serving, as an unreachable responder would: no request is answered from now on. A connection to the
   * old port is refused, or, if another thread of the JVM was starting a process at that moment (the new process
   * holds every socket the JVM has open until it closes them, usually a few milliseconds), accepted by the kernel
   * and then reset; either way a CRL fetch or OCSP request fails with a network error.
   */
  @Override
  public void close() {
    closed = true;
    server.close();
  }

  @Override
  public String toString() {
    return "RevocationEndpoint{" + uri() + (closed ? ", closed" : "") + "}";
  }
}
