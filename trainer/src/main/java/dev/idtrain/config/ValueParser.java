package dev.idtrain.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Parses one configuration value against the type and annotations of its record component. */
final class ValueParser {
  private ValueParser() {}

  static Object parse(String key, RecordComponent field, JsonNode node) {
    Class<?> type = field.getType();
    if (!node.isValueNode() || node.isNull()) {
      throw ConfigException.invalid(key, node.toString(), describe(field));
    }
    if (type == boolean.class) {
      return parseBoolean(key, field, node);
    }
    if (type.isEnum()) {
      return parseEnum(key, field, node);
    }
    if (type == String.class) {
      Pattern pattern = field.getAnnotation(Pattern.class);
      String text = node.asText();
      if (!text.matches(pattern.regex())) {
        throw ConfigException.invalid(key, text, pattern.allowed());
      }
      return text;
    }
    return parseNumber(key, field, node);
  }

  private static Object parseBoolean(String key, RecordComponent field, JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = node.asText();
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw ConfigException.invalid(key, text, describe(field));
  }

  private static Object parseEnum(String key, RecordComponent field, JsonNode node) {
    String text = node.asText();
    for (Object constant : field.getType().getEnumConstants()) {
      if (ConfigView.lower(constant).equals(text)) {
        return constant;
      }
    }
    throw ConfigException.invalid(key, text, describe(field));
  }

  private static Object parseNumber(String key, RecordComponent field, JsonNode node) {
    Class<?> type = field.getType();
    String text = node.asText().trim();
    Object parsed;
    try {
      if (type == double.class) {
        parsed = node.isNumber() ? node.doubleValue() : Double.parseDouble(text);
        if (!Double.isFinite((Double) parsed)) {
          throw ConfigException.invalid(key, text, describe(field));
        }
      } else if (node.isNumber() && !node.isIntegralNumber()) {
        throw ConfigException.invalid(key, text, describe(field));
      } else {
        parsed = type == int.class ? (Object) Integer.parseInt(text) : (Object) Long.parseLong(text);
      }
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, text, describe(field));
    }
    double x = ((Number) parsed).doubleValue();
    Range range = field.getAnnotation(Range.class);
    boolean belowMin = range.exclusiveMin() ? x <= range.min() : x < range.min();
    boolean aboveMax = range.exclusiveMax() ? x >= range.max() : x > range.max();
    if (belowMin || aboveMax) {
      throw ConfigException.invalid(key, parsed, describe(field));
    }
    return parsed;
  }

  /** What a field allows, in words: "integer in [2, 64]", "one of vmf, laplace, normal". */
  static String describe(RecordComponent field) {
    Class<?> type = field.getType();
    if (type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(ConfigView::lower)
          .collect(Collectors.joining(", "));
    }
    if (type == String.class) {
      return field.getAnnotation(Pattern.class).allowed();
    }
    Range range = field.getAnnotation(Range.class);
    String kind = type == double.class ? "number" : "integer";
    return kind + " in " + (range.exclusiveMin() ? "(" : "[") + compact(range.min()) + ", "
        + (type == long.class && range.max() >= Long.MAX_VALUE ? "2^63-1" : compact(range.max()))
        + (range.exclusiveMax() ? ")" : "]");
  }

  /** 10.0 as "10", 0.5 as "0.5", 1e6 as "1000000". */
  static String compact(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
