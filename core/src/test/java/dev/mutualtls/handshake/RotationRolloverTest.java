package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mutualtls.handshake.HandshakeResult.Outcome;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A root rollover, walked through by a client and a server, with a cross certificate bridging the two roots. */
class RotationRolloverTest {

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aClientAndAServerWalkThroughARootRollover(String protocol) throws GeneralSecurityException {
    // tag::rollover[]
    CertificateAuthority oldRoot = CertificateAuthority.create();
    CertificateAuthority newRoot = CertificateAuthority.create();
    X509Certificate cross = oldRoot.crossSign(newRoot);
    Identity alice = oldRoot.client("alice");
    try (HandshakeServer server = HandshakeServer.start(oldRoot.server(), oldRoot, TrustPolicy.STRICT, protocol)) {
      // 1. Both trust the old root.
      assertThat(probe(server, alice, oldRoot).outcome()).isEqualTo(Outcome.ACCEPTED);

      // 2. Both trust the old and the new root.
      server.trust(oldRoot, newRoot);
      assertThat(probe(server, alice, oldRoot, newRoot).outcome()).isEqualTo(Outcome.ACCEPTED);

      // 3. The server presents a certificate of the new root, followed by the cross certificate: clients that
      //    still trust only the old root accept it through the cross certificate.
      Identity served = newRoot.server();
      server.rotate(new Identity(List.of(served.certificate(), cross), served.privateKey(), served.keyType()));
      assertThat(probe(server, alice, oldRoot, newRoot).serverSerial()).contains(serial(served));
      assertThat(probe(server, alice, oldRoot).outcome()).isEqualTo(Outcome.ACCEPTED);

      // 4. Clients move to the new root, and the server drops the old one.
      Identity bob = newRoot.client("bob");
      server.trust(newRoot);
      assertThat(probe(server, bob, newRoot).outcome()).isEqualTo(Outcome.ACCEPTED);
      HandshakeResult stale = probe(server, alice, newRoot);
      assertThat(stale.rejectedBy()).contains(Side.SERVER);
      assertThat(stale.reason()).contains(Reason.UNTRUSTED_ISSUER);
    }
    // end::rollover[]
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void withoutTheCrossCertificateAClientTrustingOnlyTheOldRootRefusesTheNewServer(String protocol)
      throws GeneralSecurityException {
    CertificateAuthority oldRoot = CertificateAuthority.create();
    CertificateAuthority newRoot = CertificateAuthority.create();
    Identity alice = oldRoot.client("alice");
    try (HandshakeServer server = HandshakeServer.start(newRoot.server(), oldRoot, TrustPolicy.STRICT, protocol)) {
      HandshakeResult result = probe(server, alice, oldRoot);
      assertThat(result.rejectedBy()).as(result.explain()).contains(Side.CLIENT);
      assertThat(result.reason()).as(result.explain()).contains(Reason.UNTRUSTED_ISSUER);
    }
  }

  @Test
  void aServerTrustingTwoRootsAcceptsClientsOfBothAndNamesBothInItsCertificateRequest() {
    CertificateAuthority oldRoot = CertificateAuthority.create();
    CertificateAuthority newRoot = CertificateAuthority.create();
    try (HandshakeServer server = HandshakeServer.start(oldRoot.server(), oldRoot, TrustPolicy.STRICT)) {
      assertThat(server.probe(newRoot.client("bob"), oldRoot).reason()).contains(Reason.UNTRUSTED_ISSUER);
      server.trust(oldRoot, newRoot);
      HandshakeResult bob = server.probe(newRoot.client("bob"), oldRoot);
      assertThat(bob.outcome()).as(bob.explain()).isEqualTo(Outcome.ACCEPTED);
      assertThat(bob.acceptableIssuers()).containsExactlyInAnyOrder(oldRoot.subject(), newRoot.subject());
      assertThat(server.probe(oldRoot.client("alice"), oldRoot).outcome()).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @Test
  void theCrossCertificateCarriesTheNewRootsNameAndKeyUnderTheOldRootsSignature() throws GeneralSecurityException {
    CertificateAuthority oldRoot = CertificateAuthority.create();
    CertificateAuthority newRoot = CertificateAuthority.builder().pathLength(1).build();
    X509Certificate cross = oldRoot.crossSign(newRoot);
    cross.verify(oldRoot.certificate().getPublicKey());
    assertThat(cross.getSubjectX500Principal()).isEqualTo(newRoot.subject());
    assertThat(cross.getIssuerX500Principal()).isEqualTo(oldRoot.subject());
    assertThat(cross.getPublicKey()).isEqualTo(newRoot.certificate().getPublicKey());
    assertThat(cross.getBasicConstraints()).isEqualTo(1);
    assertThat(cross.getNotAfter()).isBeforeOrEqualTo(newRoot.certificate().getNotAfter())
        .isBeforeOrEqualTo(oldRoot.certificate().getNotAfter());
    assertThat(oldRoot.issuerOf(cross)).containsSame(oldRoot);
    assertThatThrownBy(() -> oldRoot.crossSign(oldRoot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CertificateAuthority.crossSign: newRoot is this CA (" + oldRoot.subject().getName()
            + "); cross-sign another root, such as the one replacing this one");
  }

  /** A probe presenting {@code client} with a plain JDK trust manager over the roots of {@code trusted}. */
  private static HandshakeResult probe(HandshakeServer server, Identity client, CertificateAuthority... trusted)
      throws GeneralSecurityException {
    return Handshake.to(server.address()).hostname("localhost").serverView(server)
        .probe(client.sslContext(trusting(trusted)));
  }

  private static X509ExtendedTrustManager trusting(CertificateAuthority... roots) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (CertificateAuthority root : roots) {
      store.setCertificateEntry(root.subject().getName(), root.root());
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
  }

  private static BigInteger serial(Identity identity) {
    return identity.certificate().getSerialNumber();
  }
}
