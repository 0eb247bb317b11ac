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
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, explained, plus the strict checks when asked for; as of the current time, or of the
 * instant a {@link ValidationTime} holds.
 */
public final class PolicyTrustManager extends X509ExtendedTrustManager {
  private final boolean strict;
  private final CertificateAuthority trusted;
  private final X509ExtendedTrustManager jdk;
  private final RevocationCheck revocation;
  private final boolean softFail;
  private final ValidationTime validationTime;
  private volatile Dated dated;

  /** The JDK's trust manager validating as of {@code at} (PKIXParameters.setDate). */
  private record Dated(Instant at, X509ExtendedTrustManager manager) {}

  public PolicyTrustManager(boolean strict, CertificateAuthority trusted, RevocationCheck revocation,
      boolean softFail) {
    this(strict, trusted, revocation, softFail, new ValidationTime());
  }

  public PolicyTrustManager(boolean strict, CertificateAuthority trusted, RevocationCheck revocation,
      boolean softFail, ValidationTime validationTime) {
    this.strict = strict;
    this.trusted = trusted;
    this.revocation = revocation;
    this.softFail = softFail;
    this.validationTime = validationTime;
    this.jdk = TrustManagers.verifyingHostnames(trusted.trustManager());
  }

  @FunctionalInterface
  private interface Check {
    void run(X509ExtendedTrustManager validator) throws CertificateException;
  }

  private X509ExtendedTrustManager jdkAt(Instant at) {
    Dated current = dated;
    if (current == null || !current.at().equals(at)) {
      PKIXBuilderParameters parameters = trusted.pkixParameters();
      parameters.setDate(Date.from(at));
      current = new Dated(at, TrustManagers.verifyingHostnames(TrustManagers.jdk(parameters)));
      dated = current;
    }
    return current.manager();
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
    try {
      jdkCheck.run(at == null ? jdk : jdkAt(at));
    } catch (CertificateRejection e) {
      throw e;
    } catch (CertificateException e) {
      throw Judge.classify(role, chain, e, trusted, host, at == null ? Instant.now() : at);
    }
    if (strict) {
      Judge.strict(role, chain, trusted, revocation == RevocationCheck.NONE);
    }
    if (revocation != RevocationCheck.NONE) {
      Revocations.check(role, chain, trusted, revocation, softFail, stapled(session));
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
    return jdk.getAcceptedIssuers();
  }
}
