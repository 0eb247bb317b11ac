package dev.mutualtls.junit;

import dev.mutualtls.pki.Identity;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on the certificate a running server presents, for servers that reload their certificate on their own
 * schedule: {@link #eventuallyPresents(Identity, Duration)} connects again and again until the server presents the
 * expected certificate or the deadline passes, and a failure lists what it saw at each poll.
 *
 * <pre>{@code
 * files.write(renewed, ca);
 * assertThatServer(address).eventuallyPresents(renewed, Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Each poll is a TLS handshake that records the server's certificate chain and does not judge it: the server's
 * certificate need not be trusted or match the host name. A server that requires a client certificate still
 * presents its own first, so no client certificate is needed to see it; give one with {@link #presenting(Identity)}
 * when the server should complete the handshake. Immutable.
 */
public final class ServerCertificateAssert {
  /** The wait between two polls: short, so a reload is seen soon after it happens. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MIN_POLL_TIMEOUT = Duration.ofMillis(500);

  private final InetSocketAddress address;
  private final String hostname;
  private final Identity client;

  ServerCertificateAssert(InetSocketAddress address, String hostname, Identity client) {
    this.address = address;
    this.hostname = hostname;
    this.client = client;
  }

  /** The name sent as SNI, for servers that choose their certificate by it. If unset: the address's host string. */
  public ServerCertificateAssert hostname(String hostname) {
    return new ServerCertificateAssert(address, Objects.requireNonNull(hostname, "hostname"), client);
  }

  /** The client certificate each poll presents if the server asks for one. If unset: none. */
  public ServerCertificateAssert presenting(Identity client) {
    return new ServerCertificateAssert(address, hostname, Objects.requireNonNull(client, "client"));
  }

  /**
   * Asserts that the server presents {@code expected}'s certificate (as its leaf) within {@code within}, polling
   * every 50 ms; passes at the first poll that sees it.
   */
  public ServerCertificateAssert eventuallyPresents(Identity expected, Duration within) {
    Objects.requireNonNull(expected, "expected");
    return eventuallyPresents(expected.certificate().getSerialNumber(), within);
  }

  /** Asserts that the server presents a leaf certificate with serial number {@code serial} within {@code within}. */
  public ServerCertificateAssert eventuallyPresents(BigInteger serial, Duration within) {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(within, "within");
    if (within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("eventuallyPresents within: must be positive, was " + within);
    }
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    List<Poll> polls = new ArrayList<>();
    while (true) {
      long now = System.nanoTime();
      Poll poll = poll(Duration.ofNanos(now - start), Duration.ofNanos(Math.max(deadline - now, 0)));
      polls.add(poll);
      if (serial.equals(poll.serial)) {
        return this;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(POLL_INTERVAL.toMillis(), remaining / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionFailedError("Expected the server at " + describe(address) + " to present the certificate"
        + " with serial " + hex(serial) + " within " + seconds(within) + ", but in " + polls.size()
        + (polls.size() == 1 ? " poll" : " polls") + " it never did:\n" + log(polls), hex(serial),
        polls.get(polls.size() - 1).seen);
  }

  private Poll poll(Duration since, Duration remaining) {
    Duration timeout = remaining.compareTo(MAX_POLL_TIMEOUT) > 0 ? MAX_POLL_TIMEOUT
        : remaining.compareTo(MIN_POLL_TIMEOUT) < 0 ? MIN_POLL_TIMEOUT : remaining;
    AtomicReference<X509Certificate[]> presented = new AtomicReference<>();
    String failure = null;
    try (Socket plain = new Socket()) {
      plain.connect(address, (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      String host = hostname != null ? hostname : address.getHostString();
      try (SSLSocket tls = (SSLSocket) context(presented).getSocketFactory().createSocket(plain, host,
          address.getPort(), false)) {
        if (!host.matches("[0-9.]+|.*:.*")) {
          SSLParameters parameters = tls.getSSLParameters();
          parameters.setServerNames(List.of(new SNIHostName(host)));
          tls.setSSLParameters(parameters);
        }
        tls.startHandshake();
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    X509Certificate[] chain = presented.get();
    if (chain != null && chain.length > 0) {
      X509Certificate leaf = chain[0];
      return new Poll(since, leaf.getSerialNumber(), "serial " + hex(leaf.getSerialNumber()) + " ("
          + leaf.getSubjectX500Principal().getName() + ")");
    }
    return new Poll(since, null, "no certificate: " + (failure == null ? "the server sent none" : failure));
  }

  private SSLContext context(AtomicReference<X509Certificate[]> presented) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(client == null ? null : new KeyManager[] {client.keyManager()},
        new TrustManager[] {new RecordingTrustManager(presented)}, null);
    return context;
  }

  private static String log(List<Poll> polls) {
    StringBuilder log = new StringBuilder();
    int first = 0;
    for (int i = 1; i <= polls.size(); i++) {
      if (i == polls.size() || !polls.get(i).seen.equals(polls.get(first).seen)) {
        Poll from = polls.get(first);
        Poll to = polls.get(i - 1);
        log.append("  ").append(seconds(from.since));
        if (i - first > 1) {
          log.append(" to ").append(seconds(to.since)).append(" (").append(i - first).append(" polls)");
        }
        log.append(": ").append(from.seen).append('\n');
        first = i;
      }
    }
    return log.toString();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
  }

  private static String hex(BigInteger serial) {
    return serial.toString(16);
  }

  private static String describe(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private record Poll(Duration since, BigInteger serial, String seen) {}

  /** Records the server's chain and accepts it: the question is which certificate, not whether it is trusted. */
  private static final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final AtomicReference<X509Certificate[]> presented;

    RecordingTrustManager(AtomicReference<X509Certificate[]> presented) {
      this.presented = presented;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      presented.set(chain.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      presented.set(chain.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      presented.set(chain.clone());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
