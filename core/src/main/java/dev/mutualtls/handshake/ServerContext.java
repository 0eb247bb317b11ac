package dev.mutualtls.handshake;

import dev.mutualtls.handshake.internal.PolicyTrustManager;
import dev.mutualtls.handshake.internal.RotatingKeyManager;
import dev.mutualtls.handshake.internal.ValidationTime;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.internal.Crypto;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of the library's servers ({@link HandshakeServer}, the extension's {@code MutualTlsServer}): it
 * presents an identity that can be {@link #rotate rotated} while the server runs, and judges client certificates
 * with a {@link TrustPolicy} as of the current time or of an instant you set ({@link #validationTime(Instant)}), so a
 * test moves the server's clock past a certificate's expiry instead of waiting for it. Thread-safe.
 *
 * <pre>{@code
 * ServerContext context = ServerContext.of(ca.server(), ca, TrustPolicy.STRICT, RevocationCheck.NONE, false);
 * SSLContext ssl = context.sslContext();     // give it to any server
 * context.rotate(ca.server());                // new handshakes get the new certificate
 * context.validationTime(Instant.now().plus(Duration.ofDays(2)));
 * }</pre>
 */
public final class ServerContext {
  private final RotatingKeyManager keys;
  private final ValidationTime validationTime = new ValidationTime();
  private final PolicyTrustManager trust;
  private final SSLContext context;

  private ServerContext(Identity identity, CertificateAuthority trusted, TrustPolicy policy,
      RevocationCheck revocation, boolean softFail) {
    this.keys = new RotatingKeyManager(identity);
    // The policy's own trust manager, told where to read the time from.
    this.trust = new PolicyTrustManager(policy == TrustPolicy.STRICT, trusted, revocation, softFail,
        validationTime);
    try {
      this.context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, Crypto.RANDOM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the server's SSLContext", e);
    }
  }

  /**
   * A context presenting {@code identity} and judging clients of {@code trusted}'s hierarchy with {@code policy};
   * with {@code revocation} and {@code softFail} as {@link TrustPolicy#trustManager(CertificateAuthority,
   * RevocationCheck, boolean)} describes them.
   */
  public static ServerContext of(Identity identity, CertificateAuthority trusted, TrustPolicy policy,
      RevocationCheck revocation, boolean softFail) {
    return new ServerContext(Objects.requireNonNull(identity, "identity"), Objects.requireNonNull(trusted, "trusted"),
        Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(revocation, "revocation"), softFail);
  }

  /**
   * Trusts client certificates of the hierarchies of {@code first} and {@code more} from the next handshake on,
   * instead of those trusted so far: for a root rollover, trust the old and the new root, then the new one alone.
   */
  public void trust(CertificateAuthority first, CertificateAuthority... more) {
    List<CertificateAuthority> authorities = new ArrayList<>();
    authorities.add(Objects.requireNonNull(first, "first"));
    for (CertificateAuthority authority : Objects.requireNonNull(more, "more")) {
      authorities.add(Objects.requireNonNull(authority, "more"));
    }
    trust.trust(authorities);
  }

  /** The CAs whose hierarchies' client certificates are trusted now. */
  public List<CertificateAuthority> trusted() {
    return trust.trusted();
  }

  /** The context to give the server. The same object for the life of this one. */
  public SSLContext sslContext() {
    return context;
  }

  /** The identity new handshakes get. */
  public Identity identity() {
    return keys.current();
  }

  /**
   * Presents {@code identity} from the next handshake on. Connections already open keep the certificate they were
   * given, and so does a client that resumes a session made before (it gets no certificate in a resumption).
   */
  public void rotate(Identity identity) {
    keys.rotate(Objects.requireNonNull(identity, "identity"));
  }

  /**
   * Judges client certificates as of {@code instant} from the next handshake on: their validity periods (and
   * those of their issuers) are compared with it instead of the current time. Nothing else moves: revocation
   * lists, OCSP responses and the server's own certificate are read as of now.
   */
  public void validationTime(Instant instant) {
    validationTime.set(Objects.requireNonNull(instant, "instant"));
  }

  /** Judges client certificates as of the current time again, the default. */
  public void validationTimeNow() {
    validationTime.reset();
  }

  /** The instant set with {@link #validationTime(Instant)}; empty when judging as of the current time. */
  public Optional<Instant> validationTime() {
    return validationTime.fixed();
  }

  @Override
  public String toString() {
    return "ServerContext{presents serial " + keys.current().certificate().getSerialNumber().toString(16)
        + validationTime.fixed().map(at -> ", judging as of " + at).orElse(", judging as of now") + "}";
  }
}
