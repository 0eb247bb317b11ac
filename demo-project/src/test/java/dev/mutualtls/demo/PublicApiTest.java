package dev.mutualtls.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.junit.MutualTls;
import dev.mutualtls.pki.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The published modules' public API is checked in under {@code api/}, so a change to it shows in review: every public
 * type outside {@code internal} packages with its public and protected members, and the Maven plugin's goals with
 * their parameters. A change fails this test until the listing is regenerated with
 * {@code -Dmutualtls.api.update=true}. The README's API table names exactly the listed types.
 */
@DisplayName("The public API")
class PublicApiTest {
  private static final String UPDATE = "mutualtls.api.update";
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([A-Za-z.@]+)` \\|", Pattern.MULTILINE);

  @Test
  @DisplayName("of mutualtls-core is the checked-in listing")
  void core() {
    check("mutualtls-core.txt", javaApi(CertificateAuthority.class));
  }

  @Test
  @DisplayName("of mutualtls-junit is the checked-in listing")
  void extension() {
    check("mutualtls-junit.txt", javaApi(MutualTls.class));
  }

  @Test
  @DisplayName("of mutualtls-maven-plugin (goals and parameters) is the checked-in listing")
  void plugin() throws Exception {
    Path descriptor = ReadmeTest.root().resolve("maven-plugin/target/classes/META-INF/maven/plugin.xml");
    assertThat(descriptor).as("the plugin's descriptor; build the plugin module first").exists();
    check("mutualtls-maven-plugin.txt", pluginApi(descriptor));
  }

  @Test
  @DisplayName("is the README's API table, type for type")
  void readmeTable() throws IOException {
    Set<String> listed = new TreeSet<>();
    for (String file : List.of("mutualtls-core.txt", "mutualtls-junit.txt")) {
      for (String line : Files.readAllLines(ReadmeTest.root().resolve("api").resolve(file))) {
        Matcher type = Pattern.compile("^\\S.* (?:class|interface|enum|record|@interface) ([\\w.$]+)").matcher(line);
        if (type.find()) {
          String name = type.group(1);
          String simple = name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
          listed.add(line.contains("@interface") ? "@" + simple : simple);
        }
      }
    }
    String readme = Files.readString(ReadmeTest.root().resolve("README.md"));
    int start = readme.indexOf("\n## Public API\n");
    assertThat(start).as("the README's section \"## Public API\"").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Set<String> inTable = TABLE_ROW.matcher(section).results().map(m -> m.group(1))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(inTable).as("types in the README's API table (rows \"| `Type` | ... |\")")
        .containsExactlyElementsOf(listed);
  }

  private static void check(String file, String actual) {
    Path listing = ReadmeTest.root().resolve("api").resolve(file);
    if (Boolean.getBoolean(UPDATE)) {
      write(listing, actual);
    }
    assertThat(listing).as("the checked-in listing; create it with -D%s=true", UPDATE).exists();
    assertThat(actual).as("the public API against %s; if the change is meant, rerun with -D%s=true and review"
        + " the diff", ReadmeTest.root().relativize(listing), UPDATE).isEqualTo(read(listing));
  }

  /** Every public type of the module holding {@code anchor}, outside internal packages, with its members. */
  static String javaApi(Class<?> anchor) {
    List<String> lines = new ArrayList<>();
    for (Class<?> type : publicTypes(anchor)) {
      lines.add(Modifier.toString(type.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT
          | (type.isInterface() || type.isEnum() || type.isRecord() ? 0 : type.getModifiers() & Modifier.ABSTRACT))
          + " " + kind(type) + " " + type.getName() + supertypes(type));
      List<String> members = new ArrayList<>();
      for (Field field : type.getDeclaredFields()) {
        if (visible(field) && !field.isEnumConstant()) {
          members.add("  " + field.toGenericString().replace(type.getName() + ".", ""));
        } else if (field.isEnumConstant()) {
          members.add("  " + field.getName());
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor) && !type.isEnum()) {
          members.add("  " + signature(constructor, type));
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method) && !method.isSynthetic() && !method.isBridge()) {
          members.add("  " + signature(method, type));
        }
      }
      members.sort(Comparator.naturalOrder());
      lines.addAll(members);
    }
    return String.join("\n", lines) + "\n";
  }

  private static String kind(Class<?> type) {
    return type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
        : type.isRecord() ? "record" : "class";
  }

  private static String supertypes(Class<?> type) {
    List<String> names = new ArrayList<>();
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
        && !type.isRecord()) {
      names.add("extends " + type.getGenericSuperclass().getTypeName());
    }
    List<String> interfaces = Stream.of(type.getGenericInterfaces()).map(t -> t.getTypeName())
        .filter(name -> !name.equals("java.lang.annotation.Annotation")).toList();
    if (!interfaces.isEmpty()) {
      names.add((type.isInterface() ? "extends " : "implements ") + String.join(", ", interfaces));
    }
    return names.isEmpty() ? "" : " " + String.join(" ", names);
  }

  private static String signature(Executable executable, Class<?> owner) {
    return executable.toGenericString().replace(owner.getName() + ".", "").replace(" " + owner.getName() + "(",
        " " + owner.getSimpleName() + "(");
  }

  private static boolean visible(Member member) {
    int modifiers = member.getModifiers();
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static List<Class<?>> publicTypes(Class<?> anchor) {
    Path location;
    try {
      location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> names;
    if (Files.isDirectory(location)) {
      names = classNames(location);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        names = classNames(jar.getPath("/"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<Class<?>> types = new ArrayList<>();
    for (String name : names) {
      if (name.contains(".internal.") || name.endsWith("module-info") || name.endsWith("package-info")) {
        continue;
      }
      try {
        Class<?> type = Class.forName(name, false, anchor.getClassLoader());
        if (isPublicApi(type)) {
          types.add(type);
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    return types;
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> classNames(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plugin's goals, each with its parameters: name, type, whether required, user property and default. */
  static String pluginApi(Path descriptor) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
    List<String> lines = new ArrayList<>();
    NodeList mojos = document.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      lines.add("goal " + text(mojo, "goal") + " (phase " + text(mojo, "phase") + ")");
      Map<String, String> configuration = new TreeMap<>();
      NodeList configured = ((Element) mojo.getElementsByTagName("configuration").item(0)).getChildNodes();
      for (int j = 0; j < configured.getLength(); j++) {
        if (configured.item(j) instanceof Element element) {
          configuration.put(element.getTagName(), element.getTextContent() + " default="
              + element.getAttribute("default-value"));
        }
      }
      NodeList parameters = mojo.getElementsByTagName("parameter");
      List<String> members = new ArrayList<>();
      for (int j = 0; j < parameters.getLength(); j++) {
        Element parameter = (Element) parameters.item(j);
        if (!"true".equals(text(parameter, "editable"))) {
          continue;
        }
        String name = text(parameter, "name");
        members.add("  " + name + ": " + text(parameter, "type") + ("true".equals(text(parameter, "required"))
            ? " required" : "") + " " + configuration.getOrDefault(name, ""));
      }
      members.sort(Comparator.naturalOrder());
      lines.addAll(members);
    }
    return String.join("\n", lines).replaceAll(" +\n", "\n").strip() + "\n";
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
