package dev.mutualtls.pki.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files whole or not at all, private ones readable by their owner only. */
public final class SecureFiles {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

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
}
