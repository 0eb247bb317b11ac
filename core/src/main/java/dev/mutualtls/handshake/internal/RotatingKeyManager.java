package dev.mutualtls.handshake.internal;

import dev.mutualtls.pki.Identity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's key manager whose identity can be swapped while it serves: each handshake chooses the identity current
 * at that moment, and finishes with it even if another is swapped in meanwhile, since each identity has an alias of
 * its own (its serial). It presents its chain whatever issuers the client names, as {@code Identity.keyManager()}
 * does. Thread-safe.
 */
public final class RotatingKeyManager extends X509ExtendedKeyManager {
  private final Map<String, Identity> byAlias = new ConcurrentHashMap<>();
  private volatile Identity current;
  private volatile String currentAlias;

  public RotatingKeyManager(Identity identity) {
    rotate(identity);
  }

  /** Presents {@code identity} from the next handshake on. */
  public synchronized void rotate(Identity identity) {
    String alias = "mutualtls-" + identity.certificate().getSerialNumber().toString(16);
    byAlias.put(alias, identity);
    current = identity;
    currentAlias = alias;
  }

  /** The identity new handshakes get. */
  public Identity current() {
    return current;
  }

  private synchronized String choose(String keyType, Principal[] issuers, Socket socket) {
    return current.keyManager().chooseServerAlias(keyType, issuers, socket) == null ? null : currentAlias;
  }

  private synchronized String chooseEngine(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.keyManager().chooseEngineServerAlias(keyType, issuers, engine) == null ? null : currentAlias;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = choose(keyType, issuers, null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseEngine(keyType, issuers, engine);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Identity identity = alias == null ? null : byAlias.get(alias);
    return identity == null ? null : identity.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Identity identity = alias == null ? null : byAlias.get(alias);
    return identity == null ? null : identity.privateKey();
  }
}
