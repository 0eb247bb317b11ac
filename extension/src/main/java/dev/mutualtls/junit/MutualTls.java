package dev.mutualtls.junit;

import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.handshake.TrustPolicy;
import dev.mutualtls.pki.KeyType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class (or one test method) a throw-away certificate authority, a WireMock HTTPS server that
 * demands client certificates, and clients, good and deliberately broken, to inject as parameters.
 *
 * <pre>{@code
 * @MutualTls(clients = {"alice", "bob"})
 * class PaymentsClientTest {
 *   @Test
 *   void alice_is_served(MutualTlsServer server, @Client("alice") MutualTlsClient alice) throws Exception {
 *     server.stubFor(get("/balance").willReturn(ok("42")));
 *     HttpResponse<String> response = alice.httpClient()
 *         .send(HttpRequest.newBuilder(server.uri("/balance")).build(), BodyHandlers.ofString());
 *     assertEquals("42", response.body());
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters that test methods, lifecycle methods and constructors may declare: {@code CertificateAuthority},
 * {@link MutualTlsServer}, {@link MutualTlsClient} (the default client, {@code CN=client}),
 * {@code @}{@link Client}{@code ("alice") MutualTlsClient}, {@code @}{@link Defective}{@code (Defect.EXPIRED)
 * MutualTlsClient}, {@code SSLContext} (the default client's), and the identities themselves for tests that run
 * their own server or client: {@code @}{@link ServerIdentity}{@code  Identity}, {@code @Client("alice") Identity},
 * {@code @Defective(...) Identity}.
 *
 * <p>Every attribute left empty takes the run's default: the JUnit configuration parameter named in its
 * description (for example in {@code junit-platform.properties}), else the built-in default. On a method or
 * a {@code @Nested} class, empty attributes take the enclosing level's values. Lifecycle: the CA is made once
 * per class when first needed; the server starts only when a test first asks for it, is reused by the class's
 * tests, has its stubs and request journal reset after each test, and is stopped when the class is done, also
 * when tests fail. A method or {@code @Nested} class whose key type, host names, protocols, trust policy or
 * revocation settings differ from its class's gets a CA and server of its own.
 *
 * <p>Usable as a meta-annotation. Safe in JUnit's parallel mode: tests running at the same time never share a
 * server (see {@link MutualTlsServer}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MutualTlsExtension.class)
public @interface MutualTls {
  /**
   * The key type of the CA and of every certificate it issues: at most one. Empty: the configuration parameter
   * {@code mutualtls.keyType}, else {@link KeyType#EC_P256}. RSA keys cost 20 to 170 ms each.
   */
  KeyType[] keyType() default {};

  /**
   * The DNS names and IP literals the server certificate is issued for; the first loopback name among them
   * ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) is the host of {@link MutualTlsServer#baseUri()}. Empty:
   * the configuration parameter {@code mutualtls.hostnames} (comma-separated), else {@code localhost},
   * {@code 127.0.0.1} and {@code ::1}.
   */
  String[] hostnames() default {};

  /**
   * The TLS versions the server accepts: {@code TLSv1.3} and/or {@code TLSv1.2}. Empty: the configuration
   * parameter {@code mutualtls.protocols} (comma-separated), else both.
   */
  String[] protocols() default {};

  /**
   * Names of the clients tests may ask for with {@link Client @Client}: each becomes a certificate
   * {@code CN=<name>,O=mutualtls}, minted on first use. The default client {@code client} always exists. Names
   * from enclosing levels and the configuration parameter {@code mutualtls.clients} (comma-separated) are added.
   */
  String[] clients() default {};

  /**
   * How the server judges client certificates: at most one. Empty: the configuration parameter
   * {@code mutualtls.trustPolicy}, else {@link TrustPolicy#STRICT}, which refuses every client
   * {@link dev.mutualtls.pki.Defect}. {@link TrustPolicy#JDK_DEFAULT} shows what a server relying on the JDK's
   * defaults lets through.
   */
  TrustPolicy[] trustPolicy() default {};

  /**
   * Whether the server checks over the network that a client certificate is not revoked: at most one. Empty: the
   * configuration parameter {@code mutualtls.revocation}, else {@link RevocationCheck#NONE}.
   *
   * <p>With {@link RevocationCheck#CRL} or {@link RevocationCheck#OCSP} the CA publishes its revocations on a
   * loopback HTTP endpoint (started with the first certificate, stopped with the class), every certificate names
   * it (CRL distribution point, OCSP URL in the authority information access), and the server asks it during each
   * handshake with the JDK's {@code PKIXRevocationChecker}, as a production server would: a
   * {@code @Defective(Defect.REVOKED)} client is refused with {@link dev.mutualtls.handshake.Reason#REVOKED}, its
   * revocation date and reason. With {@code NONE} nothing is fetched: the JDK then accepts a revoked certificate,
   * so under {@link TrustPolicy#JDK_DEFAULT} the revoked client is accepted, while {@link TrustPolicy#STRICT}
   * still refuses it from the CA's CRL in memory.
   */
  RevocationCheck[] revocation() default {};

  /**
   * What the server does when the revocation status cannot be determined (endpoint unreachable, status unknown):
   * at most one value; ignored when {@link #revocation()} is {@code NONE}. {@code false} (hard-fail) refuses the
   * client with {@link dev.mutualtls.handshake.Reason#REVOCATION_UNKNOWN}; {@code true} (soft-fail) accepts it, as
   * many production servers are configured. Empty: the configuration parameter {@code mutualtls.revocationSoftFail}
   * ({@code true} or {@code false}), else {@code false}.
   */
  boolean[] revocationSoftFail() default {};

  /**
   * When the CA mints, for certificates that expire during a test: an ISO-8601 duration from the real time
   * ({@code "-PT23H55M"}: minted 23 hours 55 minutes ago, so one-day leaves expire in five minutes) or an ISO-8601
   * instant ({@code "2030-01-01T00:00:00Z"}). Every certificate of the class's CA, the server's too, is minted as of
   * that time; peers still judge at the real time unless told otherwise ({@link MutualTlsServer#validationTime}).
   * Empty: the configuration parameter {@code mutualtls.mintedAt}, else the real time.
   */
  String mintedAt() default "";
}
