package dev.idtrain.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds dotted keys to the {@link Config} records: refuses unknown keys, parses each value against
 * its component's annotations, fills defaults and derived values, then checks cross-field limits.
 */
final class ConfigBinder {
  private ConfigBinder() {}

  static Config bind(Map<String, JsonNode> given) {
    Map<String, RecordComponent> fields = new LinkedHashMap<>();
    for (RecordComponent section : Config.class.getRecordComponents()) {
      for (RecordComponent field : section.getType().getRecordComponents()) {
        fields.put(section.getName() + "." + field.getName(), field);
      }
    }
    for (String key : given.keySet()) {
      if (!fields.containsKey(key)) {
        throw new ConfigException(key + ": unknown key; known keys: " + knownKeys(fields, key));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> changed = new HashSet<>();
    fields.forEach((key, field) -> {
      JsonNode node = given.get(key);
      String fallback = field.getAnnotation(Default.class).value();
      Object standard = fallback.isEmpty() ? null
          : ValueParser.parse(key, field, ConfigFile.scalar(fallback));
      Object value = node != null ? ValueParser.parse(key, field, node) : standard;
      if (value != null) {
        values.put(key, value);
      }
      if (node != null && !value.equals(standard)) {
        changed.add(key);
      }
    });
    double noiseScale = (Double) values.get("dgp.kappa") / 10;
    values.putIfAbsent("dgp.noiseScale", noiseScale);
    // Given as what it derives to (a resolved configuration written out), it is not a change.
    if (values.get("dgp.noiseScale").equals(noiseScale)) {
      changed.remove("dgp.noiseScale");
    }
    CrossFieldRules.checkKeys((DgpKind) values.get("dgp.kind"), changed);
    values.putIfAbsent("run.id", Experiment.runId(values));
    values.putIfAbsent("run.sweep", "");
    values.putIfAbsent("run.point", "");
    Config config = construct(values);
    CrossFieldRules.check(config);
    return config;
  }

  private static String knownKeys(Map<String, RecordComponent> fields, String key) {
    String section = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : "";
    List<String> same = fields.keySet().stream().filter(k -> k.startsWith(section)).toList();
    return String.join(", ", same.isEmpty() || section.isEmpty() ? sections() : same);
  }

  private static List<String> sections() {
    List<String> names = new ArrayList<>();
    for (RecordComponent section : Config.class.getRecordComponents()) {
      names.add(section.getName() + ".*");
    }
    return names;
  }

  private static Config construct(Map<String, Object> values) {
    RecordComponent[] sections = Config.class.getRecordComponents();
    Object[] built = new Object[sections.length];
    for (int s = 0; s < sections.length; s++) {
      RecordComponent[] fields = sections[s].getType().getRecordComponents();
      Object[] args = new Object[fields.length];
      for (int f = 0; f < fields.length; f++) {
        args[f] = values.get(sections[s].getName() + "." + fields[f].getName());
      }
      built[s] = newRecord(sections[s].getType(), fields, args);
    }
    return (Config) newRecord(Config.class, sections, built);
  }

  private static Object newRecord(Class<?> type, RecordComponent[] components, Object[] args) {
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }
}
