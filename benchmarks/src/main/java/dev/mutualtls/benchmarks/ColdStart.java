package dev.mutualtls.benchmarks;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.KeyType;
import okhttp3.tls.HeldCertificate;

/**
 * The program {@link ColdStartBenchmark} runs in a fresh JVM: nothing, or one CA and one server leaf with
 * mutualtls, or the same with okhttp-tls. It prints the leaf's serial length so the work cannot be skipped.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) {
    switch (args.length == 1 ? args[0] : "") {
      case "emptyMain":
        return;
      case "mutualtls": {
        CertificateAuthority ca = CertificateAuthority.create();
        System.out.println(ca.server().certificate().getSerialNumber().bitLength());
        return;
      }
      case "okhttpTls": {
        HeldCertificate root = OkHttpTls.root(KeyType.EC_P256);
        System.out.println(OkHttpTls.server(root, KeyType.EC_P256).certificate().getSerialNumber().bitLength());
        return;
      }
      default:
        throw new IllegalArgumentException("ColdStart: expected one of emptyMain, mutualtls, okhttpTls; was "
            + String.join(" ", args));
    }
  }
}
