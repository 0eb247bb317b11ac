package dev.mutualtls.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * A small ledger API over HTTPS that only services it knows may call: the TLS handshake requires a
 * client certificate the configured trust manager accepts, and each request is then authorized by the
 * caller's identity, its certificate subject or its SPIFFE ID, against an allow-list. A valid
 * certificate that is not on the list gets 403. Every request leaves one audit line naming the caller.
 *
 * <p>Endpoints: {@code GET /v1/accounts/{id}/balance} and {@code POST /v1/accounts/{id}/entries} with the
 * form body {@code amountMinor=<signed minor units>}; both answer {@code {"account":..,"balanceMinor":..,
 * "currency":"EUR"}}.
 *
 * <pre>{@code
 * try (LedgerService ledger = LedgerService.builder()
 *     .sslContext(TlsCredentials.fromPem(serverPem, serverKeyPem, clientCaPem))
 *     .allowSpiffeIds("spiffe://example.org/ns/payments/sa/api")
 *     .account("acc-1", 12_500)
 *     .start()) {
 *   URI balance = ledger.uri("/v1/accounts/acc-1/balance");
 * }
 * }</pre>
 *
 * <p>The TLS configuration, server certificate and how client certificates are judged, comes entirely
 * from the {@link SSLContext} given: production loads it from files ({@link TlsCredentials}), tests may
 * pass a stricter trust manager or one that checks revocation. Runs the JDK's {@code HttpsServer} on a free
 * loopback port with a small pool of daemon threads; thread-safe; {@link #close()} stops it.
 */
public final class LedgerService implements AutoCloseable {
  /** Where the audit lines go unless the builder says otherwise. */
  public static final String AUDIT_LOGGER = "dev.mutualtls.demo.ledger.audit";
  private static final Pattern BALANCE = Pattern.compile("/v1/accounts/([A-Za-z0-9_-]+)/balance");
  private static final Pattern ENTRIES = Pattern.compile("/v1/accounts/([A-Za-z0-9_-]+)/entries");
  private static final Pattern AMOUNT = Pattern.compile("amountMinor=(-?[0-9]{1,15})");
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final Set<X500Principal> allowedSubjects;
  private final Set<String> allowedSpiffeIds;
  private final Map<String, AtomicLong> balances;
  private final System.Logger audit;

  private LedgerService(Builder builder) throws IOException {
    this.allowedSubjects = Set.copyOf(builder.allowedSubjects);
    this.allowedSpiffeIds = Set.copyOf(builder.allowedSpiffeIds);
    this.balances = new ConcurrentHashMap<>();
    builder.balances.forEach((account, balance) -> balances.put(account, new AtomicLong(balance)));
    this.audit = builder.audit;
    SSLContext context = builder.sslContext;
    this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        // Not params.setNeedClientAuth(true): before JDK 23 the server later calls setWantClientAuth(false),
        // which clears it, and no client certificate would be asked for (JDK-8326381).
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setNeedClientAuth(true);
        params.setSSLParameters(parameters);
      }
    });
    int id = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(builder.threads, runnable -> {
      Thread thread = new Thread(runnable, "ledger-" + id + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A builder for a ledger service. */
  public static Builder builder() {
    return new Builder();
  }

  /** The loopback address and port the service listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://localhost:<port><path>}: the name the server certificate is expected to carry. */
  public URI uri(String path) {
    return URI.create("https://localhost:" + port() + path);
  }

  /** The current balance of {@code account} in minor units, or null if there is no such account. */
  public Long balance(String account) {
    AtomicLong balance = balances.get(account);
    return balance == null ? null : balance.get();
  }

  /** Stops accepting connections at once and ends the worker threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String remote = exchange.getRemoteAddress().getAddress().getHostAddress() + ":"
          + exchange.getRemoteAddress().getPort();
      String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
      Caller caller = caller((HttpsExchange) exchange);
      // The audit line is written before the answer is sent: once a caller has its answer, the line exists.
      if (caller == null) {
        // Unreachable while the TLS configuration requires a certificate; kept so a change there fails closed.
        log(Level.WARNING, "-", remote, request, 401, "deny");
        respond(exchange, new Response(401, "{\"error\":\"a client certificate is required\"}"));
        return;
      }
      if (!permits(caller)) {
        log(Level.WARNING, describe(caller), remote, request, 403, "deny");
        respond(exchange, new Response(403, "{\"error\":\"caller is not allowed\",\"caller\":\""
            + json(caller.subject()) + "\"}"));
        return;
      }
      Response response = route(exchange);
      log(Level.INFO, describe(caller), remote, request, response.status(), "allow");
      respond(exchange, response);
    }
  }

  private Response route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    Matcher balance = BALANCE.matcher(path);
    Matcher entries = ENTRIES.matcher(path);
    if (balance.matches()) {
      if (!method.equals("GET")) {
        return new Response(405, "{\"error\":\"use GET\"}");
      }
      AtomicLong current = balances.get(balance.group(1));
      return current == null ? new Response(404, "{\"error\":\"no such account\"}")
          : new Response(200, account(balance.group(1), current.get()));
    }
    if (entries.matches()) {
      if (!method.equals("POST")) {
        return new Response(405, "{\"error\":\"use POST\"}");
      }
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readNBytes(1024), StandardCharsets.UTF_8).trim();
      }
      Matcher amount = AMOUNT.matcher(body);
      if (!amount.matches()) {
        return new Response(400, "{\"error\":\"expected amountMinor=<integer>\"}");
      }
      AtomicLong current = balances.get(entries.group(1));
      return current == null ? new Response(404, "{\"error\":\"no such account\"}")
          : new Response(201, account(entries.group(1), current.addAndGet(Long.parseLong(amount.group(1)))));
    }
    return new Response(404, "{\"error\":\"no such resource\"}");
  }

  /** An answer to send: its status and JSON body. */
  private record Response(int status, String json) {}

  private static Caller caller(HttpsExchange exchange) {
    try {
      Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
      return chain.length == 0 ? null : Caller.of((X509Certificate) chain[0]);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private boolean permits(Caller caller) {
    return allowedSubjects.contains(new X500Principal(caller.subject()))
        || caller.spiffeIds().stream().anyMatch(allowedSpiffeIds::contains);
  }

  private static String describe(Caller caller) {
    return "caller=\"" + caller.subject() + "\" spiffeId=" + (caller.spiffeIds().isEmpty() ? "-"
        : String.join(",", caller.spiffeIds()));
  }

  private void log(Level level, String caller, String remote, String request, int status, String decision) {
    audit.log(level, "{0} remote={1} request=\"{2}\" status={3} decision={4}", caller, remote, request,
        String.valueOf(status), decision);
  }

  private static String account(String account, long balanceMinor) {
    return "{\"account\":\"" + account + "\",\"balanceMinor\":" + balanceMinor + ",\"currency\":\"EUR\"}";
  }

  private static void respond(HttpExchange exchange, Response response) throws IOException {
    byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Configures a {@link LedgerService}. Not thread-safe. */
  public static final class Builder {
    private SSLContext sslContext;
    private final Set<X500Principal> allowedSubjects = new LinkedHashSet<>();
    private final Set<String> allowedSpiffeIds = new LinkedHashSet<>();
    private final Map<String, Long> balances = new LinkedHashMap<>();
    private System.Logger audit = System.getLogger(AUDIT_LOGGER);
    private int threads = 4;

    private Builder() {}

    /**
     * The server's certificate and key, and the trust manager that judges client certificates. Required.
     * The service requires a client certificate whatever the context's defaults say.
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Callers whose certificate subject equals one of these distinguished names (compared as X.500 names:
     * {@code cn=alice, o=mutualtls} equals {@code CN=alice,O=mutualtls}) may call. None if unset.
     */
    public Builder allowSubjects(String... subjects) {
      for (String subject : subjects) {
        try {
          allowedSubjects.add(new X500Principal(subject));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("allowSubjects: \"" + subject + "\" is not a distinguished name such as"
              + " CN=alice,O=Example", e);
        }
      }
      return this;
    }

    /** Callers whose certificate carries one of these SPIFFE IDs as a URI SAN may call. None if unset. */
    public Builder allowSpiffeIds(String... spiffeIds) {
      for (String spiffeId : spiffeIds) {
        if (!spiffeId.startsWith("spiffe://")) {
          throw new IllegalArgumentException("allowSpiffeIds: \"" + spiffeId + "\" is not a SPIFFE ID such as"
              + " spiffe://example.org/ns/payments/sa/api");
        }
        allowedSpiffeIds.add(spiffeId);
      }
      return this;
    }

    /** An account and its opening balance in minor units. No accounts if unset. */
    public Builder account(String account, long openingBalanceMinor) {
      if (!account.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("account must be letters, digits, '_' or '-', was \"" + account + "\"");
      }
      balances.put(account, openingBalanceMinor);
      return this;
    }

    /** Where the audit lines go. If unset: {@code System.getLogger(AUDIT_LOGGER)}. */
    public Builder auditLog(System.Logger audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    /** The number of worker threads. If unset: 4. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Starts the service on a free loopback port.
     *
     * @throws IllegalStateException if no {@link #sslContext} was given
     * @throws UncheckedIOException if no port can be opened
     */
    public LedgerService start() {
      if (sslContext == null) {
        throw new IllegalStateException("LedgerService needs an sslContext: the server certificate and the trust"
            + " manager for client certificates");
      }
      try {
        return new LedgerService(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a loopback port for the ledger service", e);
      }
    }
  }

  /** The allow-list, for diagnostics: subjects in RFC 2253 form, then SPIFFE IDs. */
  @Override
  public String toString() {
    List<String> allowed = new java.util.ArrayList<>();
    allowedSubjects.forEach(subject -> allowed.add(subject.getName()));
    allowed.addAll(allowedSpiffeIds);
    return "LedgerService{" + address() + ", allowed=" + allowed + "}";
  }
}
