package dev.idtrain.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A config written out: flat dotted keys to show and compare, nested YAML to save. */
public final class ConfigView {
  private ConfigView() {}

  /** Every key of a config with its value, in declaration order: what config.yaml holds. */
  public static Map<String, Object> flatten(Config config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent section : Config.class.getRecordComponents()) {
      Object record = get(section, config);
      for (RecordComponent field : section.getType().getRecordComponents()) {
        Object value = get(field, record);
        out.put(section.getName() + "." + field.getName(),
            value instanceof Enum<?> e ? lower(e) : value);
      }
    }
    return out;
  }

  /** How a config's enum value is written, and read back: its name in lower case. */
  public static String lower(Object constant) {
    return ((Enum<?>) constant).name().toLowerCase(Locale.ROOT);
  }

  /** The config as nested YAML sections, readable by {@link ConfigLoader#load}. */
  public static String toYaml(Config config) {
    ObjectNode root = ConfigFile.YAML.createObjectNode();
    flatten(config).forEach((key, value) -> {
      String[] parts = key.split("\\.", 2);
      ObjectNode section = root.has(parts[0]) ? (ObjectNode) root.get(parts[0]) : root.putObject(parts[0]);
      section.set(parts[1], ConfigFile.YAML.valueToTree(value));
    });
    try {
      return ConfigFile.YAML.writeValueAsString(root);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object get(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }
}
