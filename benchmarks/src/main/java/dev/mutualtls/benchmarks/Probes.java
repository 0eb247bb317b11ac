package dev.mutualtls.benchmarks;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.Reason;
import dev.mutualtls.pki.Side;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Checks on probe outcomes, so that benchmarks measure only correct work. */
final class Probes {
  private Probes() {}

  static HandshakeResult requireAccepted(HandshakeResult result, String protocol) {
    if (!result.succeeded() || !result.protocol().equals(Optional.of(protocol))) {
      throw new IllegalStateException("expected an accepted " + protocol + " handshake:\n" + result.explain());
    }
    return result;
  }

  static HandshakeResult requireRefused(HandshakeResult result, Reason reason) {
    if (result.succeeded() || !result.rejectedBy().equals(Optional.of(Side.SERVER))
        || !result.reason().equals(Optional.of(reason))) {
      throw new IllegalStateException("expected the server to refuse with " + reason + ":\n" + result.explain());
    }
    return result;
  }

  /**
   * What a user writes by hand to see whether a server accepts a client: an {@code SSLSocket} from {@code context}
   * (one protocol, the host name checked), a GET of {@code /}, and the status line, with no classification. Throws
   * what the refusal threw.
   */
  static String statusLineByHand(InetSocketAddress address, SSLContext context, String protocol) throws IOException {
    try (Socket raw = new Socket()) {
      raw.setTcpNoDelay(true);
      raw.connect(address, 10_000);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost",
          address.getPort(), false)) {
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: localhost:" + address.getPort() + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != -1 && b != '\r'; ) {
          line.append((char) b);
        }
        return line.toString();
      }
    }
  }
}
