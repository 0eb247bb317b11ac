package dev.mutualtls.handshake.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;

/**
 * Remembers what the server's CertificateRequest asked for, as the JDK hands it to the key manager (the CAs, the
 * key types, the signature algorithms), which alias the key manager chose, and which chain the client sent.
 */
public final class RecordingKeyManager extends X509ExtendedKeyManager {
  private final X509KeyManager delegate;
  private volatile List<X500Principal> issuers;
  private final Set<String> keyTypes = new LinkedHashSet<>();
  private final Set<String> signatureAlgorithms = new LinkedHashSet<>();
  private volatile List<X509Certificate> sent = List.of();
  private volatile String alias;
  private volatile boolean asked;

  /** @param delegate the real key manager, or null for a client without a certificate */
  public RecordingKeyManager(X509KeyManager delegate) {
    this.delegate = delegate;
  }

  /** The key manager this one records, null for a client without a certificate. */
  public X509KeyManager delegate() {
    return delegate;
  }

  /** Whether the server sent a CertificateRequest. */
  public boolean asked() {
    return asked;
  }

  /** The CAs the server's CertificateRequest named (empty if none or not asked). */
  public List<X500Principal> issuers() {
    return issuers == null ? List.of() : issuers;
  }

  /** The key types the JDK asked the key manager for, in the order asked, from every call. */
  public synchronized List<String> keyTypes() {
    return List.copyOf(keyTypes);
  }

  /** The signature algorithms of the server's CertificateRequest, as the JDK reports them; empty if unseen. */
  public synchronized List<String> signatureAlgorithms() {
    return List.copyOf(signatureAlgorithms);
  }

  /** The alias the key manager chose, null if it chose none or was not asked. */
  public String alias() {
    return alias;
  }

  /** The chain the client sent, empty if none. */
  public List<X509Certificate> sent() {
    return sent;
  }

  private String record(String chosen, String[] types, Principal[] requested, SSLSession session) {
    synchronized (this) {
      asked = true;
      if (types != null) {
        keyTypes.addAll(Arrays.asList(types));
      }
      if (session instanceof ExtendedSSLSession) {
        String[] algorithms = ((ExtendedSSLSession) session).getPeerSupportedSignatureAlgorithms();
        if (algorithms != null) {
          signatureAlgorithms.addAll(Arrays.asList(algorithms));
        }
      }
    }
    if (issuers == null && requested != null) {
      List<X500Principal> names = new ArrayList<>();
      for (Principal p : requested) {
        names.add(p instanceof X500Principal ? (X500Principal) p : new X500Principal(p.getName()));
      }
      issuers = List.copyOf(names);
    }
    if (chosen != null && delegate != null) {
      X509Certificate[] chain = delegate.getCertificateChain(chosen);
      // The JDK sends nothing for an alias without a chain or a private key.
      if (chain != null && chain.length > 0 && delegate.getPrivateKey(chosen) != null) {
        alias = chosen;
        sent = List.copyOf(Arrays.asList(chain));
      }
    }
    return chosen;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] requested, Socket socket) {
    SSLSession session = socket instanceof SSLSocket ? ((SSLSocket) socket).getHandshakeSession() : null;
    return record(delegate == null ? null : delegate.chooseClientAlias(keyTypes, requested, socket), keyTypes,
        requested, session);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] requested, SSLEngine engine) {
    String chosen = delegate instanceof X509ExtendedKeyManager
        ? ((X509ExtendedKeyManager) delegate).chooseEngineClientAlias(keyTypes, requested, engine)
        : delegate == null ? null : delegate.chooseClientAlias(keyTypes, requested, null);
    return record(chosen, keyTypes, requested, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] requested) {
    return delegate == null ? null : delegate.getClientAliases(keyType, requested);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] requested) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] requested, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return delegate == null ? null : delegate.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return delegate == null ? null : delegate.getPrivateKey(alias);
  }
}
