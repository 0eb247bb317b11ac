package dev.mutualtls.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture archive: the same files always make the same bytes, and owner-only files stay owner-only. */
class ReproducibleZipTest {
  private static final Instant STAMP = Instant.parse("2026-11-26T10:11:12Z");

  @TempDir
  Path dir;

  private Path fixtures() throws Exception {
    Path fixtures = Files.createDirectories(dir.resolve("fixtures"));
    Files.writeString(fixtures.resolve("server.pem"), "certificate\n".repeat(50));
    Files.writeString(fixtures.resolve("ca.pem"), "ca\n");
    Path key = Files.writeString(fixtures.resolve("server-key.pem"), "secret\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.write(fixtures.resolve("empty.bin"), new byte[0]);
    return fixtures;
  }

  @Test
  void entriesAreSortedStampedAndReadable() throws Exception {
    Path zip = dir.resolve("out/fixtures.zip");

    List<String> names = ReproducibleZip.write(fixtures(), zip, STAMP);

    assertThat(names).containsExactly("ca.pem", "empty.bin", "server-key.pem", "server.pem");
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<String> read = new ArrayList<>();
      for (ZipEntry entry : java.util.Collections.list(file.entries())) {
        read.add(entry.getName());
        assertThat(entry.getTimeLocal()).isEqualTo(LocalDateTime.of(2026, 11, 26, 10, 11, 12));
      }
      assertThat(read).isEqualTo(names);
      assertThat(new String(file.getInputStream(file.getEntry("server.pem")).readAllBytes()))
          .isEqualTo("certificate\n".repeat(50));
      assertThat(file.getInputStream(file.getEntry("empty.bin")).readAllBytes()).isEmpty();
    }
  }

  @Test
  void theSameFilesMakeTheSameBytesWhateverTheirModificationTimes() throws Exception {
    Path fixtures = fixtures();
    Path first = dir.resolve("first.zip");
    ReproducibleZip.write(fixtures, first, STAMP);
    Files.setLastModifiedTime(fixtures.resolve("ca.pem"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    Path second = dir.resolve("second.zip");

    ReproducibleZip.write(fixtures, second, STAMP);

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void unixPermissionsAreRecordedInTheCentralDirectory() throws Exception {
    Path zip = dir.resolve("fixtures.zip");
    ReproducibleZip.write(fixtures(), zip, STAMP);

    Map<String, Integer> modes = centralDirectoryModes(Files.readAllBytes(zip));

    assertThat(modes).containsEntry("server-key.pem", 0100600).containsEntry("ca.pem", 0100644);
  }

  @Test
  void aTimestampZipCannotHoldIsRefused() {
    assertThatThrownBy(() -> ReproducibleZip.write(dir, dir.resolve("x.zip"), Instant.parse("1970-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1980-01-01T00:00:02Z and 2107-12-31T23:59:58Z");
  }

  /** Reads "version made by" and the external attributes of each central directory entry. */
  private static Map<String, Integer> centralDirectoryModes(byte[] zip) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int end = zip.length - 22;
    assertThat(buffer.getInt(end)).isEqualTo(0x06054b50);
    int entries = Short.toUnsignedInt(buffer.getShort(end + 10));
    int offset = buffer.getInt(end + 16);
    Map<String, Integer> modes = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      assertThat(buffer.getInt(offset)).isEqualTo(0x02014b50);
      assertThat(Short.toUnsignedInt(buffer.getShort(offset + 4)) >> 8).as("made by Unix").isEqualTo(3);
      int nameLength = Short.toUnsignedInt(buffer.getShort(offset + 28));
      int external = buffer.getInt(offset + 38);
      String name = new String(zip, offset + 46, nameLength, java.nio.charset.StandardCharsets.UTF_8);
      modes.put(name, external >>> 16);
      offset += 46 + nameLength;
    }
    return modes;
  }
}
