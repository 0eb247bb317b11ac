package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import dev.mutualtls.pki.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client {@link Defect} x TLS 1.2/1.3 x EC/RSA against the library's server, under both policies,
 * each cell repeated: a classification that is right only most of the time is a bug.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectionMatrixTest {
  static final int REPETITIONS = 20;
  static final List<KeyType> KEY_TYPES = List.of(KeyType.EC_P256, KeyType.RSA_2048);
  static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

  private final Map<KeyType, CertificateAuthority> authorities = new EnumMap<>(KeyType.class);
  private final Map<KeyType, Map<Defect, Identity>> clients = new EnumMap<>(KeyType.class);
  private final Map<String, HandshakeServer> servers = new ConcurrentHashMap<>();

  /**
   * What this JDK's server sends for an empty client certificate, per protocol: 40 (TLS 1.2) and 116
   * (TLS 1.3) on current builds, 42 for both on older ones such as 17.0.15.
   */
  static final Map<String, TlsAlert> NO_CERTIFICATE_ALERT = new ConcurrentHashMap<>();

  @BeforeAll
  void mint() throws Exception {
    for (String protocol : PROTOCOLS) {
      NO_CERTIFICATE_ALERT.put(protocol, JsseCalibration.noCertificateAlert(protocol));
    }
    for (KeyType type : KEY_TYPES) {
      CertificateAuthority ca = CertificateAuthority.builder().keyType(type).build();
      authorities.put(type, ca);
      Map<Defect, Identity> defective = new EnumMap<>(Defect.class);
      for (Defect defect : clientDefects()) {
        if (defect != Defect.NO_CERTIFICATE) {
          defective.put(defect, ca.defective(defect));
        }
      }
      clients.put(type, defective);
      for (TrustPolicy policy : TrustPolicy.values()) {
        for (String protocol : PROTOCOLS) {
          servers.put(type + "/" + policy + "/" + protocol,
              HandshakeServer.start(ca.server(), ca, policy, protocol));
        }
      }
    }
  }

  @AfterAll
  void stop() {
    servers.values().forEach(HandshakeServer::close);
  }

  static List<Defect> clientDefects() {
    List<Defect> defects = new ArrayList<>();
    for (Defect defect : Defect.values()) {
      if (defect.side() == Side.CLIENT) {
        defects.add(defect);
      }
    }
    return defects;
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Defect defect : clientDefects()) {
      for (String protocol : PROTOCOLS) {
        for (KeyType type : KEY_TYPES) {
          cells.add(Arguments.of(defect, protocol, type));
        }
      }
    }
    return cells.stream();
  }

  static TlsAlert expectedAlert(Defect defect, String protocol) {
    switch (defect) {
      case NO_CERTIFICATE:
        return NO_CERTIFICATE_ALERT.get(protocol);
      case MISMATCHED_PRIVATE_KEY:
        return TlsAlert.HANDSHAKE_FAILURE;
      default:
        return TlsAlert.CERTIFICATE_UNKNOWN;
    }
  }

  @ParameterizedTest(name = "STRICT refuses {0} over {1} with {2}")
  @MethodSource("cells")
  void strictServerRefusesEveryDefectWithItsReason(Defect defect, String protocol, KeyType type) {
    HandshakeServer server = servers.get(type + "/" + TrustPolicy.STRICT + "/" + protocol);
    Identity client = clients.get(type).get(defect);
    for (int i = 0; i < REPETITIONS; i++) {
      HandshakeResult result = server.probe(client, authorities.get(type));
      assertThat(result.succeeded()).as("attempt %d: %s", i, result.explain()).isFalse();
      assertThat(result.rejectedBy()).as("attempt %d: %s", i, result.explain()).contains(Side.SERVER);
      assertThat(result.alert()).as("attempt %d: %s", i, result.explain()).contains(expectedAlert(defect, protocol));
      assertThat(result.reason()).as("attempt %d: %s", i, result.explain()).contains(Reason.expectedFor(defect));
      assertThat(result.protocol()).as("attempt %d", i).hasValueSatisfying(p -> assertThat(p).isEqualTo(protocol));
    }
  }

  @ParameterizedTest(name = "JDK_DEFAULT on {0} over {1} with {2}")
  @MethodSource("cells")
  void jdkDefaultServerLetsThroughWhatTheJdkLetsThrough(Defect defect, String protocol, KeyType type) {
    HandshakeServer server = servers.get(type + "/" + TrustPolicy.JDK_DEFAULT + "/" + protocol);
    Identity client = clients.get(type).get(defect);
    for (int i = 0; i < REPETITIONS; i++) {
      HandshakeResult result = server.probe(client, authorities.get(type));
      if (defect.caughtByJdkDefault()) {
        assertThat(result.rejectedBy()).as("attempt %d: %s", i, result.explain()).contains(Side.SERVER);
        assertThat(result.alert()).as("attempt %d: %s", i, result.explain()).contains(expectedAlert(defect, protocol));
        assertThat(result.reason()).as("attempt %d: %s", i, result.explain()).contains(Reason.expectedFor(defect));
      } else {
        assertThat(result.succeeded()).as("attempt %d: %s", i, result.explain()).isTrue();
      }
    }
  }
}
