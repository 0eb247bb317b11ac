package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.Exchange;
import dev.mutualtls.handshake.Handshake;
import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Probing a {@code MutualTlsServer} leaves nothing in what tests assert on: the probe's request after the handshake
 * is answered before WireMock, so it matches no stub, enters no journal and counts in no {@code verify(...)}.
 */
@MutualTls
class ProbeLeavesNoTraceTest {

  @Test
  void aProbeIsNotARequestToWireMock(MutualTlsServer server, MutualTlsClient client,
      @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    server.stubFor(any(anyUrl()).willReturn(ok("a stub that matches everything")));

    HandshakeResult accepted = server.handshake(client);
    HandshakeResult refused = server.handshake(expired);

    assertThatHandshake(accepted).isAccepted().withHttpStatus(204);
    assertThat(accepted.evidence()).isEqualTo("the server's own record: it accepted the client, and it answered"
        + " GET / with HTTP/1.1 204 No Content");
    assertThatHandshake(refused).isRejectedByServer().withReason(Reason.EXPIRED);
    server.verify(0, anyRequestedFor(anyUrl()));
    assertThat(server.wireMock().getServeEvents()).isEmpty();
    assertThat(server.wireMock().findAllUnmatchedRequests()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/payments"})
  void aProbeOfAnyPathIsAnsweredByTheServerItself(String path, MutualTlsServer server, MutualTlsClient client,
      CertificateAuthority ca) {
    HandshakeResult result = Handshake.to(server.address()).hostname("localhost").exchange(Exchange.http(path))
        .serverView(server).probe(client.identity(), ca);

    assertThatHandshake(result).isAccepted().withHttpStatus(204);
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void overHttp2TheServersSettingsAreTheEvidence(MutualTlsServer server, MutualTlsClient client,
      CertificateAuthority ca) {
    HandshakeResult result = Handshake.to(server.address()).hostname("localhost").exchange(Exchange.http2())
        .probe(client.identity(), ca);

    assertThatHandshake(result).isAccepted();
    assertThat(result.answer()).contains("its HTTP/2 SETTINGS frame");
    assertThat(result.evidence()).isEqualTo("the server answered the HTTP/2 preface and SETTINGS with its HTTP/2"
        + " SETTINGS frame");
    server.verify(0, anyRequestedFor(anyUrl()));
  }
}
