package dev.mutualtls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.CertificateSpec;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.ExtendedKeyUsage;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.KeyType;
import dev.mutualtls.testing.WithoutRsa;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * {@link HandshakeResult#explain()} word for word for the failures developers meet first. Times, ports and
 * cipher suites vary from run to run and are masked; everything else is the exact text.
 */
class ExplainGoldenTest {
  private static final CertificateAuthority CA = CertificateAuthority.builder()
      .subject("CN=Golden Root CA,O=Example").build();

  static String normalize(String text) {
    return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
        .replaceAll("serial [0-9a-f]+ ", "serial <serial> ")
        .replaceAll("TLS_[A-Z0-9_]+", "<cipher>")
        .replaceAll("mutualtls Untrusted CA [0-9a-f]{6}", "mutualtls Untrusted CA <id>");
  }

  private static String explain(Identity client, String serverProtocol, String... clientProtocols) {
    try (HandshakeServer server = HandshakeServer.start(CA.server(), CA, TrustPolicy.STRICT, serverProtocol)) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").serverView(server)
          .protocols(clientProtocols).probe(client, CA);
      return normalize(result.explain());
    }
  }

  @Test
  void expiredClientCertificate() {
    assertThat(explain(CA.defective(Defect.EXPIRED), "TLSv1.3")).isEqualTo("""
        Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the server with alert certificate_unknown (46)
          1. ClientHello         client -> server  offers TLSv1.3, TLSv1.2; server name localhost
          2. ServerHello         server -> client  TLSv1.3, <cipher>
          3. Certificate         server -> client  serial <serial> CN=localhost,O=mutualtls, issued by CN=Golden Root CA,O=Example
          4. client verifies it  client            ok: chains to a trusted root and matches localhost
          5. CertificateRequest  server -> client  acceptable CAs: CN=Golden Root CA,O=Example
          6. Certificate         client -> server  CN=client-expired,O=mutualtls, issued by CN=Golden Root CA,O=Example + CertificateVerify
          7. server verifies it  server            REFUSED: client certificate CN=client-expired,O=mutualtls expired on <time>   <== stopped here
          8. Finished            both              not reached
          9. HTTP/1.1 request    client -> server  GET / sent; alert certificate_unknown (46) came back instead of an answer
        Who refused: the server, with alert certificate_unknown (46). Reason: the certificate has expired.
        Note: a JSSE server sends certificate_unknown for every certificate it refuses; the reason above is the server's own.
        Fix: issue a certificate that is valid now.
        """);
  }

  @Test
  void noClientCertificate() throws Exception {
    TlsAlert alert = JsseCalibration.noCertificateAlert("TLSv1.3");
    assertThat(explain(null, "TLSv1.3")).isEqualTo("""
        Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the server with alert ALERT
          1. ClientHello         client -> server  offers TLSv1.3, TLSv1.2; server name localhost
          2. ServerHello         server -> client  TLSv1.3, <cipher>
          3. Certificate         server -> client  serial <serial> CN=localhost,O=mutualtls, issued by CN=Golden Root CA,O=Example
          4. client verifies it  client            ok: chains to a trusted root and matches localhost
          5. CertificateRequest  server -> client  acceptable CAs: CN=Golden Root CA,O=Example
          6. Certificate         client -> server  none (an empty Certificate message)
                                                   asked for key types EC, EdDSA, RSA, RSASSA-PSS from the CAs of step 5
                                                   why: the probe was given no client certificate to send
          7. server verifies it  server            REFUSED: the client sent an empty Certificate message: it presented no certificate   <== stopped here
          8. Finished            both              not reached
          9. HTTP/1.1 request    client -> server  GET / sent; alert ALERT came back instead of an answer
        Who refused: the server, with alert ALERT. Reason: the client presented no certificate.
        Fix: give the client a key manager that holds its certificate and key; the JDK's key managers send none when the certificate's issuer is not among the CAs the server asked for.
        """.replace("ALERT", alert.toString()));
  }

  @Test
  void clientKeyOfATypeTheServerDoesNotAskFor() throws Exception {
    TlsAlert alert = JsseCalibration.noCertificateAlert("TLSv1.3");
    Identity rsa = CA.issue(CertificateSpec.builder().subject("CN=alice-rsa,O=Example").keyType(KeyType.RSA_2048)
        .extendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH).build());
    SSLContext ecdsaOnly = WithoutRsa.serverContext(CA.server().sslContext(TrustPolicy.STRICT.trustManager(CA)));
    try (HandshakeServer server = HandshakeServer.start(ecdsaOnly, "TLSv1.3")) {
      HandshakeResult result = Handshake.to(server.address()).hostname("localhost").serverView(server)
          .probe(rsa, CA);
      assertThat(normalize(result.explain())).isEqualTo("""
          Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the server with alert ALERT
            1. ClientHello         client -> server  offers TLSv1.3, TLSv1.2; server name localhost
            2. ServerHello         server -> client  TLSv1.3, <cipher>
            3. Certificate         server -> client  serial <serial> CN=localhost,O=mutualtls, issued by CN=Golden Root CA,O=Example
            4. client verifies it  client            ok: chains to a trusted root and matches localhost
            5. CertificateRequest  server -> client  acceptable CAs: CN=Golden Root CA,O=Example
            6. Certificate         client -> server  none (an empty Certificate message)
                                                     asked for key types EC, EdDSA from the CAs of step 5
                                                     the key manager chose no alias; it holds 'alice-rsa' CN=alice-rsa,O=Example (RSA key, issued by CN=Golden Root CA,O=Example)
                                                     why (inferred by checking each key against the request): 'alice-rsa' has key type RSA, and the server's signature algorithms allow key types EC, EdDSA only.
            7. server verifies it  server            REFUSED: the client sent an empty Certificate message: it presented no certificate   <== stopped here
            8. Finished            both              not reached
            9. HTTP/1.1 request    client -> server  GET / sent; alert ALERT came back instead of an answer
          Who refused: the server, with alert ALERT. Reason: the client presented no certificate.
          Fix: give the client a key manager that holds its certificate and key; the JDK's key managers send none when the certificate's issuer is not among the CAs the server asked for.
          """.replace("ALERT", alert.toString()));
    }
  }

  @Test
  void untrustedIssuer() {
    assertThat(explain(CA.defective(Defect.UNTRUSTED_ISSUER), "TLSv1.3")).isEqualTo("""
        Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the server with alert certificate_unknown (46)
          1. ClientHello         client -> server  offers TLSv1.3, TLSv1.2; server name localhost
          2. ServerHello         server -> client  TLSv1.3, <cipher>
          3. Certificate         server -> client  serial <serial> CN=localhost,O=mutualtls, issued by CN=Golden Root CA,O=Example
          4. client verifies it  client            ok: chains to a trusted root and matches localhost
          5. CertificateRequest  server -> client  acceptable CAs: CN=Golden Root CA,O=Example
          6. Certificate         client -> server  CN=client-untrusted-issuer,O=mutualtls, issued by CN=mutualtls Untrusted CA <id>,O=untrusted + CertificateVerify
          7. server verifies it  server            REFUSED: client certificate CN=client-untrusted-issuer,O=mutualtls was issued by CN=mutualtls Untrusted CA <id>,O=untrusted, which is not trusted (trusted root: CN=Golden Root CA,O=Example)   <== stopped here
          8. Finished            both              not reached
          9. HTTP/1.1 request    client -> server  GET / sent; alert certificate_unknown (46) came back instead of an answer
        Who refused: the server, with alert certificate_unknown (46). Reason: the certificate's issuer is not trusted.
        Note: a JSSE server sends certificate_unknown for every certificate it refuses; the reason above is the server's own.
        Fix: issue the certificate from a CA the peer trusts, or add that CA's root to the peer's trust store.
        """);
  }

  @Test
  void wrongExtendedKeyUsage() {
    assertThat(explain(CA.defective(Defect.WRONG_EXTENDED_KEY_USAGE), "TLSv1.2")).isEqualTo("""
        Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the server with alert certificate_unknown (46)
          1. ClientHello         client -> server  offers TLSv1.3, TLSv1.2; server name localhost
          2. ServerHello         server -> client  TLSv1.2
          3. Certificate         server -> client  serial <serial> CN=localhost,O=mutualtls, issued by CN=Golden Root CA,O=Example
          4. client verifies it  client            ok: chains to a trusted root and matches localhost
          5. CertificateRequest  server -> client  acceptable CAs: CN=Golden Root CA,O=Example
          6. Certificate         client -> server  CN=client-wrong-extended-key-usage,O=mutualtls, issued by CN=Golden Root CA,O=Example + CertificateVerify
          7. server verifies it  server            REFUSED: client certificate CN=client-wrong-extended-key-usage,O=mutualtls has extended key usage [serverAuth], which does not allow TLS client authentication (clientAuth)   <== stopped here
          8. Finished            both              not reached
          9. HTTP/1.1 request    client -> server  not reached
        Who refused: the server, with alert certificate_unknown (46). Reason: the certificate's extended key usage does not allow this TLS role.
        Note: a JSSE server sends certificate_unknown for every certificate it refuses; the reason above is the server's own.
        Fix: issue the certificate with EKU clientAuth for a client, serverAuth for a server.
        """);
  }

  @Test
  void hostnameMismatch() {
    try (HandshakeServer server = HandshakeServer.start(CA.defectiveServer(Defect.HOSTNAME_MISMATCH), CA,
        TrustPolicy.STRICT, "TLSv1.3")) {
      assertThat(normalize(server.probe(CA.client("alice"), CA).explain())).isEqualTo("""
          Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the client with alert certificate_unknown (46)
            1. ClientHello         client -> server  offers TLSv1.3, TLSv1.2; server name localhost
            2. ServerHello         server -> client  TLSv1.3
            3. Certificate         server -> client  serial <serial> CN=wrong.example,O=mutualtls, issued by CN=Golden Root CA,O=Example
            4. client verifies it  client            REFUSED: server certificate CN=wrong.example,O=mutualtls is for [DNS:wrong.example], not for localhost   <== stopped here
            5. CertificateRequest  server -> client  not reached
            6. Certificate         client -> server  not reached
            7. server verifies it  server            not reached
            8. Finished            both              not reached
            9. HTTP/1.1 request    client -> server  not reached
          Who refused: the client, with alert certificate_unknown (46). Reason: the server certificate does not match the host name.
          Fix: issue the server certificate with a subjectAltName for every name and IP clients connect to.
          """);
    }
  }

  @Test
  void protocolVersionMismatch() {
    assertThat(explain(CA.client("alice"), "TLSv1.2", "TLSv1.3")).isEqualTo("""
        Mutual TLS handshake with localhost (127.0.0.1:<port>): REFUSED by the server with alert protocol_version (70)
          1. ClientHello         client -> server  offers TLSv1.3; server name localhost
          2. ServerHello         server -> client  no agreement: no protocol version in common: The client supported protocol versions [TLSv1.3] are not accepted by server preferences [TLSv1.2]   <== stopped here
          3. Certificate         server -> client  not reached
          4. client verifies it  client            not reached
          5. CertificateRequest  server -> client  not reached
          6. Certificate         client -> server  not reached
          7. server verifies it  server            not reached
          8. Finished            both              not reached
          9. HTTP/1.1 request    client -> server  not reached
        Who refused: the server, with alert protocol_version (70). Reason: the client and server share no TLS protocol version.
        Fix: enable a common protocol version (TLSv1.3 or TLSv1.2) on both sides.
        """);
  }
}
