package dev.mutualtls.handshake;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The findings of one {@link ServerAudit}: per client {@link Defect} and protocol, what the server did, with the
 * probe's whole result behind each. {@link #table()} prints them, followed by one line on why each wrongly accepted
 * defect matters and the usual remedy. Immutable.
 */
public final class AuditReport {
  private final InetSocketAddress address;
  private final String hostname;
  private final CertificateAuthority ca;
  private final List<String> protocols;
  private final List<HandshakeResult> goodClient;
  private final List<Finding> findings;
  private final Integer revocationRequests;

  AuditReport(InetSocketAddress address, String hostname, CertificateAuthority ca, List<String> protocols,
      List<HandshakeResult> goodClient, List<Finding> findings, Integer revocationRequests) {
    this.address = address;
    this.hostname = hostname;
    this.ca = ca;
    this.protocols = List.copyOf(protocols);
    this.goodClient = List.copyOf(goodClient);
    this.findings = List.copyOf(findings);
    this.revocationRequests = revocationRequests;
  }

  /** The address audited. */
  public InetSocketAddress address() {
    return address;
  }

  /** The protocols audited, each separately. */
  public List<String> protocols() {
    return protocols;
  }

  /** The good client's accepted probes, one per protocol, in {@link #protocols()} order. */
  public List<HandshakeResult> goodClient() {
    return goodClient;
  }

  /** One finding per client defect and protocol, in catalogue order. */
  public List<Finding> findings() {
    return findings;
  }

  /** The findings where the server accepted a defective certificate. */
  public List<Finding> wronglyAccepted() {
    return findings.stream().filter(Finding::accepted).collect(Collectors.toList());
  }

  /** The findings where the probe could establish neither acceptance nor refusal. */
  public List<Finding> unconfirmed() {
    return findings.stream().filter(f -> f.verdict() == Finding.Verdict.UNCONFIRMED).collect(Collectors.toList());
  }

  /** The defects the server accepted over at least one protocol, in catalogue order. */
  public Set<Defect> acceptedDefects() {
    return wronglyAccepted().stream().map(Finding::defect).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * How many CRL and OCSP requests the CA's revocation endpoint answered during the audit; empty when the CA
   * publishes no revocation status (it was built without {@code revocationEndpoint(true)}).
   */
  public Optional<Integer> revocationRequests() {
    return Optional.ofNullable(revocationRequests);
  }

  /**
   * The findings as an aligned text table (defect, protocol, what happened), then, for each wrongly accepted
   * defect, why it matters and the usual remedy for the kind of server the refusals point to.
   */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("Client-certificate audit of ").append(hostname).append(" (")
        .append(address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress())
        .append(':').append(address.getPort()).append("), clients of ").append(ca.subject().getName()).append('\n');
    int width = "MISSING_DIGITAL_SIGNATURE".length();
    String format = "  %-" + width + "s  %-8s %s%n";
    out.append(String.format(format, "defect", "protocol", "what the server did"));
    for (HandshakeResult good : goodClient) {
      out.append(String.format(format, "(good client)", good.protocol().orElse("?"), "accepted"
          + good.httpStatus().map(status -> " (HTTP " + status + ")").orElse("")));
    }
    for (Finding finding : findings) {
      out.append(String.format(format, finding.defect(), finding.protocol(), finding.what()));
    }
    List<Finding> accepted = wronglyAccepted();
    Set<Defect> defects = acceptedDefects();
    long unconfirmed = unconfirmed().size();
    out.append(accepted.isEmpty() ? "Every defective certificate was refused" : defects.size() + " of "
        + ServerAudit.clientDefects().size() + " defects accepted").append(unconfirmed == 0 ? "."
        : "; " + unconfirmed + " finding" + (unconfirmed == 1 ? "" : "s") + " unconfirmed, not counted as refused.")
        .append('\n');
    Remedies.Family family = Remedies.family(findings);
    for (Defect defect : defects) {
      out.append("- ").append(defect).append(": ").append(Remedies.whyItMatters(defect)).append('\n');
      if (defect == Defect.REVOKED) {
        out.append("    ").append(revocationNote()).append('\n');
      }
      for (String remedy : Remedies.remedies(defect, family)) {
        out.append("    ").append(remedy).append('\n');
      }
    }
    return out.toString();
  }

  private String revocationNote() {
    if (revocationRequests == null) {
      return "The CA publishes no revocation status (build it with revocationEndpoint(true), or use"
          + " @MutualTls(revocation = ...)): the server could not have refused it.";
    }
    return revocationRequests == 0
        ? "The server made no CRL or OCSP request to the CA's endpoint during the audit: it checks no revocation."
        : "The server made " + revocationRequests + " CRL or OCSP request" + (revocationRequests == 1 ? "" : "s")
            + " to the CA's endpoint during the audit, and accepted the revoked certificate anyway (soft-fail?).";
  }

  /** The table. */
  @Override
  public String toString() {
    return table();
  }
}
