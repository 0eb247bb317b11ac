package dev.mutualtls.demo;

/**
 * The partner could not be reached, or did not answer within the configured timeouts, and there is no
 * sign that it refused our certificate. Usually worth retrying later.
 */
public final class PartnerUnavailableException extends PartnerException {
  private static final long serialVersionUID = 1L;

  PartnerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
