package dev.mutualtls.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Sets of CA, server identity and default client minted ahead: each goes to one class, fresh, or to none. */
class MintAheadTest {
  static final List<String> HOSTS = List.of("localhost", "127.0.0.1");

  @Test
  void mintsTheNextSetOnlyOnceTheAskingClassHasItsCaAndHandsItToOneClass() throws Exception {
    MintAhead ahead = new MintAhead();
    CompletableFuture<CertificateAuthority> own = new CompletableFuture<>();
    assertThat(ahead.take(KeyType.EC_P256, HOSTS)).isNull();

    ahead.mintNext(KeyType.EC_P256, HOSTS, own);
    CompletableFuture<MintAhead.Minted> next = ahead.take(KeyType.EC_P256, HOSTS);
    assertThat(next).as("taken while waiting for the first class's CA").isNotNull();
    assertThat(next).isNotDone();
    own.complete(null);
    MintAhead.Minted minted = next.join();

    X509Certificate root = minted.ca().certificate();
    minted.server().certificate().verify(root.getPublicKey());
    minted.client().certificate().verify(root.getPublicKey());
    assertThat(minted.client().certificate().getSubjectX500Principal().getName()).startsWith("CN=client");
    assertThat(ahead.take(KeyType.EC_P256, HOSTS)).as("the same set again").isNull();
  }

  @Test
  void aSetForOtherHostNamesOrAnotherKeyTypeIsNotHandedOut() {
    MintAhead ahead = new MintAhead();
    ahead.mintNext(KeyType.EC_P256, HOSTS, CompletableFuture.completedFuture(null));

    assertThat(ahead.take(KeyType.EC_P256, List.of("localhost"))).isNull();
    assertThat(ahead.take(KeyType.EC_P384, HOSTS)).isNull();
    assertThat(ahead.take(KeyType.EC_P256, HOSTS)).isNotNull();
  }

  @Test
  void aSetOlderThanTheMaximumAgeIsDropped() {
    MintAhead ahead = new MintAhead(Duration.ZERO);
    ahead.mintNext(KeyType.EC_P256, HOSTS, CompletableFuture.completedFuture(null));
    ahead.peek(KeyType.EC_P256, HOSTS).join();

    assertThat(ahead.take(KeyType.EC_P256, HOSTS)).isNull();
    assertThat(ahead.peek(KeyType.EC_P256, HOSTS)).as("taken out all the same").isNull();
  }

  @Test
  void closedItHandsOutNothingAndMintsNothing() {
    MintAhead ahead = new MintAhead();
    ahead.close();
    ahead.mintNext(KeyType.EC_P256, HOSTS, CompletableFuture.completedFuture(null));

    assertThat(ahead.take(KeyType.EC_P256, HOSTS)).isNull();
  }

  @Test
  void onlyClassesMintingAtTheRealTimeWithoutRevocationTakeASet() {
    assertThat(MintAhead.eligible(key(RevocationCheck.NONE, null))).isTrue();
    assertThat(MintAhead.eligible(key(RevocationCheck.CRL, null))).isFalse();
    assertThat(MintAhead.eligible(key(RevocationCheck.NONE, Duration.ofHours(-1)))).isFalse();
    assertThat(MintAhead.eligible(key(RevocationCheck.NONE, Instant.parse("2026-01-01T00:00:00Z")))).isFalse();
  }

  private static Config.Key key(RevocationCheck revocation, Object mintedAt) {
    return new Config.Key(KeyType.EC_P256, HOSTS, Config.SUPPORTED_PROTOCOLS, TrustPolicy.STRICT, revocation, false,
        mintedAt);
  }
}
