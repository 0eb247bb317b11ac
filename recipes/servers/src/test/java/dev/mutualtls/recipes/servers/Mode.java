package dev.mutualtls.recipes.servers;

import dev.mutualtls.recipes.trust.StrictClientTrust;

/** How a recipe server treats client certificates. */
public enum Mode {
  /**
   * Requires a client certificate, validated the way the product's users normally configure it (a trust store or CA
   * file holding the test CA's root, and the product's defaults for everything else).
   */
  REQUIRE,
  /**
   * Asks for a client certificate but lets every client through, whatever it presents or whether it presents one:
   * the configuration that quietly turns mutual TLS off, which an audit should catch.
   */
  ACCEPT_ANY,
  /**
   * Requires a client certificate and refuses what {@link #REQUIRE} lets through: the configuration a user would copy
   * to fix the product's defaults (for JSSE servers, {@link StrictClientTrust}).
   */
  HARDENED
}
