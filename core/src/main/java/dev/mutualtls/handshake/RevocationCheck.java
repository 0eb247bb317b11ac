package dev.mutualtls.handshake;

/**
 * Whether and how a {@link TrustPolicy} trust manager checks that the peer's certificate is not revoked,
 * over the network as production does: the JDK's {@code PKIXRevocationChecker}, fed with the CRL fetched
 * from the certificate's distribution point, or asking the OCSP responder its AIA names (a stapled OCSP
 * response is used when the peer sent one). Only the end-entity certificate is checked.
 */
public enum RevocationCheck {
  /** No revocation checking over the network (STRICT still consults the CA's CRL in memory). */
  NONE,
  /** The CRL from the certificate's CRL distribution point. */
  CRL,
  /** The OCSP responder from the certificate's authority information access. */
  OCSP
}
