package dev.mutualtls.pki.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding one key and its chain that presents them whatever issuers the peer asks for.
 *
 * <p>The JDK's key managers send no certificate at all when the certificate's issuer is not in the
 * server's acceptable-issuers list, which silently turns an "untrusted issuer" test into a "no
 * certificate" test. This one only checks that the key fits the signature algorithm JSSE asks about.
 */
public final class FixedKeyManager extends X509ExtendedKeyManager {
  public static final String ALIAS = "mutualtls";

  private final PrivateKey privateKey;
  private final X509Certificate[] chain;

  public FixedKeyManager(PrivateKey privateKey, List<X509Certificate> chain) {
    this.privateKey = privateKey;
    this.chain = chain.toArray(new X509Certificate[0]);
  }

  private boolean fits(String keyType) {
    return keyType != null && keyType.equalsIgnoreCase(privateKey.getAlgorithm())
        || "EdDSA".equals(privateKey.getAlgorithm()) && "Ed25519".equalsIgnoreCase(keyType);
  }

  private String alias(String[] keyTypes) {
    if (keyTypes == null) {
      return ALIAS;
    }
    for (String keyType : keyTypes) {
      if (fits(keyType)) {
        return ALIAS;
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return fits(keyType) ? ALIAS : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? privateKey : null;
  }
}
