package dev.mutualtls.maven.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a directory's regular files into a ZIP archive that depends only on their names, contents and
 * permissions: entries sorted by path, every timestamp the same, no extra fields. Unlike
 * {@link java.util.zip.ZipOutputStream} it records Unix permissions (as Info-ZIP and plexus-archiver do),
 * so a private key unpacked by {@code unzip} or {@code maven-dependency-plugin} is again owner-only.
 * Stateless and thread-safe.
 */
public final class ReproducibleZip {
  /** The earliest instant a ZIP (MS-DOS) timestamp can hold, plus the two-second resolution. */
  public static final Instant EARLIEST = Instant.parse("1980-01-01T00:00:02Z");
  /** The latest instant a ZIP (MS-DOS) timestamp can hold. */
  public static final Instant LATEST = Instant.parse("2107-12-31T23:59:58Z");

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final int VERSION = 20;
  private static final int MADE_BY_UNIX = (3 << 8) | VERSION;
  private static final int UTF8_NAMES = 1 << 11;
  private static final int DEFLATED = 8;
  private static final int REGULAR_FILE = 0100000;

  private ReproducibleZip() {}

  /**
   * Zips every regular file under {@code directory} (paths relative to it, '/'-separated) into
   * {@code zip}, each entry stamped {@code timestamp} (UTC wall-clock time, as reproducible jars are).
   *
   * @return the entry names, in archive order
   * @throws IllegalArgumentException if {@code timestamp} lies outside {@link #EARLIEST}..{@link #LATEST}
   */
  public static List<String> write(Path directory, Path zip, Instant timestamp) throws IOException {
    if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
      throw new IllegalArgumentException("a ZIP timestamp must lie between " + EARLIEST + " and " + LATEST
          + ", was " + timestamp);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(Files::isRegularFile)
          .sorted(Comparator.comparing(p -> name(directory, p)))
          .toList();
    }
    LocalDateTime time = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    int dosTime = (time.getHour() << 11) | (time.getMinute() << 5) | (time.getSecond() >> 1);
    int dosDate = ((time.getYear() - 1980) << 9) | (time.getMonthValue() << 5) | time.getDayOfMonth();

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Path file : files) {
      String name = name(directory, file);
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      byte[] content = Files.readAllBytes(file);
      byte[] compressed = deflate(content);
      CRC32 crc = new CRC32();
      crc.update(content);
      int offset = body.size();

      ByteBuffer local = buffer(30);
      local.putInt(0x04034b50).putShort((short) VERSION).putShort((short) UTF8_NAMES).putShort((short) DEFLATED)
          .putShort((short) dosTime).putShort((short) dosDate).putInt((int) crc.getValue())
          .putInt(compressed.length).putInt(content.length).putShort((short) nameBytes.length).putShort((short) 0);
      body.write(local.array());
      body.write(nameBytes);
      body.write(compressed);

      ByteBuffer entry = buffer(46);
      entry.putInt(0x02014b50).putShort((short) MADE_BY_UNIX).putShort((short) VERSION)
          .putShort((short) UTF8_NAMES).putShort((short) DEFLATED).putShort((short) dosTime)
          .putShort((short) dosDate).putInt((int) crc.getValue()).putInt(compressed.length)
          .putInt(content.length).putShort((short) nameBytes.length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt((REGULAR_FILE | mode(file)) << 16).putInt(offset);
      central.write(entry.array());
      central.write(nameBytes);
    }
    ByteBuffer end = buffer(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) files.size())
        .putShort((short) files.size()).putInt(central.size()).putInt(body.size()).putShort((short) 0);

    Files.createDirectories(zip.toAbsolutePath().getParent());
    Path temp = Files.createTempFile(zip.toAbsolutePath().getParent(), ".mutualtls-", ".zip.tmp");
    try {
      try (var out = Files.newOutputStream(temp)) {
        body.writeTo(out);
        central.writeTo(out);
        out.write(end.array());
      }
      Files.move(temp, zip, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return files.stream().map(f -> name(directory, f)).toList();
  }

  private static String name(Path directory, Path file) {
    return directory.relativize(file).toString().replace('\\', '/');
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(content);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** The file's permission bits; without POSIX attributes, 0644 (there is no owner-only to preserve). */
  private static int mode(Path file) throws IOException {
    if (!POSIX) {
      return 0644;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    int mode = 0;
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      if (permissions.contains(permission)) {
        mode |= 1 << (8 - permission.ordinal());
      }
    }
    return mode;
  }
}
