package dev.mutualtls.handshake.internal;

import dev.mutualtls.handshake.Reason;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate refused by a {@code TrustPolicy} trust manager, with the reason in plain words. JSSE keeps
 * it as the cause of the handshake exception, so the refusing side can report why; its message is the
 * plain-words detail, which JSSE prefixes with the alert it sends.
 */
public final class CertificateRejection extends CertificateException {
  private static final long serialVersionUID = 1L;

  private final transient Reason reason;
  private final transient List<X509Certificate> chain;
  private final String originalMessage;

  public CertificateRejection(Reason reason, String detail, List<X509Certificate> chain, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
    this.chain = List.copyOf(chain);
    this.originalMessage = cause == null ? null : cause.getMessage();
  }

  public Reason reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  /** The validator's own message, when the JDK refused first. */
  public String originalMessage() {
    return originalMessage;
  }
}
