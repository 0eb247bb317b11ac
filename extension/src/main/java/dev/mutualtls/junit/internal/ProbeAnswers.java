package dev.mutualtls.junit.internal;

import dev.mutualtls.handshake.Exchange;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Answers the handshake probe's own request ({@code User-Agent: mutualtls-probe}, see {@link Exchange}) with
 * {@code 204 No Content} before WireMock sees it: a probe of a {@code MutualTlsServer} never matches a stub, never
 * enters the request journal and never counts in {@code verify(...)}. Jetty skips its handlers for a request that a
 * customizer marks handled.
 */
final class ProbeAnswers implements HttpConfiguration.Customizer {

  @Override
  public void customize(Connector connector, HttpConfiguration configuration, Request request) {
    String agent = request.getHeader(HttpHeader.USER_AGENT.asString());
    if (Exchange.USER_AGENT.equals(agent)) {
      request.getResponse().setStatus(204);
      request.setHandled(true);
    }
  }
}
