package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.RecordingKeyManager;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a client's key manager sends a certificate to one server, and if not, why: the answer to "my client sent
 * no certificate". Made by {@link Handshake#certificateSelection(X509KeyManager)} (or from a key store), which runs a
 * real handshake and records what the server's CertificateRequest asked for as the key manager sees it (the CAs it
 * accepts, the key types, the signature algorithms), which alias the key manager chose, and then checks every key
 * the key manager holds against those requests.
 *
 * <pre>{@code
 * CertificateSelection selection = Handshake.to(server).certificateSelection(keyManager);
 * if (!selection.sent()) {
 *   System.out.println(selection.explain()); // the CAs the server named, each alias and why it did not fit
 * }
 * }</pre>
 *
 * <p>What the server asked for and what the key manager answered are observed; why a key manager declined is
 * inferred from checking each of its keys the way the JDK's key managers do (a key type the server asked for, a
 * chain with an issuer the server named), and {@link #explain()} says so. An {@code SSLContext} hides its key
 * manager: {@link Handshake#probe(SSLContext)} can tell whether a certificate was sent, not why.
 * Immutable and thread-safe.
 */
public final class CertificateSelection {
  /** Why a key manager sent no certificate. */
  public enum Cause {
    /** The server sent no CertificateRequest: it did not ask for a client certificate. */
    NOT_REQUESTED("the server did not ask for a client certificate (no CertificateRequest)",
        "make the server require client certificates (needClientAuth, client-auth=need, ssl_verify_client on)"),
    /** The key manager holds no private key with a certificate chain: an empty key store, or certificates only. */
    NO_KEY("the key manager holds no private key with a certificate",
        "load the client's private key and certificate chain (a PrivateKeyEntry, a PKCS#12 file) into the key store"),
    /** No key's chain has an issuer among the CAs the server's CertificateRequest named. */
    ISSUER_NOT_ACCEPTED("no certificate was issued by a CA the server named",
        "issue the client certificate from a CA the server trusts, or add its CA to the server's trust store"),
    /** No key is of a type the server's signature algorithms allow. */
    KEY_TYPE_NOT_REQUESTED("no key is of a type the server asked for",
        "give the client a key of a type the server accepts, or let the server accept signatures with this key type"),
    /** A key fits every request checked, yet the key manager chose none: its own rules, unknown here. */
    UNEXPLAINED("the key manager declined a key that fits the request; why is unknown",
        "check the key manager's own rules (a custom key manager, algorithm constraints);"
            + " -Djavax.net.debug=ssl:handshake shows the JDK's choice");

    private final String description;
    private final String fix;

    Cause(String description, String fix) {
      this.description = description;
      this.fix = fix;
    }

    /** The cause in a few words. */
    public String description() {
      return description;
    }

    /** What usually fixes it. */
    public String fix() {
      return fix;
    }
  }

  /** Key types the JDK asks key managers about, for listing every key a key manager holds. */
  private static final List<String> KNOWN_KEY_TYPES = List.of("EC", "RSA", "RSASSA-PSS", "EdDSA", "Ed25519", "DSA");

  private final HandshakeResult handshake;
  private final boolean requested;
  private final List<X500Principal> acceptableIssuers;
  private final List<String> keyTypes;
  private final List<String> signatureAlgorithms;
  private final List<Key> keys;
  private final Key chosen;
  private final List<X509Certificate> chain;
  private final Set<Cause> causes;
  private final List<String> why;

  private CertificateSelection(Analysis analysis, HandshakeResult handshake) {
    this.handshake = handshake;
    this.requested = analysis.requested;
    this.acceptableIssuers = analysis.acceptableIssuers;
    this.keyTypes = analysis.keyTypes;
    this.signatureAlgorithms = analysis.signatureAlgorithms;
    this.keys = analysis.keys;
    this.chosen = analysis.chosen;
    this.chain = analysis.chain;
    this.causes = analysis.causes;
    this.why = List.copyOf(analysis.why);
  }

  static CertificateSelection of(Analysis analysis, HandshakeResult handshake) {
    return new CertificateSelection(analysis, handshake);
  }

  /** Whether the key manager chose a certificate, which the client then sent. */
  public boolean sent() {
    return !chain.isEmpty();
  }

  /** Whether the server asked for a client certificate (sent a CertificateRequest). */
  public boolean requested() {
    return requested;
  }

  /** The alias the key manager chose, empty if it chose none. */
  public Optional<String> alias() {
    return Optional.ofNullable(chosen).map(key -> key.alias);
  }

  /** The chain the client sent, leaf first; empty if none. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The CAs the server's CertificateRequest named; empty if it named none (any CA) or did not ask. */
  public List<X500Principal> acceptableIssuers() {
    return acceptableIssuers;
  }

  /** The key types the JDK asked the key manager for, derived from the server's signature algorithms, in order. */
  public List<String> keyTypes() {
    return keyTypes;
  }

  /** The signature algorithms of the server's CertificateRequest, as the JDK reports them (empty if unseen). */
  public List<String> signatureAlgorithms() {
    return signatureAlgorithms;
  }

  /** Every alias the key manager holds, as it lists them. */
  public List<String> aliases() {
    return keys.stream().map(key -> key.alias).collect(Collectors.toUnmodifiableList());
  }

  /** Why no certificate was sent, as far as checking each key tells; empty if one was sent, or it is unknown. */
  public Set<Cause> causes() {
    return causes;
  }

  /** The handshake the selection was observed in, with the server's verdict when it is one of the library's. */
  public HandshakeResult handshake() {
    return handshake;
  }

  /**
   * What the server asked for, what the key manager answered, each of its keys with why it fitted or not, and the
   * fix; each line marks what was observed and what is inferred.
   */
  public String explain() {
    StringBuilder out = new StringBuilder();
    out.append("Client certificate for ").append(handshake.hostname).append(" (")
        .append(handshake.address.getAddress().getHostAddress()).append(':').append(handshake.address.getPort())
        .append("): ")
        .append(sent() ? "SENT " + describe(chosen) : "NONE SENT").append('\n');
    if (!requested) {
      out.append("Observed: ").append(handshake.handshakeCompleted
          ? "the handshake completed without a CertificateRequest"
          : "the handshake stopped before any CertificateRequest: " + handshake).append('\n');
    } else {
      out.append("Observed: the server asked for a certificate issued by ").append(issuers(acceptableIssuers))
          .append('\n');
      out.append("Observed: the JDK asked the key manager for key types ").append(String.join(", ", keyTypes))
          .append(signatureAlgorithms.isEmpty() ? ""
              : " (the server's signature algorithms: " + String.join(", ", signatureAlgorithms) + ")")
          .append('\n');
      out.append("Observed: the key manager chose ")
          .append(chosen == null ? "no alias" : "'" + chosen.alias + "'").append('\n');
    }
    out.append("Keys the key manager holds: ").append(keys.isEmpty() ? "none" : keys.size()).append('\n');
    for (Key key : keys) {
      out.append("  '").append(key.alias).append("': ").append(describe(key)).append('\n');
    }
    for (String line : why) {
      out.append(line).append('\n');
    }
    if (!causes.isEmpty()) {
      out.append("Fix: ").append(causes.stream().map(Cause::fix).collect(Collectors.joining("; "))).append(".\n");
    }
    return out.toString();
  }

  /** One line: sent which alias, or not and why. */
  @Override
  public String toString() {
    return sent() ? "sent '" + chosen.alias + "' " + describe(chosen)
        : "none sent" + (causes.isEmpty() ? "" : ": " + causes.stream().map(Cause::description)
            .collect(Collectors.joining("; ")));
  }

  static String issuers(List<X500Principal> issuers) {
    return issuers.isEmpty() ? "any CA (the CertificateRequest named none)"
        : "one of " + issuers.size() + " CA" + (issuers.size() == 1 ? "" : "s") + ": "
            + issuers.stream().map(X500Principal::getName).collect(Collectors.joining("; "));
  }

  private static String describe(Key key) {
    if (key.chain.isEmpty()) {
      return "no certificate chain";
    }
    X509Certificate leaf = key.chain.get(0);
    return leaf.getSubjectX500Principal().getName() + " (" + key.type + " key, issued by "
        + leaf.getIssuerX500Principal().getName() + (key.chain.size() > 1 ? ", chain of " + key.chain.size() : "")
        + (key.privateKey ? "" : ", NO PRIVATE KEY") + ")";
  }

  /** One key the key manager holds: its alias, chain and whether it has the private key. */
  static final class Key {
    final String alias;
    final List<X509Certificate> chain;
    final boolean privateKey;
    final String type;

    Key(String alias, List<X509Certificate> chain, boolean privateKey) {
      this.alias = alias;
      this.chain = List.copyOf(chain);
      this.privateKey = privateKey;
      this.type = chain.isEmpty() ? "no" : keyType(chain.get(0).getPublicKey().getAlgorithm());
    }
  }

  /** Every key {@code keyManager} lists for a known or asked key type, whatever the issuers. */
  static List<Key> keysOf(X509KeyManager keyManager, List<String> asked) {
    Map<String, Key> keys = new LinkedHashMap<>();
    if (keyManager == null) {
      return List.of();
    }
    Set<String> types = new LinkedHashSet<>(KNOWN_KEY_TYPES);
    types.addAll(asked);
    for (String type : types) {
      String[] aliases = keyManager.getClientAliases(type, null);
      for (String alias : aliases == null ? new String[0] : aliases) {
        if (!keys.containsKey(alias)) {
          X509Certificate[] chain = keyManager.getCertificateChain(alias);
          keys.put(alias, new Key(alias, chain == null ? List.of() : List.of(chain),
              keyManager.getPrivateKey(alias) != null));
        }
      }
    }
    return List.copyOf(keys.values());
  }

  /** The key type a JDK key manager matches a key algorithm against: EC, RSA, RSASSA-PSS, EdDSA or DSA. */
  static String keyType(String algorithm) {
    String upper = algorithm.toUpperCase(Locale.ROOT);
    int signature = upper.indexOf('_');
    upper = signature > 0 ? upper.substring(0, signature) : upper;
    switch (upper) {
      case "EC":
      case "ECDSA":
        return "EC";
      case "EDDSA":
      case "ED25519":
      case "ED448":
        return "EdDSA";
      case "RSASSA-PSS":
        return "RSASSA-PSS";
      default:
        return upper;
    }
  }

  /**
   * What the recorded handshake shows about the key manager's choice, before it becomes a {@link CertificateSelection}
   * and, for {@link Explanation}, the lines under step 6.
   */
  static final class Analysis {
    final boolean requested;
    final List<X500Principal> acceptableIssuers;
    final List<String> keyTypes;
    final List<String> signatureAlgorithms;
    final List<Key> keys;
    final Key chosen;
    final List<X509Certificate> chain;
    final Set<Cause> causes;
    final List<String> why = new ArrayList<>();
    /** Whether the client had no key manager at all: a probe given no identity. */
    final boolean noKeyManager;

    /**
     * @param recorded the key manager the handshake used
     * @param keys every key the client's key manager holds
     * @param completed whether the handshake completed on the client's side
     */
    Analysis(RecordingKeyManager recorded, List<Key> keys, boolean completed) {
      this.requested = recorded.asked();
      this.noKeyManager = recorded.delegate() == null;
      this.acceptableIssuers = recorded.issuers();
      this.keyTypes = recorded.keyTypes();
      this.signatureAlgorithms = recorded.signatureAlgorithms();
      this.keys = List.copyOf(keys);
      this.chain = recorded.sent();
      this.chosen = chain.isEmpty() ? null : keys.stream()
          .filter(key -> !key.chain.isEmpty() && key.chain.get(0).equals(chain.get(0))).findFirst()
          .orElse(new Key(String.valueOf(recorded.alias()), chain, true));
      Set<Cause> found = EnumSet.noneOf(Cause.class);
      if (!requested) {
        if (completed) {
          found.add(Cause.NOT_REQUESTED);
          why.add("Why: " + Cause.NOT_REQUESTED.description() + ".");
        }
      } else if (chosen == null) {
        List<Key> usable = keys.stream().filter(key -> key.privateKey && !key.chain.isEmpty())
            .collect(Collectors.toList());
        if (usable.isEmpty()) {
          found.add(Cause.NO_KEY);
          why.add("Why: " + Cause.NO_KEY.description() + (keys.isEmpty() ? "" : " (only certificates)") + ".");
        }
        for (Key key : usable) {
          Map<Cause, String> misfits = misfits(key);
          if (misfits.isEmpty()) {
            found.add(Cause.UNEXPLAINED);
            why.add("Why: '" + key.alias + "' fits the key types and CAs asked for, yet the key manager chose no"
                + " alias; why is unknown (not a cause this check knows).");
          } else {
            why.add("Why (inferred by checking each key against the request): '" + key.alias + "' "
                + String.join("; and ", misfits.values()) + ".");
          }
          found.addAll(misfits.keySet());
        }
      } else {
        for (Key key : keys) {
          if (key != chosen) {
            why.add("Not chosen: '" + key.alias + "' " + notChosen(key) + ".");
          }
        }
        note(chosen).ifPresent(note -> why.add("Note: the chosen certificate " + note + "."));
      }
      this.causes = found.isEmpty() ? Set.of() : Set.copyOf(found);
    }

    /** Why {@code key} does not fit the request: each check it fails, in words. */
    private Map<Cause, String> misfits(Key key) {
      Map<Cause, String> misfits = new EnumMap<>(Cause.class);
      if (!keyTypes.isEmpty() && keyTypes.stream().map(CertificateSelection::keyType).noneMatch(key.type::equals)) {
        misfits.put(Cause.KEY_TYPE_NOT_REQUESTED, "has key type " + key.type
            + ", and the server's signature algorithms allow key types " + String.join(", ", keyTypes) + " only");
      }
      if (!acceptableIssuers.isEmpty() && key.chain.stream()
          .noneMatch(certificate -> acceptableIssuers.contains(certificate.getIssuerX500Principal()))) {
        String issuers = key.chain.stream().map(c -> c.getIssuerX500Principal().getName()).distinct()
            .collect(Collectors.joining(" and "));
        misfits.put(Cause.ISSUER_NOT_ACCEPTED, "was issued by " + issuers + ", and the server named "
            + acceptableIssuers.stream().map(X500Principal::getName).collect(Collectors.joining("; ")) + " only");
      }
      return misfits;
    }

    private String notChosen(Key key) {
      if (!key.privateKey) {
        return "has no private key";
      }
      Map<Cause, String> misfits = misfits(key);
      if (!misfits.isEmpty()) {
        return String.join("; and ", misfits.values());
      }
      int mine = keyTypes.stream().map(CertificateSelection::keyType).collect(Collectors.toList()).indexOf(key.type);
      int theirs = keyTypes.stream().map(CertificateSelection::keyType).collect(Collectors.toList())
          .indexOf(chosen.type);
      if (mine > theirs && theirs >= 0) {
        return "fits too, but its key type " + key.type + " comes after " + chosen.type + " in the order the JDK"
            + " asked (observed), and the key manager took the first type it holds (inferred)";
      }
      return "fits too; the key manager preferred '" + chosen.alias + "' (inferred: the JDK's SunX509 key manager"
          + " takes the first match it finds, its PKIX one prefers a certificate valid now that allows"
          + " clientAuth" + note(key).map(note -> "; '" + key.alias + "' " + note).orElse("") + ")";
    }

    /** What the server will likely refuse about a chosen certificate: validity and extended key usage. */
    private static Optional<String> note(Key key) {
      X509Certificate leaf = key.chain.get(0);
      Date now = new Date();
      if (leaf.getNotAfter().before(now)) {
        return Optional.of("expired on " + leaf.getNotAfter().toInstant());
      }
      if (leaf.getNotBefore().after(now)) {
        return Optional.of("is not valid before " + leaf.getNotBefore().toInstant());
      }
      try {
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages != null && !usages.contains("1.3.6.1.5.5.7.3.2") && !usages.contains("2.5.29.37.0")) {
          return Optional.of("has an extended key usage without clientAuth");
        }
      } catch (CertificateParsingException e) {
        return Optional.of("has an extended key usage that cannot be read (" + e.getMessage() + ")");
      }
      return Optional.empty();
    }

    /** The lines {@link Explanation} writes under step 6 when no certificate was sent. */
    List<String> stepSix() {
      List<String> lines = new ArrayList<>();
      lines.add("asked for key types " + String.join(", ", keyTypes) + (acceptableIssuers.isEmpty()
          ? " from any CA" : " from the CAs of step 5"));
      if (noKeyManager) {
        lines.add("why: the probe was given no client certificate to send");
        return lines;
      }
      lines.add("the key manager chose no alias; it holds " + (keys.isEmpty() ? "no key" : keys.stream()
          .map(key -> "'" + key.alias + "' " + describe(key)).collect(Collectors.joining(", "))));
      why.forEach(line -> lines.add(Character.toLowerCase(line.charAt(0)) + line.substring(1)));
      return lines;
    }
  }
}
