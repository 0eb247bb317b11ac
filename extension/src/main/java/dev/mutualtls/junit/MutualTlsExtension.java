package dev.mutualtls.junit;

import dev.mutualtls.handshake.HandshakeResult;
import dev.mutualtls.handshake.ServerVerdict;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Defect;
import dev.mutualtls.pki.Identity;
import dev.mutualtls.pki.Side;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link MutualTls}. Stateless: every CA, client and server lives in the
 * {@link ExtensionContext.Store} under {@link #NAMESPACE}, in the context that owns it, so JUnit closes it when
 * that context ends, also when tests fail.
 */
final class MutualTlsExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
    ParameterResolver {
  static final Namespace NAMESPACE = Namespace.create(MutualTlsExtension.class);
  /** The report entry with the explanation of the last handshake a failed test probed. */
  static final String HANDSHAKE_ENTRY = "mutualtls.handshake";
  /** The report entry with the connections the server refused during a failed test. */
  static final String SERVER_ENTRY = "mutualtls.server";
  private static final List<Class<?>> TYPES =
      List.of(CertificateAuthority.class, MutualTlsServer.class, MutualTlsClient.class, SSLContext.class,
          Identity.class);
  private static final String SELECTABLE = "a MutualTlsClient, Identity or SSLContext";

  @Override
  public void beforeAll(ExtensionContext context) {
    Config.of(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Config config = Config.of(context);
    existingFixture(context, config).ifPresent(Fixture::takeProbe);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Optional<Fixture> fixture = fixtureAfterFailure(context);
    if (fixture.isEmpty()) {
      return;
    }
    Fixture.Lease lease = context.getStore(NAMESPACE).get(leaseKey(fixture.get(), context), Fixture.Lease.class);
    if (lease != null) {
      lease.server.markInDoubt();
    }
    Optional<HandshakeResult> probe = fixture.get().takeProbe();
    if (probe.isPresent()) {
      context.publishReportEntry(HANDSHAKE_ENTRY, probe.get().explain());
      return;
    }
    if (lease == null) {
      return;
    }
    List<ServerVerdict> refused = lease.server.verdicts().stream().filter(verdict -> !verdict.accepted())
        .collect(Collectors.toList());
    if (!refused.isEmpty()) {
      context.publishReportEntry(SERVER_ENTRY, refused.stream().map(MutualTlsExtension::describe)
          .collect(Collectors.joining("\n")));
    }
  }

  /** A class that failed outside its tests (in {@code @BeforeAll}, say) does not lend its server to another. */
  @Override
  public void afterAll(ExtensionContext context) {
    fixtureAfterFailure(context)
        .map(fixture -> context.getStore(NAMESPACE).get(leaseKey(fixture, context), Fixture.Lease.class))
        .ifPresent(lease -> lease.server.markInDoubt());
  }

  /** The fixture of a test or class that failed, if it has one; empty when it passed. */
  private static Optional<Fixture> fixtureAfterFailure(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return Optional.empty();
    }
    Config config;
    try {
      config = Config.of(context);
    } catch (ExtensionConfigurationException e) {
      return Optional.empty(); // already reported by beforeEach or beforeAll: the test or class failed with it
    }
    return existingFixture(context, config);
  }

  private static String describe(ServerVerdict verdict) {
    String protocol = verdict.protocol().map(p -> " (" + p + ")").orElse("");
    if (verdict.refusedByServer()) {
      return "the server refused the connection from port " + verdict.clientPort() + protocol + ": "
          + verdict.detail() + verdict.reason().map(r -> " [" + r + "; fix: " + r.fix() + "]").orElse("");
    }
    return "the connection from port " + verdict.clientPort() + protocol + " failed: " + verdict.detail();
  }

  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return TYPES.contains(parameter.getParameter().getType()) || parameter.isAnnotated(Client.class)
        || parameter.isAnnotated(Defective.class) || parameter.isAnnotated(ServerIdentity.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Optional<Client> client = parameter.findAnnotation(Client.class);
    Optional<Defective> defective = parameter.findAnnotation(Defective.class);
    boolean serverIdentity = parameter.isAnnotated(ServerIdentity.class);
    List<String> selectors = Stream.of(client.map(MutualTlsExtension::render),
        defective.map(MutualTlsExtension::render),
        serverIdentity ? Optional.of("@ServerIdentity") : Optional.<String>empty())
        .flatMap(Optional::stream).collect(Collectors.toList());
    if (selectors.size() > 1) {
      throw misuse(capitalized(describe(parameter)) + " carries " + String.join(" and ", selectors)
          + ", but a parameter selects at most one of @Client, @Defective and @ServerIdentity. Keep one of them.");
    }
    if (client.isPresent()) {
      return resolveClient(parameter, context, client.get(), type);
    }
    if (defective.isPresent()) {
      return resolveDefective(parameter, context, defective.get().value(), type);
    }
    if (serverIdentity) {
      if (type != Identity.class) {
        throw misuse("@ServerIdentity cannot be declared on " + describe(parameter) + ": @ServerIdentity selects an"
            + " Identity, not " + article(type) + ". Change the parameter's type to Identity, or remove the"
            + " annotation.");
      }
      return fixture(context).serverIdentity();
    }
    if (type == Identity.class) {
      throw misuse(capitalized(describe(parameter)) + " must say whose identity it is: annotate it with"
          + " @ServerIdentity, @Client(\"name\") or @Defective(Defect.NAME).");
    }
    Fixture fixture = fixture(context);
    if (type == CertificateAuthority.class) {
      return fixture.ca();
    }
    if (type == MutualTlsServer.class) {
      return lease(fixture, context).server;
    }
    MutualTlsClient defaultClient = fixture.client(Config.DEFAULT_CLIENT);
    return type == SSLContext.class ? defaultClient.sslContext() : defaultClient;
  }

  private static Object resolveClient(ParameterContext parameter, ExtensionContext context, Client client,
      Class<?> type) {
    String annotation = render(client);
    requireSelectable(parameter, annotation, "@Client", type);
    String name = client.value();
    if (name == null || name.isBlank()) {
      throw misuse(annotation + " on " + describe(parameter) + ": a client name must not be blank. Give the name of"
          + " a client declared in @MutualTls(clients = ...), or remove @Client for the default client.");
    }
    Config config = Config.of(context);
    if (!config.clients().contains(name)) {
      throw misuse(annotation + " on " + describe(parameter) + " names an unknown client: the clients here are "
          + config.clients() + ". Add \"" + name + "\" to @MutualTls(clients = ...) or to the configuration"
          + " parameter " + Config.CLIENTS + ", or correct the name.");
    }
    MutualTlsClient selected = fixture(context).client(name);
    return adapt(selected, type);
  }

  private static Object resolveDefective(ParameterContext parameter, ExtensionContext context, Defect defect,
      Class<?> type) {
    String annotation = "@Defective(" + defect + ")";
    requireSelectable(parameter, annotation, "@Defective", type);
    if (defect.side() == Side.SERVER && type != Identity.class) {
      throw misuse(annotation + " on " + describe(parameter) + ": " + defect + " breaks a server certificate, not a"
          + " client's, so there is no such client. Declare an Identity to get the defective server identity, or"
          + " choose a client defect.");
    }
    if (defect == Defect.NO_CERTIFICATE && type == Identity.class) {
      throw misuse(annotation + " on " + describe(parameter) + ": a client with this defect presents no"
          + " certificate, so there is no Identity to inject. Declare a MutualTlsClient or an SSLContext instead;"
          + " both present nothing.");
    }
    Fixture fixture = fixture(context);
    try {
      if (type == Identity.class) {
        return fixture.defectiveIdentity(defect);
      }
      return adapt(fixture.defectiveClient(defect), type);
    } catch (IllegalArgumentException e) {
      throw misuse(annotation + " on " + describe(parameter) + ": " + e.getMessage());
    }
  }

  private static void requireSelectable(ParameterContext parameter, String annotation, String simple,
      Class<?> type) {
    if (type != MutualTlsClient.class && type != Identity.class && type != SSLContext.class) {
      throw misuse(annotation + " cannot be declared on " + describe(parameter) + ": " + simple + " selects "
          + SELECTABLE + ", not " + article(type) + ". Change the parameter's type to one of these, or remove the"
          + " annotation.");
    }
  }

  private static Object adapt(MutualTlsClient client, Class<?> type) {
    if (type == Identity.class) {
      return client.identity();
    }
    return type == SSLContext.class ? client.sslContext() : client;
  }

  /**
   * The fixture for {@code context}: owned by the outermost enclosing context with the same configuration key,
   * made on first use.
   */
  private static Fixture fixture(ExtensionContext context) {
    Config config = Config.of(context);
    ExtensionContext owner = owner(context, config.key());
    return getOrCreate(owner.getStore(NAMESPACE), fixtureKey(owner),
        key -> new Fixture(config, owner.getUniqueId(), label(owner), pool(context), mintAhead(context)),
        Fixture.class);
  }

  /** The run's server pool, kept in the root store so that JUnit closes it when the run ends; null when off. */
  private static ServerPool pool(ExtensionContext context) {
    if (!Config.serverPool(context)) {
      return null;
    }
    return getOrCreate(context.getRoot().getStore(NAMESPACE), "serverPool", key -> new ServerPool(),
        ServerPool.class);
  }

  /** The run's CAs minted ahead, with the server pool and under the same switch; null when off. */
  private static MintAhead mintAhead(ExtensionContext context) {
    if (!Config.serverPool(context)) {
      return null;
    }
    return getOrCreate(context.getRoot().getStore(NAMESPACE), "mintAhead", key -> new MintAhead(),
        MintAhead.class);
  }

  private static Optional<Fixture> existingFixture(ExtensionContext context, Config config) {
    ExtensionContext owner = owner(context, config.key());
    return Optional.ofNullable(owner.getStore(NAMESPACE).get(fixtureKey(owner), Fixture.class));
  }

  private static ExtensionContext owner(ExtensionContext context, Config.Key key) {
    ExtensionContext owner = context;
    for (ExtensionContext parent = context.getParent().orElse(null);
        parent != null && parent.getElement().isPresent() && Config.annotated(parent)
            && Config.of(parent).key().equals(key);
        parent = parent.getParent().orElse(null)) {
      owner = parent;
    }
    return owner;
  }

  /** The server lease of {@code context}: its own, else one preferring the server an enclosing context holds. */
  private static Fixture.Lease lease(Fixture fixture, ExtensionContext context) {
    Fixture.Lease preferred = null;
    for (ExtensionContext parent = context.getParent().orElse(null); parent != null && preferred == null;
        parent = parent.getParent().orElse(null)) {
      preferred = parent.getStore(NAMESPACE).get(leaseKey(fixture, parent), Fixture.Lease.class);
    }
    Fixture.Lease enclosing = preferred;
    return getOrCreate(context.getStore(NAMESPACE), leaseKey(fixture, context), key -> fixture.lease(enclosing),
        Fixture.Lease.class);
  }

  /**
   * The store's get-or-compute: {@code getOrComputeIfAbsent} is the one both JUnit 5.13+ and 6 have (6 deprecates
   * it for {@code computeIfAbsent}, which 5.x lacks).
   */
  @SuppressWarnings("deprecation")
  private static <V> V getOrCreate(Store store, String key, Function<String, V> create, Class<V> type) {
    return store.getOrComputeIfAbsent(key, create, type);
  }

  private static String fixtureKey(ExtensionContext owner) {
    return "fixture|" + owner.getUniqueId();
  }

  private static String leaseKey(Fixture fixture, ExtensionContext holder) {
    return "lease|" + fixture.id() + "|" + holder.getUniqueId();
  }

  private static String label(ExtensionContext owner) {
    return owner.getTestMethod().map(method -> method.getDeclaringClass().getSimpleName() + "." + method.getName())
        .orElseGet(() -> owner.getTestClass().map(Class::getSimpleName).orElse(owner.getDisplayName()));
  }

  private static ParameterResolutionException misuse(String message) {
    return new ParameterResolutionException(message);
  }

  private static String render(Client client) {
    return "@Client(\"" + client.value() + "\")";
  }

  private static String render(Defective defective) {
    return "@Defective(" + defective.value() + ")";
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String article(Class<?> type) {
    String name = type.getSimpleName();
    return ("AEIOU".indexOf(Character.toUpperCase(name.isEmpty() ? 'x' : name.charAt(0))) >= 0 ? "an " : "a ")
        + name;
  }

  /** {@code parameter [MutualTlsClient arg0] of method ExampleTest.test(MutualTlsClient)}. */
  static String describe(ParameterContext context) {
    Parameter parameter = context.getParameter();
    Executable executable = context.getDeclaringExecutable();
    String owner = executable.getDeclaringClass().getName();
    String packageName = executable.getDeclaringClass().getPackageName();
    if (!packageName.isEmpty()) {
      owner = owner.substring(packageName.length() + 1);
    }
    String parameters = Stream.of(executable.getParameterTypes()).map(Class::getSimpleName)
        .collect(Collectors.joining(", "));
    String where = executable instanceof Constructor ? "constructor " + owner + "(" + parameters + ")"
        : "method " + owner + "." + executable.getName() + "(" + parameters + ")";
    return "parameter [" + parameter.getType().getSimpleName() + " " + parameter.getName() + "] of " + where;
  }
}
