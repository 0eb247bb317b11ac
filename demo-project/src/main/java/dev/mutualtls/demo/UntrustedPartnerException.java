package dev.mutualtls.demo;

/**
 * We refused the partner's server certificate: it does not chain to a CA we trust, has expired, or does
 * not name the host we connected to. Nothing was sent to the partner. This is what a misrouted request or a
 * man in the middle looks like, so it is never retried.
 */
public final class UntrustedPartnerException extends PartnerException {
  private static final long serialVersionUID = 1L;

  UntrustedPartnerException(String message, Throwable cause) {
    super(message, cause);
  }
}
