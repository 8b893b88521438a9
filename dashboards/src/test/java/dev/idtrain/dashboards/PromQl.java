package dev.idtrain.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough PromQL lexing to find the vector selectors of an expression: which metrics it
 * names and with which label matchers. Strings, range and subquery brackets, function calls
 * and grouping clauses ({@code by (…)}, {@code on (…)}, {@code group_left (…)}) are skipped.
 */
public final class PromQl {

  /**
   * One vector selector.
   *
   * @param metric the metric name
   * @param matchers the text between the braces, {@code ""} when there are none
   */
  public record Selector(String metric, String matchers) {}

  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
  /** Aggregations, which may be followed by a grouping clause before their parenthesis. */
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
          "bottomk", "topk", "quantile");

  private PromQl() {}

  /** The metric names an expression selects, in order of first appearance. */
  public static Set<String> metricNames(String expr) {
    Set<String> names = new LinkedHashSet<>();
    selectors(expr).forEach(s -> names.add(s.metric()));
    return names;
  }

  /** Every vector selector with a metric name, in order. */
  public static List<Selector> selectors(String expr) {
    List<Selector> selectors = new ArrayList<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = expr.indexOf(']', i) + 1;
        if (i == 0) {
          throw new IllegalArgumentException("unclosed [ in: " + expr);
        }
      } else if (c == '{') {
        i = skipBraces(expr, i); // a selector without metric name
      } else if (isIdentifierStart(c) && (i == 0 || !isPartOfNumber(expr.charAt(i - 1)))) {
        int end = i;
        while (end < n && isIdentifierPart(expr.charAt(end))) {
          end++;
        }
        String word = expr.substring(i, end);
        int next = skipSpace(expr, end);
        String lower = word.toLowerCase(Locale.ROOT);
        if (GROUPING.contains(lower)) {
          i = next < n && expr.charAt(next) == '(' ? skipParens(expr, next) : end;
        } else if (lower.equals("offset")) {
          i = skipWord(expr, next);
        } else if (KEYWORDS.contains(lower)
            || AGGREGATIONS.contains(lower)
            || (next < n && expr.charAt(next) == '(')) {
          i = end; // operator keyword, aggregation or function
        } else if (next < n && expr.charAt(next) == '{') {
          int close = skipBraces(expr, next);
          selectors.add(new Selector(word, expr.substring(next + 1, close - 1).trim()));
          i = close;
        } else {
          selectors.add(new Selector(word, ""));
          i = end;
        }
      } else if (Character.isDigit(c) || c == '.') {
        i = skipWord(expr, i); // a number or duration, exponent and unit included
      } else {
        i++;
      }
    }
    return selectors;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  private static boolean isPartOfNumber(char c) {
    return Character.isLetterOrDigit(c) || c == '.';
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipWord(String s, int i) {
    while (i < s.length() && (isIdentifierPart(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  private static int skipString(String s, int open) {
    char quote = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unclosed string in: " + s);
  }

  private static int skipBraces(String s, int open) {
    for (int i = open + 1; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
      } else if (c == '}') {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unclosed { in: " + s);
  }

  private static int skipParens(String s, int open) {
    int close = s.indexOf(')', open);
    if (close < 0) {
      throw new IllegalArgumentException("unclosed ( in: " + s);
    }
    return close + 1;
  }
}
