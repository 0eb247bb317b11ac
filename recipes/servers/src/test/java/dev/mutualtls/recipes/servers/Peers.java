package dev.mutualtls.recipes.servers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs the recipes run as child processes: curl (the client every server is proven with), nginx and
 * openssl. As in core's tests, a missing program skips the test that needs it, with a message saying what to
 * install, unless the environment variable {@value #REQUIRE_PEERS} is {@code true} (CI sets it): then it fails the
 * test, so that a machine without nginx cannot turn a suite into silent skips. Thread-safe: no state.
 */
public final class Peers {
  /** The environment variable that turns a missing program from a skip into a failure. */
  public static final String REQUIRE_PEERS = "MUTUALTLS_REQUIRE_PEERS";

  private Peers() {}

  /** curl, from the {@code PATH}. */
  public static Path curl() {
    return require("curl", "curl");
  }

  /** openssl, from the {@code PATH}. */
  public static Path openssl() {
    return require("openssl", "openssl");
  }

  /** nginx: {@code /usr/sbin/nginx} (Debian's, outside a normal user's {@code PATH}) or the {@code PATH}'s. */
  public static Path nginx() {
    return require("nginx", "nginx-light", Path.of("/usr/sbin/nginx"));
  }

  /**
   * {@code tool}, from {@code candidates} or else the {@code PATH}; if it is nowhere, skips the calling test, or
   * fails it when {@value #REQUIRE_PEERS} is {@code true}.
   */
  static Path require(String tool, String debianPackage, Path... candidates) {
    List<Path> places = new ArrayList<>(List.of(candidates));
    String searchPath = System.getenv("PATH");
    if (searchPath != null) {
      for (String dir : searchPath.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          places.add(Path.of(dir, tool));
        }
      }
    }
    for (Path place : places) {
      if (Files.isRegularFile(place) && Files.isExecutable(place)) {
        return place;
      }
    }
    String where = tool + " is neither " + (candidates.length == 0 ? "" : "at " + List.of(candidates) + " nor ")
        + "on the PATH (" + searchPath + ")";
    String install = "install it (apt-get install " + debianPackage + "; .ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE_PEERS))) {
      return Assertions.fail(where + " and " + REQUIRE_PEERS + "=true demands every peer: " + install);
    }
    Assumptions.abort(where + ": this test is skipped; " + install + " to run it (with " + REQUIRE_PEERS
        + "=true a missing peer fails)");
    throw new AssertionError("unreachable: Assumptions.abort always throws");
  }
}
