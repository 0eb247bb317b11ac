package dev.mutualtls.handshake;

import dev.mutualtls.handshake.HandshakeResult.Step;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/** Tells a {@link HandshakeResult} as the textbook steps of mutual TLS. */
final class Explanation {
  private Explanation() {}

  static String of(HandshakeResult r) {
    StringBuilder out = new StringBuilder();
    String target = r.hostname + " (" + r.address.getAddress().getHostAddress() + ":" + r.address.getPort() + ")";
    out.append("Mutual TLS handshake with ").append(target).append(": ");
    if (r.succeeded) {
      out.append("ACCEPTED (").append(r.protocol).append(")\n");
    } else if (r.rejectedBy != null) {
      out.append("REFUSED by the ").append(r.rejectedBy.word())
          .append(r.alert == null ? "" : " with alert " + r.alert).append('\n');
    } else {
      out.append("FAILED\n");
    }

    List<String[]> steps = new ArrayList<>();
    Step stop = r.stoppedAt;
    boolean failed = !r.succeeded;
    steps.add(row(Step.CLIENT_HELLO, "ClientHello", "client -> server",
        "offers " + String.join(", ", r.offeredProtocols) + "; server name " + r.hostname));
    steps.add(row(Step.SERVER_HELLO, "ServerHello", "server -> client",
        r.protocol != null ? r.protocol + (r.cipherSuite == null ? "" : ", " + r.cipherSuite)
            : failed && stop == Step.SERVER_HELLO ? "no agreement: " + r.reason : "(not seen by the probe)"));
    steps.add(row(Step.SERVER_CERTIFICATE, "Certificate", "server -> client",
        r.serverCertificates.isEmpty() ? "(not seen by the probe)" : describe(r.serverCertificates)));
    steps.add(row(Step.CLIENT_VERIFIES_SERVER, "client verifies it", "client",
        failed && r.rejectedBy == Side.CLIENT ? "REFUSED: " + r.reason
            : r.serverCertificates.isEmpty() ? "(not seen by the probe)"
            : "ok: chains to a trusted root and matches " + r.hostname));
    steps.add(row(Step.CERTIFICATE_REQUEST, "CertificateRequest", "server -> client",
        !r.acceptableIssuers.isEmpty() ? "acceptable CAs: " + names(r.acceptableIssuers)
            : r.certificateRequested ? "sent, naming no CAs" : "(not seen by the probe)"));
    steps.add(row(Step.CLIENT_CERTIFICATE, "Certificate", "client -> server",
        !r.clientCertificatesSent.isEmpty() ? describe(r.clientCertificatesSent) + " + CertificateVerify"
            : r.clientCertificatesKnown ? "none (an empty Certificate message)" : "(not seen by the probe)"));
    String serverCheck;
    if (failed && r.rejectedBy == Side.SERVER && stop == Step.SERVER_VERIFIES_CLIENT) {
      serverCheck = "REFUSED: " + r.reason;
    } else if (r.succeeded) {
      serverCheck = "ok: the client certificate chains to a trusted root";
    } else {
      serverCheck = "not reached";
    }
    steps.add(row(Step.SERVER_VERIFIES_CLIENT, "server verifies it", "server", serverCheck));
    steps.add(row(Step.FINISHED, "Finished", "both", r.succeeded ? "exchanged; application data may flow"
        : "not reached"));

    if (stop == Step.CONNECT) {
      out.append("  0. TCP connect        client -> server   FAILED: ").append(r.reason).append("   <== stopped here\n");
    } else {
      int n = 1;
      for (String[] step : steps) {
        boolean here = failed && step[0].equals(stop.name());
        boolean after = failed && Step.valueOf(step[0]).ordinal() > stop.ordinal();
        String detail = after ? "not reached" : step[3];
        out.append(String.format("  %d. %-19s %-17s %s%s%n", n++, step[1], step[2], detail,
            here ? "   <== stopped here" : ""));
      }
    }

    if (!r.succeeded) {
      Reason category = r.category == null ? Reason.OTHER : r.category;
      out.append("Who refused: ");
      if (r.rejectedBy == null) {
        out.append("nobody; no TLS connection was made.\n");
      } else {
        out.append("the ").append(r.rejectedBy.word());
        out.append(r.alert == null ? ", without an alert the client could read" : ", with alert " + r.alert);
        out.append(". Reason: ").append(category.description()).append(".\n");
        if (r.rejectedBy == Side.SERVER && r.alert == TlsAlert.CERTIFICATE_UNKNOWN) {
          out.append("Note: a JSSE server sends certificate_unknown for every certificate it refuses;")
              .append(" the reason above is the server's own.\n");
        }
      }
      out.append("Fix: ").append(category.fix()).append(".\n");
    }
    return out.toString();
  }

  private static String[] row(Step step, String name, String direction, String detail) {
    return new String[] {step.name(), name, direction, detail};
  }

  private static String describe(List<X509Certificate> chain) {
    X509Certificate leaf = chain.get(0);
    return leaf.getSubjectX500Principal().getName() + ", issued by " + leaf.getIssuerX500Principal().getName()
        + (chain.size() > 1 ? " (+" + (chain.size() - 1) + " CA certificate" + (chain.size() > 2 ? "s" : "") + ")" : "");
  }

  private static String names(List<X500Principal> principals) {
    return principals.stream().map(X500Principal::getName).collect(Collectors.joining("; "));
  }
}
