package dev.idtrain.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The series the deployed recording rules (deploy/prometheus/rules) record. */
public final class RecordingRules {

  private RecordingRules() {}

  /** The rules folder beside the dashboards folder. */
  public static Path directory() {
    return Dashboard.directory().resolveSibling("deploy").resolve("prometheus").resolve("rules");
  }

  /** The recorded series names of every rule file in {@code rulesDir}. */
  public static Set<String> names(Path rulesDir) {
    YAMLMapper yaml = new YAMLMapper();
    Set<String> names = new LinkedHashSet<>();
    for (Path file : ruleFiles(rulesDir)) {
      try {
        for (JsonNode group : yaml.readTree(file.toFile()).path("groups")) {
          for (JsonNode rule : group.path("rules")) {
            if (rule.has("record")) {
              names.add(rule.path("record").asText());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return names;
  }

  private static List<Path> ruleFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
