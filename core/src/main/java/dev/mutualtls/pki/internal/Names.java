package dev.mutualtls.pki.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.util.IPAddress;

/** Validation of names for certificates; every error names the field, the value and the rule. */
public final class Names {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private Names() {}

  public static String requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was " + quote(value));
    }
    return value;
  }

  public static X500Principal parse(String field, String distinguishedName) {
    requireText(field, distinguishedName);
    try {
      return new X500Principal(distinguishedName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + quote(distinguishedName)
          + " is not an RFC 4514 distinguished name such as \"CN=alice,O=Example\" (" + e.getMessage() + ")", e);
    }
  }

  /** A principal from attribute/value pairs, escaping each value. */
  public static X500Principal principal(String... attributesAndValues) {
    StringBuilder dn = new StringBuilder();
    for (int i = 0; i < attributesAndValues.length; i += 2) {
      if (dn.length() > 0) {
        dn.append(',');
      }
      dn.append(attributesAndValues[i]).append('=').append(escape(attributesAndValues[i + 1]));
    }
    return new X500Principal(dn.toString());
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (",+\"\\<>;=#".indexOf(c) >= 0 || (c == ' ' && (i == 0 || i == value.length() - 1))) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  public static boolean isIpAddress(String value) {
    return value != null && (IPAddress.isValidIPv4(value) || IPAddress.isValidIPv6(value));
  }

  public static String requireIpAddress(String field, String value) {
    requireText(field, value);
    if (!isIpAddress(value)) {
      throw new IllegalArgumentException(field + ": " + quote(value)
          + " is not an IPv4 or IPv6 address literal (such as 127.0.0.1 or ::1)");
    }
    return value;
  }

  public static boolean isDnsName(String value) {
    if (value == null || value.isEmpty() || value.length() > 253) {
      return false;
    }
    String name = value.startsWith("*.") ? value.substring(2) : value;
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // An all-numeric last label makes a mistyped IPv4 address such as 300.1.1.1 (RFC 1123 section 2.1,
    // RFC 3696 section 2: top-level domains are never all-numeric); minting it as a DNS SAN would hide
    // the typo until a handshake fails.
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  public static String requireDnsName(String field, String value) {
    requireText(field, value);
    if (isIpAddress(value)) {
      throw new IllegalArgumentException(field + ": " + quote(value)
          + " is an IP address, not a DNS name; add it with ipAddresses(...) or hostnames(...)");
    }
    if (!isDnsName(value)) {
      throw new IllegalArgumentException(field + ": " + quote(value)
          + " is not a DNS name (labels of letters, digits and inner hyphens, at most 63 characters each,"
          + " an optional leading \"*.\")");
    }
    return value;
  }

  /** A DNS name or an IP literal. */
  public static String requireHostname(String field, String value) {
    requireText(field, value);
    if (!isDnsName(value) && !isIpAddress(value)) {
      throw new IllegalArgumentException(field + ": " + quote(value)
          + " is neither a DNS name (such as localhost or api.example.test) nor an IP address literal"
          + " (such as 127.0.0.1 or ::1)");
    }
    return value;
  }

  public static String requireUri(String field, String value) {
    requireText(field, value);
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException(field + ": " + quote(value)
            + " is not an absolute URI (such as spiffe://example.org/ns/payments/sa/api)");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(field + ": " + quote(value)
          + " is not an absolute URI (such as spiffe://example.org/ns/payments/sa/api)", e);
    }
    return value;
  }

  public static String requireEmail(String field, String value) {
    requireText(field, value);
    if (!EMAIL.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ": " + quote(value)
          + " is not an email address (such as alice@example.org)");
    }
    return value;
  }

  public static String quote(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
