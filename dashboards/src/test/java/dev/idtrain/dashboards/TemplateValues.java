package dev.idtrain.dashboards;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana substitutes into a query: the selected values of the template variables and
 * the built-in interval and range variables. Substitution follows Grafana's Prometheus data
 * source: "All" becomes the variable's {@code allValue}; values of a multi-value variable are
 * regex-escaped and joined as {@code (a|b)}.
 *
 * <p>Immutable; the {@code with…} methods return a copy.
 */
public final class TemplateValues {

  /** The value Grafana stores for "All". */
  public static final String ALL = "$__all";

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)(?::\\w+)?]]");
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[$^*{}\\[\\]'+?.()|]");

  private final Map<String, List<String>> selected;
  private final Duration scrapeInterval;
  private final Duration interval;
  private final Duration range;

  private TemplateValues(
      Map<String, List<String>> selected, Duration scrapeInterval, Duration interval, Duration range) {
    this.selected = Map.copyOf(selected);
    this.scrapeInterval = scrapeInterval;
    this.interval = interval;
    this.range = range;
  }

  /**
   * Every variable at "All", a 15 s scrape interval (the deployed Prometheus), a 15 s query
   * step and a one-hour time range: the dashboards as they open.
   */
  public static TemplateValues defaults() {
    return new TemplateValues(Map.of(), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofHours(1));
  }

  /** Selects values of a variable; {@link #ALL} selects "All". */
  public TemplateValues with(String variable, String... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no value for " + variable);
    }
    Map<String, List<String>> copy = new HashMap<>(selected);
    copy.put(variable, List.of(values));
    return new TemplateValues(copy, scrapeInterval, interval, range);
  }

  /** The scrape interval configured on the Grafana data source (drives $__rate_interval). */
  public TemplateValues withScrapeInterval(Duration scrapeInterval) {
    return new TemplateValues(selected, scrapeInterval, interval, range);
  }

  /** The query step ($__interval). */
  public TemplateValues withInterval(Duration interval) {
    return new TemplateValues(selected, scrapeInterval, interval, range);
  }

  /** The dashboard's time range ($__range). */
  public TemplateValues withRange(Duration range) {
    return new TemplateValues(selected, scrapeInterval, interval, range);
  }

  /** Grafana's $__rate_interval: max($__interval + scrape interval, 4 × scrape interval). */
  public Duration rateInterval() {
    Duration a = interval.plus(scrapeInterval);
    Duration b = scrapeInterval.multipliedBy(4);
    return a.compareTo(b) >= 0 ? a : b;
  }

  public Duration range() {
    return range;
  }

  /**
   * Replaces every variable reference ({@code $name}, {@code ${name}}, {@code [[name]]}) in
   * {@code text}.
   *
   * @param variables the dashboard's template variables, by name
   * @throws IllegalArgumentException for a reference to an unknown variable or one without a
   *     selected value
   */
  public String substitute(String text, Map<String, TemplateVariable> variables) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      m.appendReplacement(out, Matcher.quoteReplacement(value(name, variables)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String value(String name, Map<String, TemplateVariable> variables) {
    switch (name) {
      case "__interval":
        return promDuration(interval);
      case "__interval_ms":
        return Long.toString(interval.toMillis());
      case "__rate_interval":
        return promDuration(rateInterval());
      case "__rate_interval_ms":
        return Long.toString(rateInterval().toMillis());
      case "__range":
        return promDuration(range);
      case "__range_s":
        return Long.toString(range.toSeconds());
      case "__range_ms":
        return Long.toString(range.toMillis());
      default:
        break;
    }
    TemplateVariable variable = variables.get(name);
    if (variable == null) {
      throw new IllegalArgumentException("unknown template variable $" + name);
    }
    if (!variable.type().equals("query") && !variable.type().equals("custom")) {
      throw new IllegalArgumentException("$" + name + " (" + variable.type() + ") has no value in a query");
    }
    List<String> values = selected.getOrDefault(name, List.of(ALL));
    if (values.equals(List.of(ALL))) {
      if (!variable.includeAll() || variable.allValue().isEmpty()) {
        throw new IllegalArgumentException(
            "$" + name + " has no allValue: select its values with with(\"" + name + "\", …)");
      }
      return variable.allValue();
    }
    if (!variable.multi() && !variable.includeAll()) {
      if (values.size() != 1) {
        throw new IllegalArgumentException("$" + name + " takes a single value");
      }
      return values.get(0).replace("\\", "\\\\").replace("'", "\\\\'");
    }
    List<String> escaped = values.stream().map(TemplateValues::regexEscape).toList();
    return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
  }

  /** Grafana's prometheusSpecialRegexEscape: a regex escape inside a PromQL string literal. */
  private static String regexEscape(String value) {
    String backslashes = value.replace("\\", "\\\\\\\\");
    return REGEX_SPECIAL.matcher(backslashes).replaceAll(r -> Matcher.quoteReplacement("\\\\" + r.group()));
  }

  /** A duration as PromQL writes it: whole seconds, or milliseconds below a second. */
  static String promDuration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
