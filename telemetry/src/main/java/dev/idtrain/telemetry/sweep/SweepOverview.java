package dev.idtrain.telemetry.sweep;

import static dev.idtrain.telemetry.http.PageAnswers.OWN;
import static dev.idtrain.telemetry.http.PageAnswers.asset;
import static dev.idtrain.telemetry.http.PageAnswers.json;
import static dev.idtrain.telemetry.http.PageAnswers.refused;
import static dev.idtrain.telemetry.http.PageAnswers.send;

import com.sun.net.httpserver.HttpExchange;
import dev.idtrain.telemetry.http.Page;
import dev.idtrain.telemetry.http.PageAnswers.Asset;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A sweep's overview: {@code /} (one line per run, linking to each live run's own page), its
 * script and styles under {@code /static/}, and {@code /api/v1/sweep}, read from the rows the
 * sweep supplies on each request. GET only, under the same policy as the live page.
 */
public final class SweepOverview implements Page {

  private static final Map<String, Asset> ASSETS = Map.of(
      "/", asset(OWN + "sweep.html", "text/html; charset=utf-8"),
      "/static/sweep.js", asset(OWN + "sweep.js", "text/javascript; charset=utf-8"),
      "/static/base.css", asset(OWN + "base.css", "text/css; charset=utf-8"),
      "/static/sweep.css", asset(OWN + "sweep.css", "text/css; charset=utf-8"));

  private final String sweep;
  private final Supplier<List<SweepRow>> rows;

  public SweepOverview(String sweep, Supplier<List<SweepRow>> rows) {
    this.sweep = sweep;
    this.rows = rows;
  }

  @Override
  public boolean handle(HttpExchange exchange, String path) throws IOException {
    Asset asset = ASSETS.get(path);
    boolean api = path.equals("/api/v1/sweep");
    if (asset == null && !api) {
      return false;
    }
    if (!refused(exchange, path, false)) {
      if (asset != null) {
        send(exchange, asset);
      } else {
        json(exchange, answer(rows.get()));
      }
    }
    return true;
  }

  private SweepView answer(List<SweepRow> runs) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (SweepRow.State state : SweepRow.State.values()) {
      counts.put(state.label(), runs.stream().filter(r -> r.state() == state).count());
    }
    return new SweepView(sweep, counts, runs);
  }
}
