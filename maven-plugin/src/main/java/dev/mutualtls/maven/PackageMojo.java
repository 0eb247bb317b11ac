package dev.mutualtls.maven;

import dev.mutualtls.maven.internal.FixtureIndex;
import dev.mutualtls.maven.internal.OutputTimestamp;
import dev.mutualtls.maven.internal.ReproducibleZip;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Zips the fixtures {@code mutualtls:generate} wrote and attaches the archive to the project with the
 * classifier {@code mutualtls-fixtures} and type {@code zip} (file
 * {@code <finalName>-mutualtls-fixtures.zip} in the build directory), so other modules can depend on it or unpack it
 * with maven-dependency-plugin. The files sit at the archive's root.
 *
 * <p>The archive is reproducible: entries sorted, every timestamp {@code project.build.outputTimestamp}
 * (or, when that is unset, the fixtures' generation time), Unix permissions kept, so private keys unpack
 * owner-only again.
 *
 * <p>Thread-safe: each execution works on its own objects.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractMojo {
  /** The classifier of the attached archive, also the end of its file name. */
  public static final String CLASSIFIER = "mutualtls-fixtures";

  /** The fixture directory to zip: the {@code outputDirectory} of {@code mutualtls:generate}. */
  @Parameter(property = "mutualtls.outputDirectory", defaultValue = "${project.build.directory}/mutualtls",
      required = true)
  private File outputDirectory;

  /**
   * The timestamp of every archive entry, for reproducible builds: an ISO 8601 date-time with offset or
   * seconds since the epoch. Unset (or a single character): the fixtures' generation time, so the same
   * set always makes the same archive.
   */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  /** Skips the goal: nothing is zipped or attached. The same property skips {@code mutualtls:generate}. */
  @Parameter(property = "mutualtls.skip", defaultValue = "false")
  private boolean skip;

  /** The project being built (read-only). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  private final MavenProjectHelper projectHelper;

  /**
   * Creates the mojo; Maven injects the helper and sets the parameters.
   *
   * @param projectHelper attaches the archive to the project
   */
  @Inject
  public PackageMojo(MavenProjectHelper projectHelper) {
    this.projectHelper = projectHelper;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping mutualtls:package (skip is true, property mutualtls.skip)");
      return;
    }
    Optional<Instant> configured = OutputTimestamp.parse(outputTimestamp);
    Path directory = outputDirectory.toPath().toAbsolutePath().normalize();
    Optional<FixtureIndex> index;
    try {
      index = Files.isDirectory(directory) ? FixtureIndex.read(directory) : Optional.empty();
    } catch (IOException e) {
      throw new MojoExecutionException("mutualtls:package cannot read " + directory.resolve(FixtureIndex.FILE_NAME)
          + ": " + e, e);
    }
    if (index.isEmpty()) {
      throw new MojoFailureException("outputDirectory: " + directory + " holds no mutualtls fixtures (no "
          + FixtureIndex.FILE_NAME + "); run mutualtls:generate first, for example with both goals, generate"
          + " and package, in the plugin's <executions>, and give both the same outputDirectory");
    }
    Instant timestamp = configured.orElseGet(() -> Instant.parse(index.get().get("generated").orElseThrow()));
    Path zip = Path.of(project.getBuild().getDirectory())
        .resolve(project.getBuild().getFinalName() + "-" + CLASSIFIER + ".zip");
    List<String> entries;
    String sha256;
    try {
      entries = ReproducibleZip.write(directory, zip, timestamp);
      sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip)));
    } catch (IOException e) {
      throw new MojoExecutionException("mutualtls:package cannot write " + zip + ": " + e, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    projectHelper.attachArtifact(project, "zip", CLASSIFIER, zip.toFile());
    getLog().info("Attached " + zip + " as classifier " + CLASSIFIER + ", type zip: " + entries.size()
        + " files, entries stamped " + timestamp + ", SHA-256 " + sha256);
  }
}
