package dev.mutualtls.demo;

/**
 * A call to the payments partner failed. The subclasses say why, so callers can react to each: the
 * partner refused our certificate ({@link PartnerRejectedCertificateException}), we refused the
 * partner's ({@link UntrustedPartnerException}), the partner could not be reached in time
 * ({@link PartnerUnavailableException}), or it answered with an error ({@link PartnerResponseException}).
 */
public class PartnerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, caused by {@code cause} (may be null). */
  public PartnerException(String message, Throwable cause) {
    super(message, cause);
  }
}
