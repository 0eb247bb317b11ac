package dev.mutualtls.recipes.servers;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The clients a recipe server is measured with: a good client, then one client per client-side {@link Defect}, each
 * minted by the test's CA with {@code ca.defective(defect)} and written as PEM files for curl
 * ({@link Defect#NO_CERTIFICATE} presents none). {@link #measure} sends each of them one request and returns the
 * {@link Row} of what the server did.
 *
 * <p>curl checks that a certificate and its key belong together before it connects, so the
 * {@link Defect#MISMATCHED_PRIVATE_KEY} client never reaches a server through curl (exit 58); its verdict comes from a
 * plain JSSE socket ({@link JsseClient}) that presents the pair as it is. Thread-safe after construction.
 */
public final class ClientMatrix {
  /** How many requests run at once against one server. */
  private static final int CONCURRENCY = 4;

  private final CertificateAuthority ca;
  private final Path caFile;
  private final Path curlConfig;
  private final List<Client> clients;

  /** One client: a label, its defect (null for the good client), its identity and its files (null for none). */
  public record Client(String label, Defect defect, Identity identity, Path certificate, Path key) {}

  private ClientMatrix(CertificateAuthority ca, Path caFile, Path curlConfig, List<Client> clients) {
    this.ca = ca;
    this.caFile = caFile;
    this.curlConfig = curlConfig;
    this.clients = clients;
  }

  /** The client-side defects, in declaration order. */
  public static List<Defect> clientDefects() {
    return Arrays.stream(Defect.values()).filter(defect -> defect.side() == Side.CLIENT).collect(Collectors.toList());
  }

  /** Mints every client of {@code ca}, with {@code good} as the good one, and writes their files into {@code dir}. */
  public static ClientMatrix mint(CertificateAuthority ca, Identity good, Path dir) {
    try {
      Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem(), US_ASCII);
      Path curlConfig = Files.writeString(dir.resolve("curl-openssl.cnf"), Curl.LAX_CLIENT_CONFIG, US_ASCII);
      List<Client> clients = new ArrayList<>();
      clients.add(new Client("good", null, good, good.writePem(dir, "good"), dir.resolve("good-key.pem")));
      for (Defect defect : clientDefects()) {
        if (defect == Defect.NO_CERTIFICATE) {
          clients.add(new Client(defect.name(), defect, null, null, null));
        } else {
          Identity identity = ca.defective(defect);
          clients.add(new Client(defect.name(), defect, identity, identity.writePem(dir, defect.slug()),
              dir.resolve(defect.slug() + "-key.pem")));
        }
      }
      return new ClientMatrix(ca, caFile, curlConfig, Collections.unmodifiableList(clients));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the clients' files into " + dir, e);
    }
  }

  /** The CA certificate file ({@code ca.pem}) the clients trust servers with. */
  public Path caFile() {
    return caFile;
  }

  /** Sends every client's request to {@code server} over {@code protocol} and returns what happened to each. */
  public Row measure(RecipeServer server, String protocol) {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, runnable -> {
      Thread thread = new Thread(runnable, "recipe-client");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Cell>> futures = new ArrayList<>();
      for (Client client : clients) {
        futures.add(pool.submit(() -> cell(server.address(), protocol, client)));
      }
      List<Cell> cells = new ArrayList<>();
      for (Future<Cell> future : futures) {
        cells.add(future.get());
      }
      return new Row(server.name() + " over " + protocol, cells);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a client of " + server.name() + " failed to run", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring " + server.name(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The good client's request to {@code server} over {@code protocol}. */
  public Curl.Result good(RecipeServer server, String protocol) {
    Client good = clients.get(0);
    return Curl.get(server.address(), protocol, caFile, good.certificate(), good.key(), curlConfig);
  }

  private Cell cell(InetSocketAddress server, String protocol, Client client) {
    Curl.Result curl = Curl.get(server, protocol, caFile, client.certificate(), client.key(), curlConfig);
    JsseClient.Result jsse = client.defect() == Defect.MISMATCHED_PRIVATE_KEY
        ? JsseClient.get(server, protocol, client.identity().sslContext(ca)) : null;
    return new Cell(client, curl, jsse);
  }

  /**
   * What one client got: curl's result, and for {@link Defect#MISMATCHED_PRIVATE_KEY} the JSSE socket's, which then
   * decides the verdict.
   */
  public record Cell(Client client, Curl.Result curl, JsseClient.Result jsse) {
    /** Whether the server answered this client {@code 200}. */
    public boolean accepted() {
      return jsse != null ? jsse.accepted() : curl.accepted();
    }

    /** One line: the client, the verdict and the evidence. */
    public String describe() {
      return String.format("  %-26s %-8s %s%s", client.label(), accepted() ? "ACCEPTED" : "refused", curl.describe(),
          jsse == null ? "" : " | JSSE socket: " + jsse.describe());
    }
  }

  /** The verdicts of one server over one protocol, good client first. */
  public record Row(String title, List<Cell> cells) {
    /** Whether the good client was answered {@code 200}. */
    public boolean goodAccepted() {
      return cells.get(0).accepted();
    }

    /** The defects whose clients were answered {@code 200}. */
    public Set<Defect> acceptedDefects() {
      Set<Defect> accepted = EnumSet.noneOf(Defect.class);
      cells.stream().filter(cell -> cell.client().defect() != null && cell.accepted())
          .forEach(cell -> accepted.add(cell.client().defect()));
      return accepted;
    }

    /** The cells of the clients that were not answered {@code 200}. */
    public List<Cell> refused() {
      return cells.stream().filter(cell -> !cell.accepted()).collect(Collectors.toList());
    }

    /** The cell of {@code defect}. */
    public Cell cell(Defect defect) {
      return cells.stream().filter(cell -> cell.client().defect() == defect).findFirst().orElseThrow();
    }

    /** The whole row, one client a line: the table a failed assertion shows. */
    public String describe() {
      return title + "\n" + cells.stream().map(Cell::describe).collect(Collectors.joining("\n"));
    }
  }
}
