package dev.mutualtls.demo;

/**
 * The TLS handshake succeeded, but the partner answered with an HTTP error status: for example 403 when our
 * (valid) certificate is not on its allow-list, or 422 for an order it does not accept.
 */
public final class PartnerResponseException extends PartnerException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String body;

  PartnerResponseException(String message, int statusCode, String body) {
    super(message, null);
    this.statusCode = statusCode;
    this.body = body;
  }

  /** The HTTP status code, such as 403. */
  public int statusCode() {
    return statusCode;
  }

  /** The response body as the partner sent it. */
  public String body() {
    return body;
  }
}
