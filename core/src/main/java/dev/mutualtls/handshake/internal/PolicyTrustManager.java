package dev.mutualtls.handshake.internal;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Side;
import dev.mutualtls.pki.internal.TrustManagers;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, explained, plus the strict checks when asked for; as of the current time, or of the
 * instant a {@link ValidationTime} holds; trusting one CA's hierarchy, or the several that {@link #trust(List)} sets.
 */
public final class PolicyTrustManager extends X509ExtendedTrustManager {
  private final boolean strict;
  private final List<CertificateAuthority> initial;
  private final X509ExtendedTrustManager jdk;
  private final RevocationCheck revocation;
  private final boolean softFail;
  private final ValidationTime validationTime;
  private volatile List<CertificateAuthority> trusted;
  private volatile Built built;

  /** The JDK's trust manager over the roots of {@code trusted}, validating as of {@code at} (null: now). */
  private record Built(List<CertificateAuthority> trusted, Instant at, X509ExtendedTrustManager manager) {}

  public PolicyTrustManager(boolean strict, CertificateAuthority trusted, RevocationCheck revocation,
      boolean softFail) {
    this(strict, trusted, revocation, softFail, new ValidationTime());
  }

  public PolicyTrustManager(boolean strict, CertificateAuthority trusted, RevocationCheck revocation,
      boolean softFail, ValidationTime validationTime) {
    this.strict = strict;
    this.initial = List.of(trusted);
    this.trusted = initial;
    this.revocation = revocation;
    this.softFail = softFail;
    this.validationTime = validationTime;
    this.jdk = TrustManagers.verifyingHostnames(trusted.trustManager());
  }

  /**
   * Trusts the roots of {@code authorities} from the next check on, instead of those trusted so far; the first
   * names the trusted root in messages about an untrusted certificate.
   */
  public void trust(List<CertificateAuthority> authorities) {
    if (authorities.isEmpty()) {
      throw new IllegalArgumentException("a server must trust at least one CA");
    }
    this.trusted = List.copyOf(authorities);
  }

  /** The CAs trusted now, in the order given. */
  public List<CertificateAuthority> trusted() {
    return trusted;
  }

  @FunctionalInterface
  private interface Check {
    void run(X509ExtendedTrustManager validator) throws CertificateException;
  }

  private X509ExtendedTrustManager validator(List<CertificateAuthority> authorities, Instant at) {
    if (authorities == initial && at == null) {
      return jdk;
    }
    Built current = built;
    if (current == null || current.trusted() != authorities || !Objects.equals(current.at(), at)) {
      List<X509Certificate> roots = authorities.stream().map(CertificateAuthority::root).distinct().toList();
      PKIXBuilderParameters parameters = TrustManagers.parameters(roots);
      if (at != null) {
        parameters.setDate(Date.from(at));
      }
      current = new Built(authorities, at, TrustManagers.verifyingHostnames(TrustManagers.jdk(parameters)));
      built = current;
    }
    return current.manager();
  }

  /** The trusted CA whose hierarchy issued {@code leaf}, else the first: for messages and in-memory revocation. */
  private static CertificateAuthority owner(List<CertificateAuthority> authorities, X509Certificate leaf) {
    if (authorities.size() == 1) {
      return authorities.get(0);
    }
    for (CertificateAuthority authority : authorities) {
      if (authority.issuerOf(leaf).isPresent()) {
        return authority;
      }
    }
    return authorities.get(0);
  }

  private void judge(Side role, X509Certificate[] chain, String host, Check jdkCheck) throws CertificateException {
    judge(role, chain, host, jdkCheck, null);
  }

  private void judge(Side role, X509Certificate[] chain, String host, Check jdkCheck, SSLSession session)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateRejection(dev.mutualtls.handshake.Reason.NO_CERTIFICATE,
          "the " + role.word() + " sent no certificate", List.of(), null);
    }
    Instant at = validationTime.fixed().orElse(null);
    List<CertificateAuthority> authorities = trusted;
    CertificateAuthority owner = owner(authorities, chain[0]);
    try {
      jdkCheck.run(validator(authorities, at));
    } catch (CertificateRejection e) {
      throw e;
    } catch (CertificateException e) {
      throw Judge.classify(role, chain, e, owner, host, at == null ? Instant.now() : at);
    }
    if (strict) {
      Judge.strict(role, chain, owner, revocation == RevocationCheck.NONE);
    }
    if (revocation != RevocationCheck.NONE) {
      Revocations.check(role, chain, owner, revocation, softFail, stapled(session));
    }
  }

  private static List<byte[]> stapled(SSLSession session) {
    return session instanceof ExtendedSSLSession
        ? ((ExtendedSSLSession) session).getStatusResponses() : List.of();
  }

  private static String host(SSLSession session) {
    return session == null ? null : session.getPeerHost();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    judge(Side.CLIENT, chain, null, validator -> validator.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    judge(Side.CLIENT, chain, null, validator -> validator.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    judge(Side.CLIENT, chain, null, validator -> validator.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    judge(Side.SERVER, chain, null, validator -> validator.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    SSLSession session = socket instanceof SSLSocket ? ((SSLSocket) socket).getHandshakeSession() : null;
    judge(Side.SERVER, chain, host(session), validator -> validator.checkServerTrusted(chain, authType, socket),
        session);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    SSLSession session = engine == null ? null : engine.getHandshakeSession();
    judge(Side.SERVER, chain, host(session), validator -> validator.checkServerTrusted(chain, authType, engine),
        session);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return validator(trusted, validationTime.fixed().orElse(null)).getAcceptedIssuers();
  }
}
