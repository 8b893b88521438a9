package dev.idtrain.telemetry.page;

import static dev.idtrain.telemetry.http.PageAnswers.OWN;
import static dev.idtrain.telemetry.http.PageAnswers.asset;
import static dev.idtrain.telemetry.http.PageAnswers.error;
import static dev.idtrain.telemetry.http.PageAnswers.json;
import static dev.idtrain.telemetry.http.PageAnswers.refused;
import static dev.idtrain.telemetry.http.PageAnswers.send;

import com.sun.net.httpserver.HttpExchange;
import dev.idtrain.telemetry.http.Page;
import dev.idtrain.telemetry.http.PageAnswers.Asset;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The live page and its JSON API: {@code /} (the page), {@code /static/*} (its script, styles and
 * the uPlot charting library, all from the jar), {@code /api/v1/run} and {@code
 * /api/v1/series?since=STEP}, read from a {@link RunHistory}. GET only: nothing here changes the
 * run. Answered as {@link PageAnswers} says, under its strict Content-Security-Policy.
 */
public final class LivePage implements Page {

  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final Pattern STEP = Pattern.compile("\\d{1,18}");

  private static final Map<String, Asset> ASSETS = Map.of(
      "/", asset(OWN + "index.html", "text/html; charset=utf-8"),
      "/static/live.js", asset(OWN + "live.js", "text/javascript; charset=utf-8"),
      "/static/base.css", asset(OWN + "base.css", "text/css; charset=utf-8"),
      "/static/live.css", asset(OWN + "live.css", "text/css; charset=utf-8"),
      "/static/uPlot.iife.min.js", asset(UPLOT + "uPlot.iife.min.js",
          "text/javascript; charset=utf-8"),
      "/static/uPlot.min.css", asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

  private final RunHistory history;

  public LivePage(RunHistory history) {
    this.history = history;
  }

  @Override
  public boolean handle(HttpExchange exchange, String path) throws IOException {
    Asset asset = ASSETS.get(path);
    boolean series = path.equals("/api/v1/series");
    if (asset == null && !series && !path.equals("/api/v1/run")) {
      return false;
    }
    if (refused(exchange, path, series)) {
      return true;
    }
    if (asset != null) {
      send(exchange, asset);
    } else if (!series) {
      json(exchange, history.run());
    } else {
      String query = exchange.getRequestURI().getRawQuery();
      Long since = since(query);
      if (since == null) {
        error(exchange, 400, "since: '" + (query == null ? "" : query) + "' is not allowed;"
            + " allowed: since=STEP with STEP a step number from 0 to 999999999999999999, or"
            + " no query for the whole history");
      } else {
        json(exchange, history.series(since));
      }
    }
    return true;
  }

  /** 0 when absent; null when malformed. */
  private static Long since(String query) {
    if (query == null || query.isEmpty()) {
      return 0L;
    }
    if (!query.startsWith("since=") || !STEP.matcher(query.substring(6)).matches()) {
      return null;
    }
    return Long.parseLong(query.substring(6));
  }
}
