package dev.mutualtls.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.forbidden;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mutualtls.junit.ClientCertificates.fromClient;
import static dev.mutualtls.junit.HandshakeAssertions.assertThatHandshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.junit.Client;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@MutualTls(clients = {"payments-app", "reporting-app"})
@DisplayName("PartnerClient against a partner that demands our client certificate")
class PartnerClientTest {
  private static final PaymentOrder ORDER = new PaymentOrder("ord-1", "DE02100100109307118603", 1250, "EUR");

  // tag::partner-happy-path[]
  @Test
  @DisplayName("submits a payment order and reads the partner's confirmation")
  void submitsAPayment(MutualTlsServer partner, @Client("payments-app") MutualTlsClient us) throws Exception {
    partner.stubFor(post("/v1/payments").willReturn(okJson("{\"paymentId\":\"pay-42\",\"status\":\"ACCEPTED\"}")));
    PartnerClient client = PartnerClient.builder(partner.baseUri()).sslContext(us.sslContext()).build();

    PaymentConfirmation confirmation = client.submit(new PaymentOrder("ord-1", "DE02100100109307118603", 1250, "EUR"));

    assertThat(confirmation).isEqualTo(new PaymentConfirmation("pay-42", "ACCEPTED"));
    partner.verify(postRequestedFor(urlEqualTo("/v1/payments"))
        .withHeader("Idempotency-Key", equalTo("ord-1"))
        .withRequestBody(equalToJson("{\"reference\":\"ord-1\",\"account\":\"DE02100100109307118603\","
            + "\"amountMinor\":1250,\"currency\":\"EUR\"}")));
  }
  // end::partner-happy-path[]

  // tag::partner-identity-stub[]
  @Test
  @DisplayName("is served only as the client the partner registered: another certificate of the same CA gets 403")
  void partnerAnswersOnlyTheRegisteredClient(MutualTlsServer partner, @Client("payments-app") MutualTlsClient payments,
      @Client("reporting-app") MutualTlsClient reporting) throws Exception {
    partner.stubFor(post("/v1/payments").willReturn(forbidden().withBody("not registered")));   // everyone else
    partner.stubFor(fromClient("payments-app", post("/v1/payments"))                           // newest stub wins
        .willReturn(okJson("{\"paymentId\":\"pay-43\",\"status\":\"PENDING\"}")));
    PartnerClient asPayments = PartnerClient.builder(partner.baseUri()).sslContext(payments.sslContext()).build();
    PartnerClient asReporting = PartnerClient.builder(partner.baseUri()).sslContext(reporting.sslContext()).build();

    assertThat(asPayments.submit(ORDER).status()).isEqualTo("PENDING");
    assertThatThrownBy(() -> asReporting.submit(ORDER))
        .isInstanceOfSatisfying(PartnerResponseException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }
  // end::partner-identity-stub[]

  // tag::partner-expired[]
  @Test
  @DisplayName("reports the partner refusing our expired certificate, and the handshake says why")
  void partnerRefusesAnExpiredCertificate(MutualTlsServer partner, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
    PartnerClient client = PartnerClient.builder(partner.baseUri()).sslContext(expired.sslContext())
        .connectTimeout(Duration.ofSeconds(2))      // some JDKs report a TLS 1.3 refusal only as a connect timeout
        .build();

    assertThatThrownBy(() -> client.submit(ORDER)).isInstanceOf(PartnerRejectedCertificateException.class);

    HandshakeResult handshake = partner.handshake(expired);   // the same handshake, told by both sides
    System.out.println(handshake.explain());
    assertThatHandshake(handshake).isRejectedByServer().withReason(Reason.EXPIRED);
  }
  // end::partner-expired[]

  @Test
  @DisplayName("reports the partner refusing a certificate issued by a CA it does not trust")
  void partnerRefusesAnUntrustedCertificate(MutualTlsServer partner,
      @Defective(Defect.UNTRUSTED_ISSUER) MutualTlsClient stranger) {
    PartnerClient client = PartnerClient.builder(partner.baseUri()).sslContext(stranger.sslContext())
        .connectTimeout(Duration.ofSeconds(2)).build();

    assertThatThrownBy(() -> client.submit(ORDER)).isInstanceOf(PartnerRejectedCertificateException.class);
    assertThatHandshake(partner.handshake(stranger)).isRejectedByServer().withReason(Reason.UNTRUSTED_ISSUER);
  }

  // tag::partner-hostname[]
  @Test
  @MutualTls(hostnames = "partner.example")
  @DisplayName("refuses a partner whose certificate is issued for another host name, before sending anything")
  void refusesAPartnerCertificateForAnotherHost(MutualTlsServer partner, @Client("payments-app") MutualTlsClient us) {
    URI byAddress = partner.baseUri();                                       // https://localhost:<port>

    assertThatThrownBy(() -> PartnerClient.builder(byAddress).sslContext(us.sslContext()).build().submit(ORDER))
        .isInstanceOf(UntrustedPartnerException.class)
        .hasMessageContaining("No subject alternative DNS name matching localhost");
    assertThat(partner.wireMock().getServeEvents()).isEmpty();
  }
  // end::partner-hostname[]
}
