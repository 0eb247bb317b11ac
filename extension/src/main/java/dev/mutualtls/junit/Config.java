package dev.mutualtls.junit;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.KeyType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The effective {@link MutualTls} configuration of one extension context: the innermost non-empty value of each
 * attribute (method, class, superclass, enclosing classes), else the run's configuration parameter, else the
 * built-in default. Immutable; {@link #key()} is what decides whether two levels can share a CA and server.
 */
final class Config {
  static final String KEY_TYPE = "mutualtls.keyType";
  static final String HOSTNAMES = "mutualtls.hostnames";
  static final String PROTOCOLS = "mutualtls.protocols";
  static final String CLIENTS = "mutualtls.clients";
  static final String TRUST_POLICY = "mutualtls.trustPolicy";
  static final String REVOCATION = "mutualtls.revocation";
  static final String REVOCATION_SOFT_FAIL = "mutualtls.revocationSoftFail";
  static final String HTTP_TIMEOUT = "mutualtls.httpTimeout";
  static final String MINTED_AT = "mutualtls.mintedAt";
  static final String SERVER_POOL = "mutualtls.serverPool";
  static final String DEFAULT_CLIENT = "client";
  static final List<String> DEFAULT_HOSTNAMES = List.of("localhost", "127.0.0.1", "::1");
  static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** What a CA and server are made from; levels with equal keys share them. */
  static final class Key {
    final KeyType keyType;
    final List<String> hostnames;
    final List<String> protocols;
    final TrustPolicy trustPolicy;
    final RevocationCheck revocation;
    /** Always false without revocation checking, so that the switch alone never splits a fixture. */
    final boolean revocationSoftFail;
    /** When the CA mints: an {@link Instant}, a {@link Duration} from the real time, or null for the real time. */
    final Object mintedAt;

    Key(KeyType keyType, List<String> hostnames, List<String> protocols, TrustPolicy trustPolicy,
        RevocationCheck revocation, boolean revocationSoftFail, Object mintedAt) {
      this.mintedAt = mintedAt;
      this.keyType = keyType;
      this.hostnames = List.copyOf(hostnames);
      this.protocols = List.copyOf(protocols);
      this.trustPolicy = trustPolicy;
      this.revocation = revocation;
      this.revocationSoftFail = revocation != RevocationCheck.NONE && revocationSoftFail;
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Key)) {
        return false;
      }
      Key that = (Key) other;
      return keyType == that.keyType && hostnames.equals(that.hostnames) && protocols.equals(that.protocols)
          && trustPolicy == that.trustPolicy && revocation == that.revocation
          && revocationSoftFail == that.revocationSoftFail && Objects.equals(mintedAt, that.mintedAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyType, hostnames, protocols, trustPolicy, revocation, revocationSoftFail, mintedAt);
    }

    @Override
    public String toString() {
      return "keyType=" + keyType + ", hostnames=" + hostnames + ", protocols=" + protocols + ", trustPolicy="
          + trustPolicy + ", revocation=" + revocation + (revocationSoftFail ? " (soft-fail)" : "")
          + (mintedAt != null ? ", mintedAt=" + mintedAt : "");
    }
  }

  private final Key key;
  private final Set<String> clients;
  private final Duration httpTimeout;

  private Config(Key key, Set<String> clients, Duration httpTimeout) {
    this.key = key;
    this.clients = clients;
    this.httpTimeout = httpTimeout;
  }

  /** The timeout of the clients' HTTP clients: {@code mutualtls.httpTimeout}, else 10 seconds. */
  Duration httpTimeout() {
    return httpTimeout;
  }

  Key key() {
    return key;
  }

  /** Every client name a parameter may select here, the default client first. */
  Set<String> clients() {
    return clients;
  }

  /** Whether any level of this context carries {@link MutualTls}. */
  static boolean annotated(ExtensionContext context) {
    return !levels(context).isEmpty();
  }

  /**
   * The configuration of {@code context}.
   *
   * @throws ExtensionConfigurationException naming the annotation, the element, the rule and the value when an
   *     attribute or configuration parameter is invalid
   */
  static Config of(ExtensionContext context) {
    KeyType keyType = null;
    List<String> hostnames = null;
    List<String> protocols = null;
    TrustPolicy trustPolicy = null;
    RevocationCheck revocation = null;
    Boolean softFail = null;
    Object mintedAt = null;
    Set<String> clients = new LinkedHashSet<>();
    clients.add(DEFAULT_CLIENT);
    for (Level level : levels(context)) {
      MutualTls annotation = level.annotation;
      String where = level.where;
      KeyType levelKeyType = atMostOne(List.of(annotation.keyType()), "keyType", "key type", where);
      TrustPolicy levelTrustPolicy = atMostOne(List.of(annotation.trustPolicy()), "trustPolicy", "trust policy",
          where);
      RevocationCheck levelRevocation = atMostOne(List.of(annotation.revocation()), "revocation",
          "revocation check", where);
      Boolean levelSoftFail = atMostOne(booleans(annotation.revocationSoftFail()), "revocationSoftFail", "value",
          where);
      keyType = keyType != null ? keyType : levelKeyType;
      trustPolicy = trustPolicy != null ? trustPolicy : levelTrustPolicy;
      revocation = revocation != null ? revocation : levelRevocation;
      softFail = softFail != null ? softFail : levelSoftFail;
      if (hostnames == null && annotation.hostnames().length > 0) {
        hostnames = hostnames(List.of(annotation.hostnames()), "@MutualTls(hostnames) on " + where);
      }
      if (mintedAt == null && !annotation.mintedAt().isEmpty()) {
        mintedAt = mintedAt(annotation.mintedAt(), "@MutualTls(mintedAt) on " + where);
      }
      if (protocols == null && annotation.protocols().length > 0) {
        protocols = protocols(List.of(annotation.protocols()), "@MutualTls(protocols) on " + where);
      }
      clients.addAll(clientNames(List.of(annotation.clients()), "@MutualTls(clients) on " + where));
    }
    if (keyType == null) {
      keyType = parameter(context, KEY_TYPE).map(value -> enumValue(KeyType.class, value, KEY_TYPE))
          .orElse(KeyType.EC_P256);
    }
    if (trustPolicy == null) {
      trustPolicy = parameter(context, TRUST_POLICY).map(value -> enumValue(TrustPolicy.class, value, TRUST_POLICY))
          .orElse(TrustPolicy.STRICT);
    }
    if (revocation == null) {
      revocation = parameter(context, REVOCATION).map(value -> enumValue(RevocationCheck.class, value, REVOCATION))
          .orElse(RevocationCheck.NONE);
    }
    if (softFail == null) {
      softFail = parameter(context, REVOCATION_SOFT_FAIL).map(Config::softFail).orElse(false);
    }
    if (hostnames == null) {
      hostnames = parameter(context, HOSTNAMES).map(value -> hostnames(split(value), parameterName(HOSTNAMES)))
          .orElse(DEFAULT_HOSTNAMES);
    }
    if (protocols == null) {
      protocols = parameter(context, PROTOCOLS).map(value -> protocols(split(value), parameterName(PROTOCOLS)))
          .orElse(SUPPORTED_PROTOCOLS);
    }
    parameter(context, CLIENTS).ifPresent(value -> clients.addAll(clientNames(split(value), parameterName(CLIENTS))));
    Duration httpTimeout = parameter(context, HTTP_TIMEOUT).map(Config::duration)
        .orElse(MutualTlsClient.DEFAULT_HTTP_TIMEOUT);
    if (mintedAt == null) {
      mintedAt = parameter(context, MINTED_AT).map(value -> mintedAt(value, parameterName(MINTED_AT))).orElse(null);
    }
    return new Config(new Key(keyType, hostnames, protocols, trustPolicy, revocation, softFail, mintedAt),
        Collections.unmodifiableSet(clients), httpTimeout);
  }

  private static final class Level {
    final MutualTls annotation;
    final String where;

    Level(MutualTls annotation, String where) {
      this.annotation = annotation;
      this.where = where;
    }
  }

  /** The annotated levels of {@code context}, innermost first. */
  private static List<Level> levels(ExtensionContext context) {
    List<Level> levels = new ArrayList<>();
    AnnotatedElement previous = null;
    for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
      AnnotatedElement element = current.getElement().orElse(null);
      if (element == null || element.equals(previous)) {
        continue;
      }
      previous = element;
      Optional<MutualTls> annotation = AnnotationSupport.findAnnotation(element, MutualTls.class);
      if (annotation.isPresent()) {
        levels.add(new Level(annotation.get(), describe(element)));
      }
    }
    return levels;
  }

  static String describe(AnnotatedElement element) {
    if (element instanceof Class) {
      return "class " + ((Class<?>) element).getName();
    }
    if (element instanceof Method) {
      Method method = (Method) element;
      return "method " + method.getDeclaringClass().getName() + "." + method.getName() + "("
          + Stream.of(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }
    return String.valueOf(element);
  }

  private static Optional<String> parameter(ExtensionContext context, String name) {
    return context.getConfigurationParameter(name).map(String::trim).filter(value -> !value.isEmpty());
  }

  private static String parameterName(String name) {
    return "configuration parameter " + name;
  }

  private static List<String> split(String value) {
    return Stream.of(value.split(",")).map(String::trim).filter(part -> !part.isEmpty()).collect(Collectors.toList());
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String name) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new ExtensionConfigurationException(parameterName(name) + ": " + quote(value) + " is not a "
        + type.getSimpleName() + "; accepted values: " + Stream.of(type.getEnumConstants()).map(Enum::name)
        .collect(Collectors.joining(", ")));
  }

  /** The only value of an attribute, or null if it has none. */
  private static <T> T atMostOne(List<T> values, String attribute, String what, String where) {
    if (values.size() > 1) {
      throw new ExtensionConfigurationException("@MutualTls(" + attribute + ") on " + where + " must give at most"
          + " one " + what + ", but gives " + values + "; keep one, or none for the run's default");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static List<Boolean> booleans(boolean[] values) {
    List<Boolean> list = new ArrayList<>();
    for (boolean value : values) {
      list.add(value);
    }
    return list;
  }

  private static boolean softFail(String value) {
    return bool(value, REVOCATION_SOFT_FAIL);
  }

  /**
   * Whether classes of the run lend each other started servers: {@code mutualtls.serverPool}, else true. Read from
   * the run's configuration only.
   */
  static boolean serverPool(ExtensionContext context) {
    return parameter(context, SERVER_POOL).map(value -> bool(value, SERVER_POOL)).orElse(true);
  }

  private static boolean bool(String value, String name) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new ExtensionConfigurationException(parameterName(name) + ": " + quote(value)
        + " is not a boolean; accepted values: true, false");
  }

  private static Duration duration(String value) {
    try {
      Duration duration = Duration.parse(value);
      if (!duration.isNegative() && !duration.isZero()) {
        return duration;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new ExtensionConfigurationException(parameterName(HTTP_TIMEOUT) + ": " + quote(value)
        + " is not a positive ISO-8601 duration; give one such as PT10S or PT0.5S");
  }

  /** An ISO-8601 instant, or an ISO-8601 duration from the real time (negative: in the past). */
  private static Object mintedAt(String value, String where) {
    try {
      return value.startsWith("P") || value.startsWith("-P") || value.startsWith("+P") ? Duration.parse(value)
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ExtensionConfigurationException(where + ": " + quote(value) + " is neither an ISO-8601 instant such"
          + " as 2030-01-01T00:00:00Z nor an ISO-8601 duration from now such as -PT23H (minted 23 hours ago)");
    }
  }

  private static List<String> hostnames(List<String> names, String where) {
    for (String name : names) {
      if (name == null || !CertificateSpec.isHostname(name)) {
        throw new ExtensionConfigurationException(where + ": " + quote(name) + " is neither a DNS name (such"
            + " as localhost or api.example.test) nor an IP address literal (such as 127.0.0.1 or ::1)");
      }
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  private static List<String> protocols(List<String> names, String where) {
    for (String name : names) {
      if (!SUPPORTED_PROTOCOLS.contains(name)) {
        throw new ExtensionConfigurationException(where + ": " + quote(name) + " is not a supported protocol;"
            + " accepted values: " + String.join(", ", SUPPORTED_PROTOCOLS));
      }
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  private static List<String> clientNames(List<String> names, String where) {
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new ExtensionConfigurationException(where + ": a client name must not be blank, but was "
            + quote(name) + "; give names such as \"alice\"");
      }
    }
    return names;
  }

  /** The value in double quotes, or null, for messages that show exactly what was given. */
  private static String quote(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
