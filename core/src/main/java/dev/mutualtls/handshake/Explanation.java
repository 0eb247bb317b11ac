package dev.mutualtls.handshake;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.handshake.HandshakeResult.ReasonSource;
import dev.mutualtls.handshake.HandshakeResult.Step;
import dev.mutualtls.pki.Side;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * Tells a {@link HandshakeResult} as the textbook steps of mutual TLS, then the exchange after the handshake. Each
 * line says what the probe observed; what it did not see says "(not seen by the probe)", and what follows only by
 * reasoning says so.
 */
final class Explanation {
  private Explanation() {}

  static String of(HandshakeResult r) {
    StringBuilder out = new StringBuilder();
    String target = r.hostname + " (" + r.address.getAddress().getHostAddress() + ":" + r.address.getPort() + ")";
    out.append("Mutual TLS handshake with ").append(target).append(": ").append(headline(r)).append('\n');

    if (r.stoppedAt == Step.CONNECT) {
      out.append("  0. TCP connect        client -> server   FAILED: ").append(r.reason)
          .append("   <== stopped here\n");
    } else {
      steps(r, out);
    }
    verdict(r, out);
    return out.toString();
  }

  private static String headline(HandshakeResult r) {
    switch (r.outcome) {
      case ACCEPTED:
        return "ACCEPTED (" + r.protocol + ")";
      case REFUSED:
        return "REFUSED by the " + r.rejectedBy.word()
            + (r.stoppedAt == Step.APPLICATION_DATA ? " after the handshake" : "")
            + (r.alert != null ? " with alert " + r.alert
                : r.httpStatus != null ? " with HTTP " + r.httpStatus : "");
      case UNCONFIRMED:
        return "UNCONFIRMED" + (r.protocol == null ? "" : " (" + r.protocol + ")");
      case TIMED_OUT:
        return "TIMED OUT";
      default:
        return "NOT CONNECTED";
    }
  }

  private static void steps(HandshakeResult r, StringBuilder out) {
    Step stop = r.stoppedAt;
    boolean refused = r.outcome == Outcome.REFUSED;
    boolean afterHandshake = r.handshakeCompleted && (r.outcome != Outcome.REFUSED || stop == Step.APPLICATION_DATA);
    String[][] rows = {
      {"ClientHello", "client -> server",
          "offers " + String.join(", ", r.offeredProtocols) + "; server name " + r.hostname},
      {"ServerHello", "server -> client",
          r.protocol != null ? r.protocol + (r.cipherSuite == null ? "" : ", " + r.cipherSuite)
              + (Boolean.TRUE.equals(r.resumed) ? "; resumed a cached session (no certificates exchanged)" : "")
              : refused && stop == Step.SERVER_HELLO ? "no agreement: " + r.reason : "(not seen by the probe)"},
      {"Certificate", "server -> client",
          r.serverCertificates.isEmpty() ? "(not seen by the probe)"
              : "serial " + r.serverCertificates.get(0).getSerialNumber().toString(16) + " "
              + describe(r.serverCertificates)},
      {"client verifies it", "client",
          refused && r.rejectedBy == Side.CLIENT ? "REFUSED: " + r.reason
              : r.serverCertificates.isEmpty() ? "(not seen by the probe)"
              : r.serverUnchecked ? "not checked: this diagnosis of the client's certificate accepts any server"
              : "ok: chains to a trusted root and matches " + r.hostname},
      {"CertificateRequest", "server -> client",
          !r.acceptableIssuers.isEmpty() ? "acceptable CAs: " + names(r.acceptableIssuers)
              : r.certificateRequested ? "sent, naming no CAs" : "(not seen by the probe)"},
      {"Certificate", "client -> server",
          !r.clientCertificatesSent.isEmpty() ? describe(r.clientCertificatesSent) + " + CertificateVerify"
              : (r.clientCertificatesKnown ? "none (an empty Certificate message)" : "(not seen by the probe)")
                  + (hiddenKeyManager(r) ? "; why is not visible: an SSLContext hides its key manager"
                      + " (Handshake.certificateSelection(keyManager) tells)" : "")},
      {"server verifies it", "server", serverCheck(r)},
      {"Finished", "both", afterHandshake ? "exchanged" : "not reached"},
      {exchangeName(r.exchange), "client -> server", r.exchanged != null ? r.exchanged : "not reached"},
    };
    for (int i = 0; i < rows.length; i++) {
      Step step = Step.values()[i + 1];
      boolean here = r.outcome != Outcome.ACCEPTED && step == stop;
      // What came after the stop was not reached, except the exchange, which the probe ran and reports.
      boolean after = r.outcome != Outcome.ACCEPTED && step.ordinal() > stop.ordinal()
          && !(step == Step.APPLICATION_DATA && r.exchanged != null);
      if (r.outcome == Outcome.ACCEPTED && step == Step.APPLICATION_DATA && r.exchanged == null) {
        continue;
      }
      out.append(String.format("  %d. %-19s %-17s %s%s%n", i + 1, rows[i][0], rows[i][1],
          after ? "not reached" : rows[i][2], here ? "   <== stopped here" : ""));
      if (step == Step.CLIENT_CERTIFICATE && !after && r.clientCertificatesSent.isEmpty() && r.selection != null
          && r.selection.requested) {
        for (String line : r.selection.stepSix()) {
          out.append(" ".repeat(43)).append(line).append('\n');
        }
      }
    }
  }

  /** Whether the client may have sent no certificate, from an SSLContext whose key manager the probe cannot see. */
  private static boolean hiddenKeyManager(HandshakeResult r) {
    return !r.ownKeyManager && (r.clientCertificatesKnown || r.category == Reason.NO_CERTIFICATE
        || r.alert == TlsAlert.HANDSHAKE_FAILURE || r.alert == TlsAlert.CERTIFICATE_REQUIRED);
  }

  private static String serverCheck(HandshakeResult r) {
    boolean tls13 = "TLSv1.3".equals(r.protocol);
    switch (r.outcome) {
      case ACCEPTED:
        return r.reasonSourceIsRecord()
            ? "ok: the server's own record says it accepted the client"
            : "ok, shown by its answer at step 9 (a server answers only a client it accepted)";
      case REFUSED:
        if (r.rejectedBy == Side.SERVER && r.stoppedAt == Step.SERVER_VERIFIES_CLIENT) {
          return "REFUSED: " + r.reason;
        }
        if (r.stoppedAt == Step.APPLICATION_DATA) {
          return tls13 ? "no alert during the handshake" : "no alert: the server finished the handshake";
        }
        return "not reached";
      case UNCONFIRMED:
      case TIMED_OUT:
        if (!r.handshakeCompleted) {
          return "not reached";
        }
        return tls13 ? "unconfirmed: no alert, and no answer that shows acceptance"
            : "no alert: the server finished the handshake; acceptance unconfirmed without an answer";
      default:
        return "not reached";
    }
  }

  private static String exchangeName(Exchange exchange) {
    switch (exchange.kind()) {
      case HTTP1:
        return "HTTP/1.1 request";
      case HTTP2:
        return "HTTP/2 preface";
      default:
        return "application data";
    }
  }

  private static void verdict(HandshakeResult r, StringBuilder out) {
    switch (r.outcome) {
      case ACCEPTED:
        return;
      case REFUSED:
        out.append("Who refused: the ").append(r.rejectedBy.word());
        if (r.stoppedAt == Step.APPLICATION_DATA) {
          out.append(", after the handshake");
        }
        out.append(r.alert != null ? ", with alert " + r.alert
            : r.httpStatus != null ? ", with HTTP " + r.httpStatus : ", without an alert the client could read");
        out.append(". Reason: ").append(reason(r)).append(".\n");
        if (r.rejectedBy == Side.SERVER && r.alert == TlsAlert.CERTIFICATE_UNKNOWN) {
          out.append(r.reasonSource == ReasonSource.SERVER_RECORD
              ? "Note: a JSSE server sends certificate_unknown for every certificate it refuses;"
                  + " the reason above is the server's own.\n"
              : "Note: a JSSE server sends certificate_unknown for every certificate it refuses; its log says why.\n");
        }
        out.append("Fix: ").append(r.category != null ? r.category.fix()
            : "read the server's log for why it refused; against the library's servers the reason is recorded")
            .append(".\n");
        return;
      case UNCONFIRMED:
        out.append("Not confirmed: ").append(r.reason).append(".\n")
            .append("Fix: if the server speaks HTTP, probe with Exchange.http() or Exchange.http2(): its answer"
                + " shows acceptance.\n");
        return;
      case TIMED_OUT:
        out.append("No answer: ").append(r.reason).append(".\n")
            .append("Fix: check that the server speaks TLS on this port and answers ").append(r.exchange.request())
            .append("; a server that hangs is a finding of its own.\n");
        return;
      default:
        out.append("Who refused: nobody; no TLS connection was made.\n")
            .append("Fix: ").append(Reason.CONNECTION_FAILED.fix()).append(".\n");
    }
  }

  private static String reason(HandshakeResult r) {
    if (r.category == null) {
      return "unknown: the server is not one of the library's and did not say why";
    }
    String description = r.category.description();
    switch (r.reasonSource) {
      case ALERT:
        return description + ", as the alert " + r.alert + " says";
      case ANSWER:
        return description + ", as the server's answer says";
      case INFERRED:
        return description + " (inferred: the client sent no certificate and the server sent " + r.alert + ")";
      default:
        return description;
    }
  }

  private static String describe(List<X509Certificate> chain) {
    X509Certificate leaf = chain.get(0);
    return leaf.getSubjectX500Principal().getName() + ", issued by " + leaf.getIssuerX500Principal().getName()
        + (chain.size() > 1
            ? " (+" + (chain.size() - 1) + " CA certificate" + (chain.size() > 2 ? "s" : "") + ")" : "");
  }

  private static String names(List<X500Principal> principals) {
    return principals.stream().map(X500Principal::getName).collect(Collectors.joining("; "));
  }
}
