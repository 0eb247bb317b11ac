package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import dev.mutualtls.pki.internal.TrustManagers;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** What a peer needs to trust a hierarchy: its root as a trust store, PKIX parameters and a trust manager. */
final class TrustMaterial {
  private final X509Certificate root;
  private volatile X509ExtendedTrustManager manager;

  TrustMaterial(X509Certificate root) {
    this.root = root;
  }

  KeyStore store() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("mutualtls-root", root);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  X509ExtendedTrustManager manager() {
    X509ExtendedTrustManager built = manager;
    if (built == null) {
      built = TrustManagers.jdk(parameters());
      manager = built;
    }
    return built;
  }

  PKIXBuilderParameters parameters() {
    return TrustManagers.parameters(List.of(root));
  }

  SSLContext contextWithoutCertificate() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[] {TrustManagers.verifyingHostnames(manager())}, Crypto.RANDOM);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSLContext", e);
    }
  }
}
