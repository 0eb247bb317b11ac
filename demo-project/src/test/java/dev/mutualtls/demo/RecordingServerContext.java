package dev.mutualtls.demo;

import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.handshake.ServerVerdicts;
import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Gives a server built on {@link SSLEngine} (the JDK's {@code HttpsServer}, Netty, Jetty...) the memory
 * that mutualtls' own servers have: it wraps the server's {@link SSLContext} so that every handshake the
 * server makes leaves a {@link ServerVerdict}, accepted or refused and why, keyed by the client's port.
 * A {@code Handshake} probe given these verdicts as its server view then knows the server's reason.
 *
 * <p>Why a test needs it: the JDK's {@code HttpsServer} closes a refused connection without sending the
 * TLS alert. Under TLS 1.2 the client sees a reset; under TLS 1.3, where the client's handshake is over
 * before the server judges its certificate, the client sees the connection end as if it had been accepted.
 * Only the server knows, and only its {@code SSLEngine} sees every refusal: the trust manager is not
 * asked about an empty certificate message, nor about a CertificateVerify signed with the wrong key.
 * Thread-safe.
 */
final class RecordingServerContext {
  private RecordingServerContext() {}

  /** {@code server}, recording the outcome of each handshake into {@code verdicts}. */
  static SSLContext wrap(SSLContext server, ServerVerdicts verdicts) {
    return new Wrapped(new Spi(server, verdicts), server);
  }

  private static final class Wrapped extends SSLContext {
    Wrapped(SSLContextSpi spi, SSLContext delegate) {
      super(spi, delegate.getProvider(), delegate.getProtocol());
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final ServerVerdicts verdicts;

    Spi(SSLContext delegate, ServerVerdicts verdicts) {
      this.delegate = delegate;
      this.verdicts = verdicts;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      throw new KeyManagementException("already initialized: wraps a ready SSLContext");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return new RecordingEngine(delegate.createSSLEngine(), verdicts);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return new RecordingEngine(delegate.createSSLEngine(host, port), verdicts);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }

  /** Delegates everything; records one verdict when the handshake finishes or fails. */
  private static final class RecordingEngine extends SSLEngine {
    private final SSLEngine delegate;
    private final ServerVerdicts verdicts;
    private boolean recorded;

    RecordingEngine(SSLEngine delegate, ServerVerdicts verdicts) {
      super(delegate.getPeerHost(), delegate.getPeerPort());
      this.delegate = delegate;
      this.verdicts = verdicts;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
      try {
        return finished(delegate.wrap(srcs, offset, length, dst));
      } catch (SSLException e) {
        throw failed(e);
      }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
      try {
        return finished(delegate.unwrap(src, dsts, offset, length));
      } catch (SSLException e) {
        throw failed(e);
      }
    }

    private synchronized SSLEngineResult finished(SSLEngineResult result) {
      if (!recorded && result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
        recorded = true;
        SSLSession session = delegate.getSession();
        verdicts.record(ServerVerdict.accepted(getPeerPort(), session.getProtocol(), peerChain(session)));
      }
      return result;
    }

    private synchronized SSLException failed(SSLException failure) {
      if (!recorded) {
        recorded = true;
        SSLSession session = delegate.getHandshakeSession();
        verdicts.record(ServerVerdict.failed(getPeerPort(), session == null ? null : session.getProtocol(),
            failure));
      }
      return failure;
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
      List<X509Certificate> chain = new ArrayList<>();
      try {
        for (Certificate certificate : session.getPeerCertificates()) {
          chain.add((X509Certificate) certificate);
        }
      } catch (SSLPeerUnverifiedException e) {
        // no client certificate
      }
      return chain;
    }

    @Override
    public Runnable getDelegatedTask() {
      return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
      delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
      return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
      delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
      return delegate.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
      return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
      delegate.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
      return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
      return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
      delegate.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
      return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
      return delegate.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
      try {
        delegate.beginHandshake();
      } catch (SSLException e) {
        throw failed(e);
      }
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
      return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
      delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
      return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
      delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
      return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
      delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
      return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
      delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
      return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
      return delegate.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      delegate.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
      return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
      return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
      delegate.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
      return delegate.getHandshakeApplicationProtocolSelector();
    }
  }
}
