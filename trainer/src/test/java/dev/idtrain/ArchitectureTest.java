package dev.idtrain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled classes: its dependency
 * table row by row, read from the document itself, so the two cannot drift apart.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.idtrain");
  private static final Path DOCUMENT = Path.of("..", "docs", "ARCHITECTURE.md");
  private static final int MAX_LINES = 300;
  private static final Pattern PACKAGE = Pattern.compile("`(dev\\.idtrain\\.[a-z.]+)`");

  /** The libraries the table names, and where their classes live. */
  private static final Map<String, List<String>> LIBRARIES = Map.ofEntries(
      Map.entry("DJL", List.of("ai.djl..")),
      Map.entry("JNA", List.of("com.sun.jna..")),
      Map.entry("Jackson", List.of("com.fasterxml.jackson..")),
      Map.entry("Reactor", List.of("reactor..")),
      Map.entry("Micrometer", List.of("io.micrometer..")),
      Map.entry("Prometheus client", List.of("io.prometheus..")),
      Map.entry("EJML", List.of("org.ejml..")),
      Map.entry("commons-rng", List.of("org.apache.commons.rng..")),
      Map.entry("JFreeChart", List.of("org.jfree..")),
      Map.entry("picocli", List.of("picocli..")),
      Map.entry("Vector API", List.of("jdk.incubator.vector..")),
      Map.entry("JDK HTTP server", List.of("com.sun.net.httpserver..")),
      Map.entry("signals", List.of("sun.misc..")));

  /** What every package may use. */
  private static final List<String> ALWAYS = List.of("java..", "javax..", "org.slf4j..");

  @TestFactory
  Stream<DynamicTest> everyPackageDependsOnlyOnWhatItsRowNames() throws IOException {
    return rows().entrySet().stream().map(row -> DynamicTest.dynamicTest(row.getKey(), () -> {
      List<String> allowed = new ArrayList<>(ALWAYS);
      allowed.add(row.getKey());
      for (String name : row.getValue()) {
        allowed.addAll(LIBRARIES.getOrDefault(name, List.of("dev.idtrain." + name)));
      }
      classes().that().resideInAPackage(row.getKey())
          .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
          .because("docs/ARCHITECTURE.md allows " + row.getKey() + " " + row.getValue())
          .allowEmptyShould(false)
          .check(CLASSES);
    }));
  }

  @Test
  void everyPackageHasARowAndEveryNameIsKnown() throws IOException {
    Map<String, List<String>> rows = rows();
    assertThat(rows.keySet()).containsAll(CLASSES.stream().map(JavaClass::getPackageName)
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    rows.values().stream().flatMap(List::stream).forEach(name -> assertThat(
        LIBRARIES.containsKey(name) || rows.containsKey("dev.idtrain." + name))
        .as("'%s' in the table is neither a library it lists nor a package", name).isTrue());
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.idtrain.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void numbersEnterTheEnginesArithmeticAsArraysThatOutliveTheStep() {
    // The engine's number overloads free their operand before a backward pass reads it.
    for (String operation : new String[] {"mul", "div"}) {
      noClasses().should().callMethod(NDArray.class, operation, Number.class)
          .because("a product's backward pass reads its operand; use GraphScalar")
          .check(CLASSES);
    }
  }

  @Test
  void noMainSourceFileIsLongerThanTheLimit() throws IOException {
    // One idea per file: a file that outgrows the limit holds two.
    try (Stream<Path> files = Files.walk(Path.of(".."))) {
      List<String> tooLong = files
          .filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
          .filter(f -> lines(f) > MAX_LINES)
          .map(f -> f + " (" + lines(f) + " lines)")
          .toList();
      assertThat(tooLong).as("main source files over %d lines", MAX_LINES).isEmpty();
    }
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The dependency table: each package with the names its last column allows. */
  private static Map<String, List<String>> rows() throws IOException {
    String doc = Files.readString(DOCUMENT);
    String table = doc.substring(doc.indexOf("| module / package | concern | may depend on |"));
    table = table.substring(0, table.indexOf("\n\n"));
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : table.lines().skip(2).toList()) {
      String[] cells = line.split(" \\| ");
      Matcher pkg = PACKAGE.matcher(cells[0]);
      if (!pkg.find()) {
        continue; // dashboards and deploy: test code only
      }
      String allowed = cells[cells.length - 1].replaceAll("\\s*\\|\\s*$", "").trim();
      rows.put(pkg.group(1), allowed.equals("nothing") ? List.of() : List.of(allowed.split(", ")));
    }
    return rows;
  }
}
