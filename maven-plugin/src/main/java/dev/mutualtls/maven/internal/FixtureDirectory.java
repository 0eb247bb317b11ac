package dev.mutualtls.maven.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The fixture directory as a unit: it is either up to date and left alone, or replaced whole. A new set
 * is written into a hidden sibling directory and renamed into place, so the directory never holds a
 * half-written set or a mix of two sets; an old set is renamed aside first and deleted afterwards.
 * Leftovers of an interrupted build are removed on the next run. Stateless and thread-safe, but two
 * builds must not share one directory.
 */
public final class FixtureDirectory {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Minter minter;

  /** Mints a whole set into a directory; {@link FixtureWriter#write} in production. */
  @FunctionalInterface
  public interface Minter {
    /** Writes the set {@code settings} describe into {@code directory} and returns its index. */
    FixtureIndex write(FixtureSettings settings, Path directory, Instant now);
  }

  /** A directory manager that mints sets with {@code minter}. */
  public FixtureDirectory(Minter minter) {
    this.minter = minter;
  }

  /** What {@link #ensure} did. */
  public sealed interface Outcome permits UpToDate, Generated {
    /** The index of the set now in the directory. */
    FixtureIndex index();
  }

  /**
   * The set was up to date: nothing was written.
   *
   * @param index the existing index
   * @param renewal when and why the set will be renewed next
   */
  public record UpToDate(FixtureIndex index, FixtureIndex.Renewal renewal) implements Outcome {}

  /**
   * A new set replaced the directory.
   *
   * @param index the new index
   * @param reason why the set was generated
   */
  public record Generated(FixtureIndex index, String reason) implements Outcome {}

  /**
   * Leaves {@code directory} alone if it holds an up-to-date set for {@code settings}; otherwise writes a
   * new set and moves it into place.
   *
   * @throws MojoFailureException if {@code directory} is a file, or a directory holding files this plugin
   *     did not write (which would be deleted by the replacement)
   * @throws IOException if the directory cannot be read, written or renamed
   */
  public Outcome ensure(Path directory, FixtureSettings settings, Instant now)
      throws MojoFailureException, IOException {
    Path dir = directory.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new MojoFailureException("outputDirectory: " + dir + " is a file, not a directory; accepted: a"
          + " directory of its own for the fixtures (default ${project.build.directory}/mutualtls)");
    }
    String reason;
    Optional<FixtureIndex> existing = Files.isDirectory(dir) ? FixtureIndex.read(dir) : Optional.empty();
    if (existing.isPresent()) {
      Optional<String> stale = existing.get().staleReason(settings.hash(), dir, now);
      if (stale.isEmpty()) {
        return new UpToDate(existing.get(), existing.get().renewal());
      }
      reason = stale.get();
    } else if (Files.isDirectory(dir) && !isEmpty(dir)) {
      throw new MojoFailureException("outputDirectory: " + dir + " already holds files that mutualtls did not"
          + " write (there is no " + FixtureIndex.FILE_NAME + " from an earlier run), and the plugin replaces its"
          + " directory as a whole; accepted: a directory that does not exist yet, an empty one, or one an"
          + " earlier mutualtls:generate wrote (default ${project.build.directory}/mutualtls)");
    } else {
      reason = "there was no fixture set yet";
    }
    FixtureIndex index = replace(dir, temp -> minter.write(settings, temp, now));
    return new Generated(index, reason);
  }

  /** Writes into a fresh sibling of {@code dir} and renames it into place; on any failure removes it. */
  private static FixtureIndex replace(Path dir, Writer write) throws IOException {
    Path parent = dir.getParent();
    Files.createDirectories(parent);
    String stem = "." + dir.getFileName() + "-";
    removeLeftovers(parent, stem);
    Path temp = Files.createTempDirectory(parent, stem + "new-");
    FixtureIndex index;
    try {
      try {
        index = write.into(temp);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (POSIX) {
        // createTempDirectory makes it owner-only; the set's public files should stay listable
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Path old = parent.resolve(stem + "old-" + temp.getFileName().toString().substring(stem.length() + 4));
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        try {
          deleteRecursively(old);
        } catch (IOException e) {
          // the new set is in place; the next run removes what is left of the old one
        }
      } else {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      }
      return index;
    } catch (IOException | RuntimeException | Error e) {
      try {
        deleteRecursively(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Writer {
    FixtureIndex into(Path directory);
  }

  /** Removes the hidden new/old siblings an interrupted earlier run left behind. */
  private static void removeLeftovers(Path parent, String stem) throws IOException {
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, p -> {
      String name = p.getFileName().toString();
      return name.startsWith(stem + "new-") || name.startsWith(stem + "old-");
    })) {
      for (Path sibling : siblings) {
        deleteRecursively(sibling);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
