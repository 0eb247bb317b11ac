package dev.mutualtls.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static dev.mutualtls.junit.EngineRuns.entry;
import static dev.mutualtls.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.Defect;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A failed test that used the server leaves the handshake's explanation in the test report. */
class ReportEntryTest {

  @Test
  void aFailedTestPublishesItsLastProbesExplanation() {
    EngineExecutionResults results = run(Fixtures.class);
    assertThat(results.testEvents().failed().count()).isEqualTo(2);
    String explanation = entry(results, "failsAfterProbe", MutualTlsExtension.HANDSHAKE_ENTRY).orElseThrow();
    assertThat(explanation).isEqualTo(entry(results, "failsAfterProbe", "expected").orElseThrow());
    assertThat(explanation).contains("REFUSED by the server with alert certificate_unknown (46)");
  }

  @Test
  void aFailedTestPublishesWhatTheServerRefused() {
    EngineExecutionResults results = run(Fixtures.class);
    String refusals = entry(results, "failsAfterHttpRequest", MutualTlsExtension.SERVER_ENTRY).orElseThrow();
    assertThat(refusals).matches("(?s)the server refused the connection from port \\d+( \\(TLSv1\\.[23]\\))?: client"
        + " certificate CN=client-expired,O=mutualtls expired on \\S+ \\[EXPIRED; fix: issue a certificate that is"
        + " valid now\\].*");
  }

  @Test
  void aPassingTestPublishesNothing() {
    EngineExecutionResults results = run(Fixtures.class);
    assertThat(entry(results, "passesAfterProbe", MutualTlsExtension.HANDSHAKE_ENTRY)).isEmpty();
    assertThat(entry(results, "passesAfterProbe", MutualTlsExtension.SERVER_ENTRY)).isEmpty();
  }

  @MutualTls
  @Tag("fixture")
  static class Fixtures {
    @Test
    void failsAfterProbe(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired,
        TestReporter reporter) {
      reporter.publishEntry("expected", server.handshake(expired).explain());
      throw new AssertionError("fails on purpose");
    }

    @Test
    void failsAfterHttpRequest(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired)
        throws Exception {
      server.stubFor(get("/").willReturn(ok()));
      Probes.get(expired, server, "/");
    }

    @Test
    void passesAfterProbe(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired) {
      assertThat(server.handshake(expired).succeeded()).isFalse();
    }
  }
}
