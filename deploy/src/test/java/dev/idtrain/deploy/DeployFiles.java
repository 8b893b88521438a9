package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the deployment files are, and how to read them. */
public final class DeployFiles {

  private static final YAMLMapper YAML = new YAMLMapper();

  private DeployFiles() {}

  /**
   * The {@code deploy/} folder: the working directory when this module's tests run, {@code
   * ../deploy} from a sibling module's tests.
   */
  public static Path deployDir() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(cwd, cwd.resolveSibling("deploy"), cwd.resolve("deploy"))) {
      if (Files.isRegularFile(candidate.resolve("prometheus/prometheus.yml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no deploy/prometheus/prometheus.yml near " + cwd);
  }

  public static Path prometheusDir() {
    return deployDir().resolve("prometheus");
  }

  /** The file Prometheus is started with. */
  public static Path prometheusConfig() {
    return prometheusDir().resolve("prometheus.yml");
  }

  /** The rule files {@code prometheus.yml} loads, in its order. */
  public static List<Path> ruleFiles() {
    JsonNode ruleFiles = readYaml(prometheusConfig()).path("rule_files");
    return Stream.iterate(0, i -> i < ruleFiles.size(), i -> i + 1)
        .map(i -> prometheusDir().resolve(ruleFiles.get(i).asText()).normalize())
        .toList();
  }

  /** The promtool unit test files, sorted. */
  public static List<Path> ruleTestFiles() {
    return list(prometheusDir().resolve("tests"), ".yml");
  }

  public static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static void writeYaml(Path file, JsonNode tree) {
    try {
      YAML.writeValue(file.toFile(), tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
