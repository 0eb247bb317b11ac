package dev.mutualtls.pki.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Writes files whole or not at all, private ones readable by their owner only. */
public final class SecureFiles {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  /**
   * Writes {@code content} to a temporary file next to {@code target} (created with the final
   * permissions, so a private key is never readable by others, not even for a moment) and moves it
   * into place atomically.
   */
  public static void write(Path target, byte[] content, boolean ownerOnly) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = POSIX
          ? Files.createTempFile(dir, ".mutualtls-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(dir, ".mutualtls-", ".tmp");
      Files.write(temp, content);
      if (POSIX) {
        Files.setPosixFilePermissions(temp, ownerOnly ? OWNER_ONLY : PUBLIC);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed; that failure is what the caller needs to see
        }
      }
    }
  }

  /**
   * Truncates {@code target} and writes {@code content} into the same file (inode), as {@code cp} does, creating it
   * if missing. A private file gets its owner-only permissions before any of the content is written.
   */
  public static void overwrite(Path target, byte[] content, boolean ownerOnly) {
    try {
      if (POSIX && !Files.exists(target)) {
        Files.createFile(target, PosixFilePermissions.asFileAttribute(ownerOnly ? OWNER_ONLY : PUBLIC));
      } else if (POSIX) {
        Files.setPosixFilePermissions(target, ownerOnly ? OWNER_ONLY : PUBLIC);
      }
      Files.write(target, content, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot overwrite " + target, e);
    }
  }

  /** Creates a new directory named {@code prefix} and a random number inside {@code parent}, mode 0755. */
  public static Path createDirectory(Path parent, String prefix) throws IOException {
    Path created = Files.createTempDirectory(parent, prefix);
    if (POSIX) {
      Files.setPosixFilePermissions(created, DIRECTORY);
    }
    return created;
  }

  /** Creates {@code directory} and its missing parents; the ones created here are 0700. */
  public static Path createPrivateDirectories(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory,
          POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY)}
              : new FileAttribute<?>[0]);
    }
    return directory;
  }

  /** Renames {@code source} over {@code target} in one step (rename(2)), a symlink itself rather than its target. */
  public static void rename(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes {@code directory} and everything in it, following no symlinks. */
  public static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
