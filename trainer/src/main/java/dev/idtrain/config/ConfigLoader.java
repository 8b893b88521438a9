package dev.idtrain.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a configuration from an optional YAML file and {@code key=value} overrides (later
 * wins), and refuses anything unknown, mistyped or out of range before a run starts.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  /** A configuration is a few dozen lines; anything this large is a mistake. */
  static final long MAX_FILE_BYTES = 1 << 20;

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
      flatten(readFile(file), "", given);
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set: '" + override + "' is not key=value");
      }
      given.put(override.substring(0, eq).trim(), scalar(override.substring(eq + 1)));
    }
    return bind(given);
  }

  /** Every key of a config with its value, in declaration order: what config.yaml holds. */
  public static Map<String, Object> flatten(Config config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent section : Config.class.getRecordComponents()) {
      Object record = get(section, config);
      for (RecordComponent field : section.getType().getRecordComponents()) {
        Object value = get(field, record);
        out.put(section.getName() + "." + field.getName(),
            value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : value);
      }
    }
    return out;
  }

  /** The config as nested YAML sections, readable by {@link #load}. */
  public static String toYaml(Config config) {
    ObjectNode root = YAML.createObjectNode();
    flatten(config).forEach((key, value) -> {
      String[] parts = key.split("\\.", 2);
      ObjectNode section = root.has(parts[0]) ? (ObjectNode) root.get(parts[0]) : root.putObject(parts[0]);
      section.set(parts[1], YAML.valueToTree(value));
    });
    try {
      return YAML.writeValueAsString(root);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Keys that define the experiment: a run directory's checkpoint only continues a run with the
   * same values; the others (telemetry, cadences, device) may change across restarts.
   */
  public static boolean definesExperiment(String key) {
    return key.equals("run.seed") || key.startsWith("dgp.") || key.startsWith("model.")
        || key.equals("train.objective") || key.equals("train.batchSize")
        || key.equals("train.learningRate") || key.equals("train.lrSchedule")
        || key.equals("train.warmupSteps") || key.equals("train.horizonSteps");
  }

  /** A config from YAML text, e.g. the one a checkpoint was written with. */
  public static Config fromYaml(String yaml, String origin) {
    Map<String, JsonNode> given = new LinkedHashMap<>();
    flatten(parse(yaml, origin), "", given);
    return bind(given);
  }

  private static ObjectNode readFile(Path file) {
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
  private static ObjectNode parse(String text, String origin) {
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

  /** The dotted key the parser is at, e.g. dgp.dim. */
  private static String key(JsonParser parser) {
    return parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
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

  private static JsonNode scalar(String text) {
    try {
      JsonNode node = YAML.readTree(text);
      return node == null || node.isMissingNode() ? YAML.getNodeFactory().textNode(text) : node;
    } catch (JacksonException e) {
      return YAML.getNodeFactory().textNode(text);
    }
  }

  private static Config bind(Map<String, JsonNode> given) {
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
    fields.forEach((key, field) -> {
      JsonNode node = given.get(key);
      String fallback = field.getAnnotation(Default.class).value();
      if (node != null) {
        values.put(key, ValueParser.parse(key, field, node));
      } else if (!fallback.isEmpty()) {
        values.put(key, ValueParser.parse(key, field, scalar(fallback)));
      }
    });
    values.putIfAbsent("dgp.noiseScale", (Double) values.get("dgp.kappa") / 10);
    values.putIfAbsent("run.id", runId(values));
    values.putIfAbsent("run.sweep", "");
    values.putIfAbsent("run.point", "");
    Config config = construct(values);
    checkCrossField(config);
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

  private static void checkCrossField(Config c) {
    if (c.dgp().instances() < c.dgp().classes()) {
      throw ConfigException.invalid("dgp.instances", c.dgp().instances(),
          "at least dgp.classes (" + c.dgp().classes() + "), so every class has an instance");
    }
    if (c.train().lrSchedule() == LrSchedule.COSINE && c.train().horizonSteps() <= c.train().warmupSteps()) {
      throw ConfigException.invalid("train.horizonSteps", c.train().horizonSteps(),
          "more than train.warmupSteps (" + c.train().warmupSteps() + ") with the cosine schedule");
    }
    int minSamples = 4 * (c.dgp().dim() + 2);
    if (c.probe().samples() < minSamples) {
      throw ConfigException.invalid("probe.samples", c.probe().samples(),
          "at least " + minSamples + " (each half must over-determine a " + c.dgp().dim()
              + "-dimensional affine fit)");
    }
  }

  /** A readable id for dashboards plus a digest of every experiment-defining key. */
  private static String runId(Map<String, Object> values) {
    StringBuilder canonical = new StringBuilder();
    values.forEach((key, value) -> {
      if (definesExperiment(key)) {
        canonical.append(key).append('=').append(value).append('\n');
      }
    });
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return String.format(Locale.ROOT, "%s-d%d-k%d-%s%s-s%d-%s",
          ValueParser.lower(values.get("train.objective")), values.get("dgp.dim"),
          values.get("dgp.classes"), ValueParser.lower(values.get("dgp.conditional")),
          ValueParser.compact((Double) values.get("dgp.kappa")), values.get("run.seed"),
          HexFormat.of().formatHex(digest, 0, 3));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  private static Object get(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }
}
