package dev.idtrain.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules for configuration YAML: bounded size, each key once, no aliases, a mapping of
 * sections at the top. A mistake is refused with the line and key rather than read some other way.
 */
final class ConfigFile {
  static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  /** A configuration is a few dozen lines; anything this large is a mistake. */
  static final long MAX_FILE_BYTES = 1 << 20;

  private ConfigFile() {}

  static ObjectNode read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigException("--config: " + file + " is " + size + " bytes; allowed: at most "
            + MAX_FILE_BYTES + " (1 MiB)");
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), "--config: " + file);
    } catch (IOException e) {
      throw new ConfigException("--config: cannot read " + file + " (" + e.getMessage() + ")");
    }
  }

  /**
   * Strict YAML: a key given twice and an alias ({@code *name}) are refused with the line and key,
   * rather than the last value silently winning or the alias reading as its name.
   */
  static ObjectNode parse(String text, String origin) {
    JsonNode root;
    try {
      refuseAliases(text, origin);
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      String message = e.getOriginalMessage().lines().findFirst().orElse("");
      if (message.startsWith("Duplicate field") && e instanceof JsonProcessingException p
          && p.getProcessor() instanceof JsonParser parser) {
        throw new ConfigException(origin + ": line " + e.getLocation().getLineNr() + ": "
            + key(parser) + " is given twice; allowed: each key once");
      }
      throw new ConfigException(origin + " is not valid YAML: " + message);
    } catch (IOException e) {
      throw new ConfigException(origin + " cannot be read (" + e.getMessage() + ")");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return YAML.createObjectNode();
    }
    if (!root.isObject()) {
      throw new ConfigException(origin + " must be a mapping of sections (run, dgp, model, ...)");
    }
    return (ObjectNode) root;
  }

  private static void refuseAliases(String text, String origin) throws IOException {
    try (YAMLParser parser = (YAMLParser) YAML.createParser(text)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias()) {
          throw new ConfigException(origin + ": line " + parser.currentLocation().getLineNr()
              + ": " + key(parser) + ": alias *" + parser.getText() + " is not allowed;"
              + " allowed: the value written out");
        }
      }
    }
  }

  /** A {@code --set} value or a default as YAML reads it; what YAML cannot read stays text. */
  static JsonNode scalar(String text) {
    try {
      JsonNode node = YAML.readTree(text);
      return node == null || node.isMissingNode() ? YAML.getNodeFactory().textNode(text) : node;
    } catch (JacksonException e) {
      return YAML.getNodeFactory().textNode(text);
    }
  }

  /** The dotted key the parser is at, e.g. dgp.dim. */
  private static String key(JsonParser parser) {
    return parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
  }
}
