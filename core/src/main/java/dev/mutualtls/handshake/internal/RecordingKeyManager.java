package dev.mutualtls.handshake.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;

/** Remembers which CAs the server asked for and which chain the client chose to send. */
public final class RecordingKeyManager extends X509ExtendedKeyManager {
  private final X509ExtendedKeyManager delegate;
  private volatile List<X500Principal> issuers;
  private volatile List<X509Certificate> sent = List.of();
  private volatile boolean asked;

  /** @param delegate the real key manager, or null for a client without a certificate */
  public RecordingKeyManager(X509ExtendedKeyManager delegate) {
    this.delegate = delegate;
  }

  /** Whether the server sent a CertificateRequest. */
  public boolean asked() {
    return asked;
  }

  /** The CAs the server's CertificateRequest named (empty if none or not asked). */
  public List<X500Principal> issuers() {
    return issuers == null ? List.of() : issuers;
  }

  /** The chain the client sent, empty if none. */
  public List<X509Certificate> sent() {
    return sent;
  }

  private String record(String alias, Principal[] requested) {
    asked = true;
    if (issuers == null && requested != null) {
      List<X500Principal> names = new ArrayList<>();
      for (Principal p : requested) {
        names.add(p instanceof X500Principal ? (X500Principal) p : new X500Principal(p.getName()));
      }
      issuers = List.copyOf(names);
    }
    if (alias != null && delegate != null) {
      X509Certificate[] chain = delegate.getCertificateChain(alias);
      sent = chain == null ? List.of() : List.copyOf(Arrays.asList(chain));
    }
    return alias;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] requested, Socket socket) {
    return record(delegate == null ? null : delegate.chooseClientAlias(keyTypes, requested, socket), requested);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] requested, SSLEngine engine) {
    return record(delegate == null ? null : delegate.chooseEngineClientAlias(keyTypes, requested, engine),
        requested);
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
