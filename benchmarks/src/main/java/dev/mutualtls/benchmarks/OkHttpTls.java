package dev.mutualtls.benchmarks;

import dev.mutualtls.pki.KeyType;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** The same work done with okhttp-tls, the peer for minting: its public API only, as its README shows it. */
final class OkHttpTls {
  private OkHttpTls() {}

  private static HeldCertificate.Builder keyed(HeldCertificate.Builder builder, KeyType keyType) {
    switch (keyType) {
      case EC_P256:
        return builder.ecdsa256();
      case RSA_2048:
        return builder.rsa2048();
      default:
        throw new IllegalArgumentException("okhttp-tls mints EC_P256 and RSA_2048 only, not " + keyType);
    }
  }

  static HeldCertificate root(KeyType keyType) {
    return keyed(new HeldCertificate.Builder().certificateAuthority(0).commonName("okhttp root"), keyType).build();
  }

  static HeldCertificate server(HeldCertificate root, KeyType keyType) {
    return keyed(new HeldCertificate.Builder()
        .signedBy(root)
        .commonName("localhost")
        .addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("::1"), keyType).build();
  }

  static HeldCertificate client(HeldCertificate root, KeyType keyType, String commonName) {
    return keyed(new HeldCertificate.Builder().signedBy(root).commonName(commonName), keyType).build();
  }

  static SSLContext sslContext(HeldCertificate held, HeldCertificate root) {
    return new HandshakeCertificates.Builder()
        .heldCertificate(held)
        .addTrustedCertificate(root.certificate())
        .build()
        .sslContext();
  }
}
