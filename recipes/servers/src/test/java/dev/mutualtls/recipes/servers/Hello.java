package dev.mutualtls.recipes.servers;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * The answer the Java recipe servers give every accepted request: {@code hello <subject>} naming the client's
 * certificate, as nginx's {@code return 200 "hello $ssl_client_s_dn\n"} does, so a test sees which certificate the
 * server accepted, not only that it answered.
 */
public final class Hello {
  private Hello() {}

  /** The body for a client that presented {@code peer} (null or empty when it presented none). */
  public static byte[] body(Certificate[] peer) {
    String subject = peer == null || peer.length == 0 || !(peer[0] instanceof X509Certificate) ? ""
        : ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
    return ("hello " + subject + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
