package dev.mutualtls.maven;

import dev.mutualtls.maven.internal.FixtureDirectory;
import dev.mutualtls.maven.internal.FixtureIndex;
import dev.mutualtls.maven.internal.FixtureSettings;
import dev.mutualtls.maven.internal.FixtureWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Writes certificate fixtures for tests that run outside the JVM (docker-compose, nginx, Envoy, Python,
 * shell scripts) or inside it: a CA, a server identity, named clients and, on request, deliberately
 * defective clients, as PEM, PKCS#12 and JKS files with an index, {@code fixtures.properties}.
 *
 * <p>Files, in {@link #outputDirectory}: {@code ca.pem}; for the server, each client and each defective
 * identity {@code <name>.pem} (the chain, leaf first), {@code <name>-key.pem} (unencrypted PKCS#8,
 * owner-only), {@code <name>.p12} and {@code <name>.jks} (owner-only, alias {@code mutualtls}, password
 * {@link #password}); {@code truststore.p12} and {@code truststore.jks} (the CA under the alias
 * {@code mutualtls-root}); {@code crl.pem} when {@code REVOKED} is among the {@link #defects};
 * {@code ca-key.pem} only with {@link #writeCaKey}; and {@code fixtures.properties}, which lists every
 * file with its password, subject, SANs, SHA-256 fingerprint, notBefore and notAfter.
 *
 * <p>Up to date: when the configuration is the one that made the existing set, every file is still there
 * and no certificate comes within its renewal margin (half its lifetime, at most one day, before it
 * expires), the goal writes nothing. Otherwise it mints a whole new set into a hidden sibling directory
 * and renames it into place: the directory never holds half a set or a mix of two.
 *
 * <p>Thread-safe: each execution works on its own objects; two executions must not share an
 * {@link #outputDirectory}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_TEST_RESOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

  /**
   * Where the fixtures go. The plugin owns this directory and replaces it as a whole: it must not exist,
   * be empty, or hold a set an earlier run wrote.
   */
  @Parameter(property = "mutualtls.outputDirectory", defaultValue = "${project.build.directory}/mutualtls",
      required = true)
  private File outputDirectory;

  /**
   * The key algorithm of the CA and every identity: {@code EC_P256}, {@code EC_P384}, {@code RSA_2048},
   * {@code RSA_3072}, {@code RSA_4096} or {@code ED25519} (case does not matter, '-' may stand for '_').
   * RSA keys take 20 to 170 ms each to generate; EC P-256 takes well under one.
   */
  @Parameter(property = "mutualtls.keyType", defaultValue = "EC_P256", required = true)
  private String keyType;

  /**
   * The server certificate's DNS names and IP addresses, each a subjectAltName; the first is also its
   * CN. A leading {@code *.} makes a wildcard name. On the command line: a comma-separated list.
   */
  @Parameter(property = "mutualtls.hostnames", defaultValue = "localhost,127.0.0.1,::1", required = true)
  private List<String> hostnames;

  /**
   * The good clients: each name becomes a certificate {@code CN=<name>,O=mutualtls} with EKU clientAuth
   * and the files {@code <name>.pem}, {@code <name>-key.pem}, {@code <name>.p12}, {@code <name>.jks}. Names:
   * 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, unique regardless of case;
   * {@code ca}, {@code server}, {@code truststore}, {@code crl} and {@code fixtures} are reserved. An empty
   * list writes no client.
   */
  @Parameter(property = "mutualtls.clients", defaultValue = "client")
  private List<String> clients;

  /**
   * Deliberately broken identities to write as well, each with exactly one defect, named
   * {@code client-<defect>} ({@code server-<defect>} for server-side defects) in lower case with hyphens:
   * {@code EXPIRED} becomes {@code client-expired}, {@code HOSTNAME_MISMATCH} {@code server-hostname-mismatch}.
   * Accepted: {@code EXPIRED}, {@code NOT_YET_VALID}, {@code UNTRUSTED_ISSUER}, {@code SELF_SIGNED},
   * {@code WRONG_EXTENDED_KEY_USAGE}, {@code MISSING_DIGITAL_SIGNATURE}, {@code CA_AS_LEAF},
   * {@code MISSING_INTERMEDIATE}, {@code REVOKED} (adds {@code crl.pem}), {@code WEAK_KEY},
   * {@code SHA1_SIGNATURE} (not with {@code ED25519}), {@code MISMATCHED_PRIVATE_KEY} and
   * {@code HOSTNAME_MISMATCH}. {@code NO_CERTIFICATE} is refused: it has no files, a client without a
   * certificate simply sends none. Defective certificates keep the lifetimes the core library gives them
   * (one day; {@code NOT_YET_VALID} becomes valid an hour after generation), so sets with defects are
   * renewed more often. Default: none.
   */
  @Parameter(property = "mutualtls.defects")
  private List<String> defects;

  /**
   * How many days the server and the good clients stay valid (the CA one day longer); from 1 to 3650.
   * The set is renewed automatically once a certificate is within half its lifetime, at most one day, of
   * expiring.
   */
  @Parameter(property = "mutualtls.validityDays", defaultValue = "30", required = true)
  private int validityDays;

  /**
   * The password of every {@code .p12} and {@code .jks} file, recorded in {@code fixtures.properties}:
   * these are test keys, not secrets. At least 6 printable ASCII characters (keytool's minimum).
   */
  @Parameter(property = "mutualtls.password", defaultValue = "changeit", required = true)
  private String password;

  /**
   * Which files to write for each identity and trust store: {@code PEM} ({@code <name>.pem},
   * {@code <name>-key.pem}), {@code PKCS12} ({@code <name>.p12}, {@code truststore.p12}) and {@code JKS}
   * ({@code <name>.jks}, {@code truststore.jks}). {@code ca.pem} and {@code fixtures.properties} are always
   * written.
   */
  @Parameter(property = "mutualtls.formats", defaultValue = "PEM,PKCS12,JKS", required = true)
  private List<String> formats;

  /**
   * Whether {@link #outputDirectory} becomes a test resource directory, so tests find the fixtures on the
   * class path ({@code /server.p12}). Copies made there by maven-resources-plugin get the default file
   * permissions, not owner-only.
   */
  @Parameter(property = "mutualtls.addTestResource", defaultValue = "true")
  private boolean addTestResource;

  /**
   * Whether to write the CA's private key as {@code ca-key.pem} (owner-only), for tools that issue more
   * certificates from the same CA. Anyone holding it can mint certificates the fixtures' trust stores
   * accept; keep it false unless needed.
   */
  @Parameter(property = "mutualtls.writeCaKey", defaultValue = "false")
  private boolean writeCaKey;

  /** Skips the goal: nothing is checked or written. Also skips {@code mutualtls:package}. */
  @Parameter(property = "mutualtls.skip", defaultValue = "false")
  private boolean skip;

  /** The project being built (read-only). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Creates the mojo; Maven sets its parameters. */
  public GenerateMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping mutualtls:generate (skip is true, property mutualtls.skip)");
      return;
    }
    FixtureSettings settings = FixtureSettings.validate(keyType, hostnames, clients, defects, validityDays,
        password, formats, writeCaKey);
    Path directory = outputDirectory.toPath().toAbsolutePath().normalize();
    FixtureDirectory.Outcome outcome;
    try {
      outcome = new FixtureDirectory(new FixtureWriter()::write).ensure(directory, settings, Instant.now());
    } catch (IOException e) {
      throw new MojoExecutionException("mutualtls:generate cannot write the fixtures to " + directory + ": " + e,
          e);
    }
    FixtureIndex index = outcome.index();
    if (outcome instanceof FixtureDirectory.UpToDate upToDate) {
      getLog().info("mutualtls fixtures in " + directory + " are up to date (configuration unchanged, next"
          + " renewal after " + upToDate.renewal().due() + "): nothing written");
    } else {
      getLog().info("Generated mutualtls fixtures in " + directory + " because "
          + ((FixtureDirectory.Generated) outcome).reason() + ": " + index.files().size() + " files for ca, "
          + index.get("identities").orElse("").replace(",", ", ") + " (" + settings.keyType() + ", CA "
          + index.get("ca.sha256").orElse("?") + ", valid until " + index.get("ca.notAfter").orElse("?") + ")");
    }
    if (addTestResource) {
      Resource resource = new Resource();
      resource.setDirectory(directory.toString());
      resource.setFiltering(false);
      project.addTestResource(resource);
      getLog().debug("Added " + directory + " as a test resource directory");
    }
  }
}
