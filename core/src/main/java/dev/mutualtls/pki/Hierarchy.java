package dev.mutualtls.pki;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the CAs under one root share: each other, and the revocation endpoint when there is one. */
final class Hierarchy {
  final List<CertificateAuthority> authorities = new CopyOnWriteArrayList<>();
  final boolean revocation;
  final boolean delegatedResponder;
  private RevocationEndpoint endpoint;

  Hierarchy(boolean revocation, boolean delegatedResponder) {
    this.revocation = revocation;
    this.delegatedResponder = delegatedResponder;
  }

  /** The endpoint, started on first use. */
  synchronized RevocationEndpoint endpoint() {
    if (endpoint == null) {
      endpoint = new RevocationEndpoint(authorities, delegatedResponder);
    }
    return endpoint;
  }

  /** The endpoint if it was started, else null. */
  synchronized RevocationEndpoint endpointIfStarted() {
    return endpoint;
  }
}
