package dev.mutualtls.recipes.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.function.Executable;

/**
 * What a client stack's caller sees when the server refuses its certificate, and how long the call took to show it.
 *
 * @param thrown what the call threw
 * @param elapsed from the call to the throw
 */
public record Refusal(Throwable thrown, Duration elapsed) {
  /** The timeout every stack is configured with: a refusal seen "at once" takes less than half of it. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Runs {@code call}, which must throw, and times it. Fails if the call returns, and stops waiting for it at
   * {@code guard}, so that no stack can hang the build.
   */
  public static Refusal of(Duration guard, Executable call) {
    return assertTimeoutPreemptively(guard, () -> {
      long start = System.nanoTime();
      try {
        call.execute();
      } catch (Throwable thrown) {
        return new Refusal(thrown, Duration.ofNanos(System.nanoTime() - start));
      }
      throw new AssertionError("The call returned: the server let the certificate through");
    });
  }

  /** Runs {@code call} like {@link #of(Duration, Executable)}, stopping at three times {@link #TIMEOUT}. */
  public static Refusal of(Executable call) {
    return of(TIMEOUT.multipliedBy(3), call);
  }

  /** The thrown exception and its causes, outermost first. */
  public List<Throwable> chain() {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** The innermost cause. */
  public Throwable root() {
    List<Throwable> chain = chain();
    return chain.get(chain.size() - 1);
  }

  /** Whether it surfaced in less than half of {@link #TIMEOUT}: at once, not at a timeout. */
  public boolean atOnce() {
    return elapsed.compareTo(TIMEOUT.dividedBy(2)) < 0;
  }

  /**
   * The server's {@code certificate_unknown} alert, as the JDK's TLS reports it: the refusal itself. Java 17 says
   * "Received fatal alert: certificate_unknown", Java 25 puts "(certificate_unknown) " before it.
   */
  public static void isTheAlert(Throwable thrown) {
    assertThat(thrown).isInstanceOf(SSLHandshakeException.class)
        .hasMessageEndingWith("Received fatal alert: certificate_unknown");
  }

  /**
   * A write to a connection the server has already closed after its alert: the JDK's TLS reports the failed write
   * rather than the alert when the server's close overtakes the client.
   */
  public static void isBrokenPipe(Throwable thrown) {
    assertThat(thrown).isExactlyInstanceOf(SocketException.class).hasMessage("Broken pipe");
  }

  /**
   * A write to a connection whose outbound side the JDK's TLS has already closed, having read the server's close
   * first: seen instead of the alert under TLS 1.3.
   */
  public static void isOutboundClosed(Throwable thrown) {
    assertThat(thrown).isExactlyInstanceOf(SocketException.class).hasMessage("Connection or outbound has closed");
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("after " + elapsed.toMillis() + " ms:");
    for (Throwable t : chain()) {
      text.append(" <- ").append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }
}
