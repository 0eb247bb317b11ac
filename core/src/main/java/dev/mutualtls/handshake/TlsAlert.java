package dev.mutualtls.handshake;

import java.util.Locale;
import java.util.Optional;

/**
 * Every TLS 1.2 and TLS 1.3 alert (RFC 5246, RFC 8446 section 6, and the IANA registry), with its RFC name
 * and code.
 *
 * <p>Which alert crosses the wire depends on the stack that sends it: a JSSE server sends
 * {@link #CERTIFICATE_UNKNOWN} for every client-certificate failure (expired, untrusted, wrong usage,
 * revoked); OpenSSL sends {@link #UNKNOWN_CA}, {@link #CERTIFICATE_EXPIRED} or
 * {@link #UNSUPPORTED_CERTIFICATE}. Assert the {@link Reason} when the server is yours.
 */
public enum TlsAlert {
  CLOSE_NOTIFY(0), UNEXPECTED_MESSAGE(10), BAD_RECORD_MAC(20), DECRYPTION_FAILED(21), RECORD_OVERFLOW(22),
  DECOMPRESSION_FAILURE(30), HANDSHAKE_FAILURE(40), NO_CERTIFICATE(41), BAD_CERTIFICATE(42),
  UNSUPPORTED_CERTIFICATE(43), CERTIFICATE_REVOKED(44), CERTIFICATE_EXPIRED(45), CERTIFICATE_UNKNOWN(46),
  ILLEGAL_PARAMETER(47), UNKNOWN_CA(48), ACCESS_DENIED(49), DECODE_ERROR(50), DECRYPT_ERROR(51),
  EXPORT_RESTRICTION(60), PROTOCOL_VERSION(70), INSUFFICIENT_SECURITY(71), INTERNAL_ERROR(80),
  INAPPROPRIATE_FALLBACK(86), USER_CANCELED(90), NO_RENEGOTIATION(100), MISSING_EXTENSION(109),
  UNSUPPORTED_EXTENSION(110), CERTIFICATE_UNOBTAINABLE(111), UNRECOGNIZED_NAME(112),
  BAD_CERTIFICATE_STATUS_RESPONSE(113), BAD_CERTIFICATE_HASH_VALUE(114), UNKNOWN_PSK_IDENTITY(115),
  CERTIFICATE_REQUIRED(116), NO_APPLICATION_PROTOCOL(120);

  private final int code;

  TlsAlert(int code) {
    this.code = code;
  }

  /** The alert's code on the wire. */
  public int code() {
    return code;
  }

  /** The RFC name, such as {@code certificate_unknown}. */
  public String rfcName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The alert with this RFC name (as JSSE and OpenSSL print it), if any. */
  public static Optional<TlsAlert> fromRfcName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String normalized = name.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    for (TlsAlert alert : values()) {
      if (alert.rfcName().equals(normalized)) {
        return Optional.of(alert);
      }
    }
    return Optional.empty();
  }

  /** The alert with this code, if any. */
  public static Optional<TlsAlert> fromCode(int code) {
    for (TlsAlert alert : values()) {
      if (alert.code == code) {
        return Optional.of(alert);
      }
    }
    return Optional.empty();
  }

  /** {@code certificate_unknown (46)}. */
  @Override
  public String toString() {
    return rfcName() + " (" + code + ")";
  }
}
