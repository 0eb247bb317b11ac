package dev.mutualtls.demo;

import java.util.Optional;

/**
 * The partner refused the TLS handshake after we presented our client certificate: the certificate is
 * expired, revoked, issued by a CA the partner does not trust, not on its allow-list, or missing. Retrying
 * does not help; renewing or re-issuing the certificate does.
 *
 * <p>How it is detected, honestly: when {@code java.net.http.HttpClient} reports the TLS alert the partner
 * sent (mostly TLS 1.2), the alert is {@link #alert()} and {@link #evidence()} is
 * {@link Evidence#ALERT_FROM_PARTNER}. Under TLS 1.3 {@code HttpClient} (JDK 17 to 25) never reports that
 * alert: the request fails with {@code HttpConnectTimeoutException} once the connect timeout is over (or with a
 * request timeout, a reset, or an {@code IOException} without a message).
 * {@link PartnerClient} then makes a diagnostic handshake with a plain {@code SSLSocket}, which does read
 * the alert; if the partner refuses that handshake too, this exception is thrown with
 * {@link Evidence#DIAGNOSTIC_HANDSHAKE} and the original failure as its cause. A partner that closes without
 * draining the connection can have its alert overtaken by a TCP reset; when every diagnostic handshake is
 * dropped that way, the evidence is {@link Evidence#DROPPED_IN_HANDSHAKE} and there is no alert. Which of
 * our certificate's flaws the partner objected to is not on the wire: a JDK server sends
 * {@code certificate_unknown} for all of them; only the partner's logs know.
 */
public final class PartnerRejectedCertificateException extends PartnerException {
  private static final long serialVersionUID = 1L;

  /** How the refusal became known. */
  public enum Evidence {
    /** {@code HttpClient} itself failed with the partner's alert. */
    ALERT_FROM_PARTNER,
    /** {@code HttpClient} timed out; a diagnostic handshake then received the partner's alert. */
    DIAGNOSTIC_HANDSHAKE,
    /**
     * The partner took every connection and dropped it during the TLS handshake (or right after a TLS 1.3
     * handshake, before answering) without an alert we could read: a refusal, and the client certificate is
     * what a server refuses in the handshake once it has answered our hello. Inferred, not read: a server that
     * closes without draining the connection can have its alert overtaken by a reset.
     */
    DROPPED_IN_HANDSHAKE
  }

  private final String alert;
  private final Evidence evidence;

  PartnerRejectedCertificateException(String message, String alert, Evidence evidence, Throwable cause) {
    super(message, cause);
    this.alert = alert;
    this.evidence = evidence;
  }

  /**
   * The TLS alert the partner sent, by its RFC name (such as {@code certificate_unknown}), if one was read: empty
   * for {@link Evidence#DROPPED_IN_HANDSHAKE}.
   */
  public Optional<String> alert() {
    return Optional.ofNullable(alert);
  }

  /** Whether the alert came with the request or from the diagnostic handshake after a TLS 1.3 timeout. */
  public Evidence evidence() {
    return evidence;
  }
}
