package dev.mutualtls.junit.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.junit.Defective;
import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.junit.MutualTlsClient;
import dev.mutualtls.junit.MutualTlsServer;
import dev.mutualtls.pki.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

@MutualTls(protocols = "TLSv1.3")
class ExplanationTest {
  @Test
  void explainsWhyTheServerRefused(MutualTlsServer server, @Defective(Defect.EXPIRED) MutualTlsClient expired,
      TestReporter reporter) {
    // tag::explain[]
    HandshakeResult result = server.handshake(expired);
    System.out.println(result.explain());
    // end::explain[]
    reporter.publishEntry("explanation", result.explain());
    assertTrue(result.explain().contains("REFUSED by the server"));
  }
}
