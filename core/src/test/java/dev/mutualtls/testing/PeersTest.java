package dev.mutualtls.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule for missing peers, which decides whether CI can silently lose interop coverage. */
class PeersTest {

  @Test
  void aToolOnTheSearchPathIsFound(@TempDir Path bin) throws Exception {
    Path tool = Files.createFile(bin.resolve("peer-tool"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));

    assertThat(Peers.locate("peer-tool", "/nonexistent:" + bin, true)).isEqualTo(tool);
  }

  @Test
  void aMissingToolSkipsTheTestWithAMessageSayingWhatIsMissing(@TempDir Path bin) {
    assertThatThrownBy(() -> Peers.locate("no-such-peer", bin.toString(), false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("no-such-peer is not on the PATH (" + bin + "): this interoperability"
            + " test is skipped; install no-such-peer to run it (with MUTUALTLS_REQUIRE_PEERS=true a missing"
            + " peer fails)");
  }

  @Test
  void aMissingToolFailsTheTestWhenPeersAreRequired(@TempDir Path bin) {
    assertThatThrownBy(() -> Peers.locate("no-such-peer", bin.toString(), true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("no-such-peer is not on the PATH (" + bin + ") and MUTUALTLS_REQUIRE_PEERS=true demands"
            + " every interoperability peer: install no-such-peer (.ci/run does)");
  }

  @Test
  void aFileThatIsNotExecutableDoesNotCount(@TempDir Path bin) throws Exception {
    Files.createFile(bin.resolve("peer-tool"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));

    assertThatThrownBy(() -> Peers.locate("peer-tool", bin.toString(), true))
        .isInstanceOf(AssertionFailedError.class);
  }

  @Test
  void runCapturesExitCodeAndBothOutputStreams(@TempDir Path dir) {
    Peers.Result result = Peers.run(dir, "sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }
}
