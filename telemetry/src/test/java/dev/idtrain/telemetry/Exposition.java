package dev.idtrain.telemetry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser for the Prometheus text format (0.0.4) and OpenMetrics text (1.0.0), for tests.
 * It rejects what a truncated, interleaved or torn exposition would contain: a sample before its
 * family's TYPE, a sample whose name does not belong to the family being written, a family that
 * appears twice, a duplicate series, a malformed label or value, histogram buckets that are not
 * cumulative or whose +Inf bucket differs from {@code _count}, and (OpenMetrics) anything after or
 * a missing {@code # EOF}.
 */
public final class Exposition {

  public record Sample(String name, Map<String, String> labels, double value) {
    String label(String key) {
      return labels.get(key);
    }
  }

  public record Family(String name, String type, String help) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped", "info", "unknown",
          "stateset", "gaugehistogram");

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  private Exposition() {}

  public static Exposition parseText(String text) {
    return parse(text, false);
  }

  public static Exposition parseOpenMetrics(String text) {
    return parse(text, true);
  }

  public Map<String, Family> families() {
    return Collections.unmodifiableMap(families);
  }

  public List<Sample> samples() {
    return Collections.unmodifiableList(samples);
  }

  /** The family's type, or null if the exposition has no such family. */
  public String type(String family) {
    Family f = families.get(family);
    return f == null ? null : f.type();
  }

  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  public double value(String name, String... labels) {
    List<Sample> matching = new ArrayList<>();
    for (Sample s : samples(name)) {
      boolean all = true;
      for (int i = 0; i < labels.length; i += 2) {
        all &= labels[i + 1].equals(s.labels().get(labels[i]));
      }
      if (all) {
        matching.add(s);
      }
    }
    if (matching.size() != 1) {
      throw new AssertionError(
          matching.size() + " samples match " + name + " " + List.of(labels) + ": " + matching);
    }
    return matching.get(0).value();
  }

  /** Every series as name plus sorted labels, e.g. to compare two scrapes' series sets. */
  public Set<String> seriesKeys() {
    Set<String> keys = new HashSet<>();
    for (Sample s : samples) {
      keys.add(s.name() + new TreeMap<>(s.labels()));
    }
    return keys;
  }

  private static Exposition parse(String text, boolean openMetrics) {
    Exposition e = new Exposition();
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("exposition does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    Family current = null;
    Set<String> seenSeries = new HashSet<>();
    boolean eof = false;
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      String where = "line " + (n + 1) + ": " + line;
      if (eof) {
        throw new IllegalArgumentException("content after # EOF at " + where);
      }
      if (line.isEmpty()) {
        throw new IllegalArgumentException("empty line at " + where);
      }
      if (line.startsWith("#")) {
        if (openMetrics && line.equals("# EOF")) {
          eof = true;
          continue;
        }
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#")) {
          if (openMetrics) {
            throw new IllegalArgumentException("malformed comment at " + where);
          }
          continue; // a plain comment, allowed in the text format
        }
        String keyword = parts[1];
        String name = parts[2];
        requireMatch(NAME, name, where);
        switch (keyword) {
          case "HELP" -> {
            if (current == null || !current.name().equals(name)) {
              if (e.families.containsKey(name)) {
                throw new IllegalArgumentException("family written twice at " + where);
              }
              current = new Family(name, null, parts.length > 3 ? parts[3] : "");
              e.families.put(name, current);
            } else if (current.help() != null) {
              throw new IllegalArgumentException("second HELP at " + where);
            } else {
              current = new Family(name, current.type(), parts.length > 3 ? parts[3] : "");
              e.families.put(name, current);
            }
          }
          case "TYPE" -> {
            if (parts.length != 4 || !TYPES.contains(parts[3])) {
              throw new IllegalArgumentException("bad TYPE at " + where);
            }
            if (current != null && current.name().equals(name)) {
              if (current.type() != null) {
                throw new IllegalArgumentException("second TYPE at " + where);
              }
              current = new Family(name, parts[3], current.help());
            } else {
              if (e.families.containsKey(name)) {
                throw new IllegalArgumentException("family written twice at " + where);
              }
              current = new Family(name, parts[3], null);
            }
            e.families.put(name, current);
          }
          case "UNIT" -> {
            if (!openMetrics) {
              throw new IllegalArgumentException("UNIT in the text format at " + where);
            }
          }
          default -> {
            if (openMetrics) {
              throw new IllegalArgumentException("unknown comment at " + where);
            }
          }
        }
        continue;
      }
      Sample sample = parseSample(line, where);
      if (current == null || current.type() == null) {
        throw new IllegalArgumentException("sample without TYPE at " + where);
      }
      if (!belongs(sample.name(), current, openMetrics)) {
        throw new IllegalArgumentException(
            "sample does not belong to family " + current.name() + " at " + where);
      }
      if (!seenSeries.add(sample.name() + new TreeMap<>(sample.labels()))) {
        throw new IllegalArgumentException("duplicate series at " + where);
      }
      e.samples.add(sample);
    }
    if (openMetrics && !eof) {
      throw new IllegalArgumentException("OpenMetrics exposition without # EOF");
    }
    e.checkHistograms();
    return e;
  }

  private static boolean belongs(String sample, Family family, boolean openMetrics) {
    String f = family.name();
    return switch (family.type()) {
      case "histogram" ->
          sample.equals(f + "_bucket") || sample.equals(f + "_count") || sample.equals(f + "_sum")
              || (openMetrics && sample.equals(f + "_created"));
      case "summary" ->
          sample.equals(f) || sample.equals(f + "_count") || sample.equals(f + "_sum")
              || (openMetrics && sample.equals(f + "_created"));
      case "counter" ->
          openMetrics
              ? sample.equals(f + "_total") || sample.equals(f + "_created")
              : sample.equals(f);
      case "info" -> openMetrics && sample.equals(f + "_info");
      default -> sample.equals(f);
    };
  }

  private static Sample parseSample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireMatch(NAME, name, where);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (true) {
        if (i >= line.length()) {
          throw new IllegalArgumentException("unterminated labels at " + where);
        }
        if (line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new IllegalArgumentException("label without '=' at " + where);
        }
        String key = line.substring(i, eq);
        requireMatch(LABEL_NAME, key, where);
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("unquoted label value at " + where);
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        boolean closed = false;
        while (j < line.length()) {
          char c = line.charAt(j);
          if (c == '\\') {
            if (j + 1 >= line.length()) {
              throw new IllegalArgumentException("dangling escape at " + where);
            }
            char next = line.charAt(j + 1);
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException("bad escape at " + where);
            }
            j += 2;
          } else if (c == '"') {
            closed = true;
            j++;
            break;
          } else {
            value.append(c);
            j++;
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated label value at " + where);
        }
        if (labels.put(key, value.toString()) != null) {
          throw new IllegalArgumentException("repeated label " + key + " at " + where);
        }
        i = j;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at " + where);
        }
      }
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("expected a space before the value at " + where);
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length < 1 || rest.length > 2) {
      throw new IllegalArgumentException("expected value [timestamp] at " + where);
    }
    double value = parseValue(rest[0], where);
    if (rest.length == 2) {
      parseValue(rest[1], where);
    }
    return new Sample(name, Collections.unmodifiableMap(labels), value);
  }

  private static double parseValue(String s, String where) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
          throw new IllegalArgumentException("bad value '" + s + "' at " + where);
        }
        return Double.parseDouble(s);
    }
  }

  private static void requireMatch(Pattern p, String s, String where) {
    if (!p.matcher(s).matches()) {
      throw new IllegalArgumentException("bad name '" + s + "' at " + where);
    }
  }

  /** Buckets cumulative and increasing in le, +Inf present and equal to _count. */
  private void checkHistograms() {
    for (Family f : families.values()) {
      if (!"histogram".equals(f.type())) {
        continue;
      }
      Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
      for (Sample s : samples(f.name() + "_bucket")) {
        Map<String, String> key = new TreeMap<>(s.labels());
        key.remove("le");
        bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
      for (Sample count : samples(f.name() + "_count")) {
        List<Sample> buckets = bySeries.get(new TreeMap<>(count.labels()));
        if (buckets == null) {
          throw new IllegalArgumentException(f.name() + ": _count without buckets");
        }
        double previousLe = Double.NEGATIVE_INFINITY;
        double previousCount = 0;
        for (Sample b : buckets) {
          double le = parseValue(b.label("le"), f.name());
          if (!(le > previousLe) || b.value() < previousCount) {
            throw new IllegalArgumentException(f.name() + ": buckets not cumulative: " + buckets);
          }
          previousLe = le;
          previousCount = b.value();
        }
        if (previousLe != Double.POSITIVE_INFINITY || previousCount != count.value()) {
          throw new IllegalArgumentException(
              f.name() + ": +Inf bucket " + previousCount + " != _count " + count.value());
        }
      }
    }
  }
}
