package dev.mutualtls.recipes.servers;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Builds Tomcat's table of cipher aliases once, before any test runs, in the recipe modules that have Tomcat on their
 * class path. Tomcat 11 builds it lazily ({@code OpenSSLCipherConfigurationParser.init}, unsynchronised), so two
 * Tomcats whose connectors start at the same moment in one JVM can both build it, and one then fails with
 * {@code UnsupportedOperationException} from {@code AbstractList.add} ("Protocol handler start failed"). Seen here
 * when JUnit's parallel mode started two Spring Boot test contexts on Tomcat at once; users who run such test classes
 * concurrently meet the same.
 */
public final class TomcatCipherParserWarmUp implements LauncherSessionListener {
  private static final String PARSER = "org.apache.tomcat.util.net.openssl.ciphers.OpenSSLCipherConfigurationParser";

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    try {
      Class.forName(PARSER).getMethod("parse", String.class).invoke(null, "ALL");
    } catch (ClassNotFoundException noTomcatHere) {
      // A module without Tomcat, such as recipes/jetty with this module's test classes on its class path.
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not build Tomcat's cipher aliases before the tests", e);
    }
  }
}
