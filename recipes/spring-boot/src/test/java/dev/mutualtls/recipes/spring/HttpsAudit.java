package dev.mutualtls.recipes.spring;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Presents the good client and then every client {@link Defect} of a CA to an HTTPS endpoint that answers with the
 * client certificate's subject, under one TLS version, with two clients: curl (OpenSSL) and a plain JSSE socket. A
 * client counts as let through only when the server answered 200 with that client's own subject: a completed TLS 1.3
 * handshake proves nothing, since the server judges the certificate after the client's side of it has finished.
 *
 * <p>Every defective certificate is minted fresh from the CA ({@link CertificateAuthority#defective(Defect)}), so a
 * {@link Defect#REVOKED} one is on the CA's CRL and its OCSP responder says so.
 */
public final class HttpsAudit {
  /** The name of the row of the good client, {@code CN=client,O=mutualtls}. */
  public static final String GOOD = "GOOD";

  /** An OpenSSL alert in curl's error: {@code ...sslv3 alert certificate unknown} or {@code ...tlsv13 alert ...}. */
  private static final Pattern ALERT = Pattern.compile("alert ([a-z ]+?)(?:,|$)");

  private HttpsAudit() {}

  /** What each client saw when presenting one certificate. */
  public record Finding(String presented, Curl.Result curl, JsseHttps.Result jsse, String subject) {
    /** Whether curl was answered with the subject; false when curl could not present it (exit 58). */
    public boolean curlLetThrough() {
      return curl.answered(subject);
    }

    /** Whether the JSSE client was answered with the subject. */
    public boolean jsseLetThrough() {
      return jsse.answered(subject);
    }
  }

  /** The rows of an audit: {@link #GOOD} and the name of every client-side {@link Defect}. */
  public static List<String> rows() {
    List<String> rows = new ArrayList<>();
    rows.add(GOOD);
    for (Defect defect : Defect.values()) {
      if (defect.side() == Side.CLIENT) {
        rows.add(defect.name());
      }
    }
    return rows;
  }

  /**
   * Runs the audit against {@code uri} (the endpoint answering the subject) with {@code protocol}; curl's PEM files go
   * into {@code directory}. The findings are keyed by row name, in {@link #rows()} order.
   */
  public static Map<String, Finding> run(CertificateAuthority ca, URI uri, String protocol, Path directory) {
    Map<String, Finding> findings = new LinkedHashMap<>();
    for (String row : rows()) {
      Identity identity = row.equals(GOOD) ? ca.client("client")
          : row.equals(Defect.NO_CERTIFICATE.name()) ? null : ca.defective(Defect.valueOf(row));
      SSLContext context = identity == null ? ca.sslContextWithoutCertificate() : identity.sslContext(ca);
      String subject = identity == null ? "(none)" : identity.certificate().getSubjectX500Principal().getName();
      findings.put(row, new Finding(row, Curl.get(uri, protocol, ca, identity, directory),
          JsseHttps.get(uri, protocol, context), subject));
    }
    return findings;
  }

  /** The rows the server let through according to curl. */
  public static List<String> letThroughByCurl(Map<String, Finding> findings) {
    return findings.values().stream().filter(Finding::curlLetThrough).map(Finding::presented).toList();
  }

  /** The rows the server let through according to the JSSE client. */
  public static List<String> letThroughByJsse(Map<String, Finding> findings) {
    return findings.values().stream().filter(Finding::jsseLetThrough).map(Finding::presented).toList();
  }

  /**
   * What curl saw for each row the server did not answer, in short: where the refusal surfaced ({@code handshake}:
   * curl's exit 35 under TLS 1.2; {@code first read}: exit 56 under TLS 1.3, after curl's side of the handshake had
   * finished) and the alert, in OpenSSL's words; {@code not presented} when curl would not load the certificate.
   */
  public static Map<String, String> curlRefusals(Map<String, Finding> findings) {
    return findings.values().stream().filter(finding -> !finding.curlLetThrough())
        .collect(Collectors.toMap(Finding::presented, finding -> seen(finding.curl()), (a, b) -> a, TreeMap::new));
  }

  private static String seen(Curl.Result result) {
    Matcher alert = ALERT.matcher(result.error());
    if ((result.exitCode() == 35 || result.exitCode() == 56) && alert.find()) {
      return (result.exitCode() == 35 ? "handshake: alert " : "first read: alert ") + alert.group(1);
    }
    if (result.exitCode() == 58) {
      return "not presented: curl will not load it";
    }
    return result.toString();
  }

  /**
   * The refusals a JSSE server (Tomcat, or Reactor Netty on the JDK's TLS) shows curl for every row not in
   * {@code letThrough}: {@code certificate unknown} for every certificate it refuses, whatever the reason, and for
   * the missing certificate {@code bad certificate} on Java 17.0.15 (later JDKs send {@code handshake failure} under
   * TLS 1.2 and {@code certificate required} under TLS 1.3). A key that does not match its certificate is never
   * presented by curl.
   */
  public static Map<String, String> jsseServerRefusals(String protocol, List<String> letThrough) {
    String where = protocol.equals("TLSv1.2") ? "handshake: alert " : "first read: alert ";
    Map<String, String> expected = new TreeMap<>();
    for (String row : rows()) {
      if (!letThrough.contains(row)) {
        expected.put(row, row.equals(Defect.MISMATCHED_PRIVATE_KEY.name()) ? "not presented: curl will not load it"
            : row.equals(Defect.NO_CERTIFICATE.name()) ? where + noCertificateAlert(protocol)
            : where + "certificate unknown");
      }
    }
    return expected;
  }

  /**
   * The alert a JSSE server sends a client that presents no certificate, as OpenSSL names it: Java 17.0.15 (this
   * machine's Java 17) sends bad_certificate; later JDKs send handshake_failure (TLS 1.2) and certificate_required
   * (TLS 1.3), as measured on 25.0.3 here and on 17.0.21 by the project's reference (17.0.16 to 17.0.20 unmeasured).
   */
  private static String noCertificateAlert(String protocol) {
    if (Runtime.version().feature() == 17 && Runtime.version().update() <= 15) {
      return "bad certificate";
    }
    return protocol.equals("TLSv1.2") ? "handshake failure" : "certificate required";
  }

  /** The findings as a table, one row per presented certificate, for the test's report. */
  public static String table(String title, Map<String, Finding> findings) {
    StringBuilder table = new StringBuilder(title).append('\n');
    findings.values().forEach(finding -> table.append(String.format("  %-26s curl: %-90s jsse: %s%n",
        finding.presented(), finding.curl(), finding.jsse())));
    return table.toString();
  }
}
