package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.CertificateSelection.Cause;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import dev.mutualtls.testing.JdkServer;
import dev.mutualtls.testing.WithoutRsa;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Why a client's key manager sends no certificate, each cause provoked for real against the library's
 * {@link HandshakeServer} and against a plain JDK {@code SSLServerSocket} whose trust store names its CAs, over TLS 1.3
 * and 1.2. The key managers are the JDK's own ({@code SunX509}, the default): the ones that decide silently.
 */
class CertificateSelectionTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final CertificateAuthority TRUSTED = CertificateAuthority.builder()
      .subject("CN=Server Trust Root,O=Example").build();
  private static final CertificateAuthority OTHER = CertificateAuthority.builder()
      .subject("CN=Other Root,O=Example").build();
  private static final Identity SERVER = TRUSTED.server();
  private static final Identity ALICE = TRUSTED.client("alice");
  private static final Identity RSA_ALICE = TRUSTED.issue(CertificateSpec.builder().subject("CN=alice-rsa,O=Example")
      .keyType(KeyType.RSA_2048).extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH).build());

  /** The two kinds of server under test. */
  enum Kind {
    LIBRARY,
    JDK
  }

  /** A running server and the probe that reaches it (merging its verdicts when it is the library's). */
  private static final class Target implements Closeable {
    final Handshake probe;
    final Closeable server;

    Target(InetSocketAddress address, ServerView view, Closeable server, String protocol) {
      this.probe = Handshake.to(address).hostname("localhost").serverView(view).protocols(protocol);
      this.server = server;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  static Stream<Arguments> servers() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of("TLSv1.3", "TLSv1.2").map(p -> Arguments.of(kind, p)));
  }

  /** Each server and protocol with each of the JDK's key managers. */
  static Stream<Arguments> keyManagers() {
    return servers().flatMap(arguments -> Stream.of("SunX509", "PKIX")
        .map(algorithm -> Arguments.of(arguments.get()[0], arguments.get()[1], algorithm)));
  }

  private static Target start(Kind kind, String protocol, boolean withoutRsa) throws Exception {
    if (kind == Kind.LIBRARY) {
      SSLContext context = SERVER.sslContext(TrustPolicy.STRICT.trustManager(TRUSTED));
      HandshakeServer server = HandshakeServer.start(withoutRsa ? WithoutRsa.serverContext(context) : context,
          protocol);
      return new Target(server.address(), server, server::close, protocol);
    }
    JdkServer server = JdkServer.start(SERVER.keyManager(), TRUSTED.trustStore(), parameters -> {
      parameters.setProtocols(new String[] {protocol});
      if (withoutRsa) {
        parameters.setAlgorithmConstraints(WithoutRsa.CONSTRAINTS);
      }
    });
    return new Target(server.address(), null, server, protocol);
  }

  private static KeyStore keyStore(Map<String, Identity> entries) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (Map.Entry<String, Identity> entry : entries.entrySet()) {
      Identity identity = entry.getValue();
      store.setKeyEntry(entry.getKey(), identity.keyStore(PASSWORD).getKey("mutualtls", PASSWORD), PASSWORD,
          identity.chain().toArray(new X509Certificate[0]));
    }
    return store;
  }

  private static X509KeyManager sunX509(Map<String, Identity> entries) throws Exception {
    return keyManager("SunX509", entries);
  }

  private static X509KeyManager keyManager(String algorithm, Map<String, Identity> entries) throws Exception {
    KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm);
    factory.init(keyStore(entries), PASSWORD);
    return (X509KeyManager) factory.getKeyManagers()[0];
  }

  @ParameterizedTest(name = "{0} server, {1}, {2} key manager")
  @MethodSource("keyManagers")
  void sendsTheCertificateWhoseIssuerTheServerNames(Kind kind, String protocol, String algorithm) throws Exception {
    try (Target target = start(kind, protocol, false)) {
      CertificateSelection selection = target.probe.certificateSelection(keyManager(algorithm,
          Map.of("alice", ALICE)));

      assertThat(selection.sent()).as(selection.explain()).isTrue();
      assertThat(selection.alias()).hasValueSatisfying(alias -> assertThat(alias).endsWith("alice"));
      assertThat(selection.chain()).containsExactlyElementsOf(ALICE.chain());
      assertThat(selection.causes()).isEmpty();
      assertThat(selection.acceptableIssuers()).containsExactly(TRUSTED.subject());
      assertThat(selection.handshake().succeeded()).as(selection.handshake().explain()).isTrue();
      assertThat(selection.explain()).containsPattern("^Client certificate for localhost \\(127\\.0\\.0\\.1:\\d+\\):"
          + " SENT CN=alice,O=mutualtls \\(EC key, issued by CN=Server Trust Root,O=Example\\)\n");
    }
  }

  @ParameterizedTest(name = "{0} server, {1}, {2} key manager")
  @MethodSource("keyManagers")
  void namesTheServersCasWhenTheCertificatesIssuerIsNotAmongThem(Kind kind, String protocol, String algorithm)
      throws Exception {
    try (Target target = start(kind, protocol, false)) {
      CertificateSelection selection = target.probe.certificateSelection(keyManager(algorithm, Map.of("alice",
          OTHER.client("alice"))));

      assertThat(selection.sent()).as(selection.explain()).isFalse();
      assertThat(selection.requested()).isTrue();
      assertThat(selection.causes()).containsExactly(Cause.ISSUER_NOT_ACCEPTED);
      assertThat(selection.acceptableIssuers()).containsExactly(TRUSTED.subject());
      assertThat(selection.aliases()).singleElement().satisfies(alias -> assertThat(alias).endsWith("alice"));
      String alias = selection.aliases().get(0);
      assertThat(selection.explain())
          .contains("Observed: the server asked for a certificate issued by one of 1 CA: CN=Server Trust Root,"
              + "O=Example\n")
          .contains("Observed: the key manager chose no alias\n")
          .contains("Why (inferred by checking each key against the request): '" + alias + "' was issued by"
              + " CN=Other Root,O=Example, and the server named CN=Server Trust Root,O=Example only.\n")
          .contains("Fix: issue the client certificate from a CA the server trusts");
      assertThat(selection.handshake().succeeded()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} server, {1}, {2} key manager")
  @MethodSource("keyManagers")
  void saysWhenTheKeyIsOfATypeTheServerDidNotAskFor(Kind kind, String protocol, String algorithm) throws Exception {
    try (Target target = start(kind, protocol, true)) {
      CertificateSelection selection = target.probe.certificateSelection(keyManager(algorithm,
          Map.of("rsa", RSA_ALICE)));

      assertThat(selection.sent()).as(selection.explain()).isFalse();
      assertThat(selection.causes()).containsExactly(Cause.KEY_TYPE_NOT_REQUESTED);
      assertThat(selection.keyTypes()).contains("EC").doesNotContain("RSA", "RSASSA-PSS");
      assertThat(selection.signatureAlgorithms()).contains("SHA256withECDSA").noneMatch(a -> a.contains("RSA"));
      assertThat(selection.explain()).contains("'" + selection.aliases().get(0) + "' has key type RSA, and the"
          + " server's signature algorithms allow key types " + String.join(", ", selection.keyTypes()) + " only.\n");
    }
  }

  @ParameterizedTest(name = "{0} server, {1}")
  @MethodSource("servers")
  void saysWhenTheKeyStoreIsEmpty(Kind kind, String protocol) throws Exception {
    try (Target target = start(kind, protocol, false)) {
      CertificateSelection selection = target.probe.certificateSelection(keyStore(Map.of()), PASSWORD);

      assertThat(selection.sent()).as(selection.explain()).isFalse();
      assertThat(selection.aliases()).isEmpty();
      assertThat(selection.causes()).containsExactly(Cause.NO_KEY);
      assertThat(selection.explain()).contains("Keys the key manager holds: none\n")
          .contains("Why: the key manager holds no private key with a certificate.\n");
      if (kind == Kind.LIBRARY) {
        assertThat(selection.handshake().reason()).contains(Reason.NO_CERTIFICATE);
      }
    }
  }

  @ParameterizedTest(name = "{0} server, {1}")
  @MethodSource("servers")
  void namesTheChosenKeyAndWhyTheOtherWasNotChosen(Kind kind, String protocol) throws Exception {
    Map<String, Identity> entries = new LinkedHashMap<>();
    entries.put("old", TRUSTED.defective(Defect.EXPIRED));
    entries.put("new", RSA_ALICE);
    try (Target target = start(kind, protocol, false)) {
      CertificateSelection selection = target.probe.certificateSelection(sunX509(entries));

      assertThat(selection.sent()).as(selection.explain()).isTrue();
      assertThat(selection.alias()).contains("old");
      assertThat(selection.aliases()).containsExactlyInAnyOrder("old", "new");
      assertThat(selection.explain())
          .contains("Not chosen: 'new' fits too, but its key type RSA comes after EC in the order the JDK asked"
              + " (observed), and the key manager took the first type it holds (inferred).\n")
          .contains("Note: the chosen certificate expired on ");
      assertThat(selection.handshake().succeeded()).as("the server refuses the expired one").isFalse();
      if (kind == Kind.LIBRARY) {
        assertThat(selection.handshake().reason()).contains(Reason.EXPIRED);
      }
    }
  }

  @ParameterizedTest(name = "{0} server, {1}")
  @MethodSource("servers")
  void aPkixKeyManagerPrefersTheValidKeyAndTheSelectionSaysSo(Kind kind, String protocol) throws Exception {
    Map<String, Identity> entries = new LinkedHashMap<>();
    entries.put("old", TRUSTED.defective(Defect.EXPIRED));
    entries.put("new", RSA_ALICE);
    try (Target target = start(kind, protocol, false)) {
      CertificateSelection selection = target.probe.certificateSelection(keyManager("PKIX", entries));

      assertThat(selection.chain()).as(selection.explain()).containsExactlyElementsOf(RSA_ALICE.chain());
      String old = selection.aliases().stream().filter(alias -> alias.endsWith("old")).findFirst().orElseThrow();
      assertThat(selection.explain()).contains("Not chosen: '" + old + "' fits too; the key manager preferred '"
          + selection.alias().orElseThrow() + "' (inferred: the JDK's SunX509 key manager takes the first match it"
          + " finds, its PKIX one prefers a certificate valid now that allows clientAuth; '" + old + "' expired on ");
      assertThat(selection.handshake().succeeded()).as(selection.handshake().explain()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} server, {1}")
  @MethodSource("servers")
  void saysWhyAKeyFromAnotherCaWasPassedOver(Kind kind, String protocol) throws Exception {
    Map<String, Identity> entries = new LinkedHashMap<>();
    entries.put("partner", OTHER.client("partner"));
    entries.put("alice", ALICE);
    try (Target target = start(kind, protocol, false)) {
      CertificateSelection selection = target.probe.certificateSelection(sunX509(entries));

      assertThat(selection.alias()).as(selection.explain()).contains("alice");
      assertThat(selection.explain()).contains("Not chosen: 'partner' was issued by CN=Other Root,O=Example, and the"
          + " server named CN=Server Trust Root,O=Example only.\n");
      assertThat(selection.handshake().succeeded()).isTrue();
    }
  }

  @Test
  void saysWhenTheServerDidNotAskForACertificate() throws Exception {
    try (JdkServer server = JdkServer.start(SERVER.keyManager(), TRUSTED.trustStore(),
        parameters -> parameters.setNeedClientAuth(false))) {
      CertificateSelection selection = Handshake.to(server.address()).hostname("localhost")
          .certificateSelection(sunX509(Map.of("alice", ALICE)));

      assertThat(selection.sent()).isFalse();
      assertThat(selection.requested()).isFalse();
      assertThat(selection.causes()).containsExactly(Cause.NOT_REQUESTED);
      assertThat(selection.handshake().succeeded()).as("a server that does not ask accepts").isTrue();
    }
  }

  @Test
  void aKeyStoreWithOnlyACertificateHoldsNoKey() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("alice", ALICE.certificate());
    try (JdkServer server = JdkServer.start(SERVER.keyManager(), TRUSTED.trustStore(), parameters -> { })) {
      CertificateSelection selection = Handshake.to(server.address()).hostname("localhost")
          .certificateSelection(store, PASSWORD);

      assertThat(selection.causes()).containsExactly(Cause.NO_KEY);
      assertThat(selection.explain()).contains("'alice': CN=alice,O=mutualtls (EC key, issued by CN=Server Trust"
          + " Root,O=Example, NO PRIVATE KEY)\n").contains("holds no private key with a certificate (only"
          + " certificates).\n");
    }
  }

  @Test
  void anSslContextTellsWhetherACertificateWasSentButNotWhy() throws Exception {
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(new KeyManager[] {sunX509(Map.of("alice", OTHER.client("alice")))},
        new TrustManager[] {TRUSTED.trustManager()}, null);
    try (HandshakeServer server = HandshakeServer.start(SERVER, TRUSTED, TrustPolicy.STRICT, "TLSv1.3")) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").serverView(server)
          .probe(client);

      assertThat(result.clientCertificatesSent()).isEmpty();
      assertThat(result.reason()).contains(Reason.NO_CERTIFICATE);
      assertThat(result.explain()).contains("  6. Certificate         client -> server  none (an empty Certificate"
          + " message); why is not visible: an SSLContext hides its key manager"
          + " (Handshake.certificateSelection(keyManager) tells)\n");
    }
  }
}
