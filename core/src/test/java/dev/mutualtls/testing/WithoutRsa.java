package dev.mutualtls.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Algorithm constraints that forbid RSA, set per socket through {@link SSLParameters#setAlgorithmConstraints}: a
 * server using them offers no RSA signature algorithm in its CertificateRequest, so the JDK asks a client's key
 * manager for EC and EdDSA keys only. Java 17 has no per-socket {@code setSignatureSchemes} (Java 19+), and the
 * {@code jdk.tls.server.SignatureSchemes} property is JVM-wide; this is the per-socket way on Java 17.
 */
public final class WithoutRsa implements AlgorithmConstraints {
  public static final WithoutRsa CONSTRAINTS = new WithoutRsa();

  private WithoutRsa() {}

  private static boolean rsa(String algorithm) {
    return algorithm != null && algorithm.toUpperCase(Locale.ROOT).contains("RSA");
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
    return !rsa(algorithm);
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
    return !rsa(key.getAlgorithm());
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
    return !rsa(algorithm) && !rsa(key.getAlgorithm());
  }

  /**
   * {@code context} whose server sockets, made from its socket factory over accepted sockets as
   * {@code HandshakeServer} makes them, carry these constraints.
   */
  public static SSLContext serverContext(SSLContext context) {
    SSLSocketFactory factory = new ConstrainedFactory(context.getSocketFactory());
    return new SSLContext(new SSLContextSpi() {
      @Override
      protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
          throws KeyManagementException {
        throw new KeyManagementException("already initialized");
      }

      @Override
      protected SSLSocketFactory engineGetSocketFactory() {
        return factory;
      }

      @Override
      protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return context.getServerSocketFactory();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine() {
        return context.createSSLEngine();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return context.createSSLEngine(host, port);
      }

      @Override
      protected SSLSessionContext engineGetServerSessionContext() {
        return context.getServerSessionContext();
      }

      @Override
      protected SSLSessionContext engineGetClientSessionContext() {
        return context.getClientSessionContext();
      }
    }, context.getProvider(), context.getProtocol()) {};
  }

  /** Sets the constraints on every socket it makes. */
  private static final class ConstrainedFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    ConstrainedFactory(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    private static Socket constrained(Socket socket) {
      SSLSocket ssl = (SSLSocket) socket;
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setAlgorithmConstraints(CONSTRAINTS);
      ssl.setSSLParameters(parameters);
      return ssl;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
      return constrained(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
      return constrained(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return constrained(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return constrained(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return constrained(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return constrained(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
