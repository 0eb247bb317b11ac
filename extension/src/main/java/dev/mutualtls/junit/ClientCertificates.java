package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Matching WireMock stubs and recorded requests on the client certificate. {@link MutualTlsServer} puts the
 * identity of each request's client certificate into the request headers named here, after removing any copies
 * the client sent, so no client can pose as another:
 *
 * <pre>{@code
 * server.stubFor(get("/account").willReturn(forbidden()));           // everyone else
 * server.stubFor(fromClient("alice", get("/account")).willReturn(ok("alice's account"))); // newer stubs win
 * server.verify(fromClient("alice", getRequestedFor(urlEqualTo("/account"))));
 * }</pre>
 *
 * <p>The headers can also be used directly, for example
 * {@code withHeader(ClientCertificates.URI_SAN, equalTo("spiffe://example.org/payments"))}. Stateless.
 */
public final class ClientCertificates {
  /** The client certificate's subject, RFC 2253 ({@code CN=alice,O=mutualtls}). */
  public static final String SUBJECT = "X-Client-Subject";
  /** The client certificate's common name ({@code alice}); absent when the subject has no CN. */
  public static final String COMMON_NAME = "X-Client-CN";
  /** Each URI subject alternative name of the client certificate (such as a SPIFFE ID), one value each. */
  public static final String URI_SAN = "X-Client-URI-SAN";
  /** The client certificate's issuer, RFC 2253. */
  public static final String ISSUER = "X-Client-Issuer";
  /** Every header the server sets, and removes from what clients send. */
  public static final List<String> HEADERS = List.of(SUBJECT, COMMON_NAME, URI_SAN, ISSUER);

  private ClientCertificates() {}

  /** {@code stub}, answering only requests whose client certificate has the common name {@code commonName}. */
  public static MappingBuilder fromClient(String commonName, MappingBuilder stub) {
    return stub.withHeader(COMMON_NAME, equalTo(Objects.requireNonNull(commonName, "commonName")));
  }

  /** {@code pattern}, matching only requests whose client certificate has the common name {@code commonName}. */
  public static RequestPatternBuilder fromClient(String commonName, RequestPatternBuilder pattern) {
    return pattern.withHeader(COMMON_NAME, equalTo(Objects.requireNonNull(commonName, "commonName")));
  }

  /** {@code stub}, answering only requests whose client certificate carries the URI SAN {@code uri}. */
  public static MappingBuilder fromUri(String uri, MappingBuilder stub) {
    return stub.withHeader(URI_SAN, equalTo(Objects.requireNonNull(uri, "uri")));
  }

  /** {@code pattern}, matching only requests whose client certificate carries the URI SAN {@code uri}. */
  public static RequestPatternBuilder fromUri(String uri, RequestPatternBuilder pattern) {
    return pattern.withHeader(URI_SAN, equalTo(Objects.requireNonNull(uri, "uri")));
  }

  /** The common name of the client certificate that made a recorded request, if it had one. */
  public static Optional<String> commonNameOf(LoggedRequest request) {
    return Optional.ofNullable(request.getHeader(COMMON_NAME));
  }

  /** The subject of the client certificate that made a recorded request. */
  public static Optional<String> subjectOf(LoggedRequest request) {
    return Optional.ofNullable(request.getHeader(SUBJECT));
  }
}
