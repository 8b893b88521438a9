package dev.idtrain.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration from an optional YAML file and {@code key=value} overrides (later
 * wins), and refuses anything unknown, mistyped or out of range before a run starts.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** The embedded defaults. */
  public static Config defaults() {
    return load(null, List.of());
  }

  /**
   * @param file a YAML file of nested sections, or null
   * @param overrides dotted {@code key=value} pairs, applied in order after the file
   * @throws ConfigException naming the key, the value and what is allowed
   */
  public static Config load(Path file, List<String> overrides) {
    Map<String, JsonNode> given = new LinkedHashMap<>();
    if (file != null) {
      flatten(ConfigFile.read(file), "", given);
    }
    return withOverrides(given, overrides);
  }

  /**
   * {@code base} with {@code overrides} applied, e.g. the same experiment under another
   * objective; the run id stays base's unless overridden.
   */
  public static Config with(Config base, List<String> overrides) {
    Map<String, JsonNode> given = new LinkedHashMap<>();
    flatten(ConfigFile.parse(ConfigView.toYaml(base), "the configuration"), "", given);
    return withOverrides(given, overrides);
  }

  private static Config withOverrides(Map<String, JsonNode> given, List<String> overrides) {
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set: '" + override + "' is not key=value");
      }
      given.put(override.substring(0, eq).trim(), ConfigFile.scalar(override.substring(eq + 1)));
    }
    return ConfigBinder.bind(given);
  }

  /** A config from YAML text, e.g. the one a checkpoint was written with. */
  public static Config fromYaml(String yaml, String origin) {
    Map<String, JsonNode> given = new LinkedHashMap<>();
    flatten(ConfigFile.parse(yaml, origin), "", given);
    return ConfigBinder.bind(given);
  }

  private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = prefix + entry.getKey();
      if (entry.getValue().isObject()) {
        flatten(entry.getValue(), key + ".", out);
      } else {
        out.put(key, entry.getValue());
      }
    }
  }
}
