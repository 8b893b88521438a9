package dev.idtrain.telemetry;

import static dev.idtrain.telemetry.PageAnswers.OWN;
import static dev.idtrain.telemetry.PageAnswers.asset;
import static dev.idtrain.telemetry.PageAnswers.json;
import static dev.idtrain.telemetry.PageAnswers.refused;
import static dev.idtrain.telemetry.PageAnswers.send;

import com.sun.net.httpserver.HttpExchange;
import dev.idtrain.telemetry.PageAnswers.Asset;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A sweep's overview: {@code /} (one line per run, linking to each live run's own page), its
 * script and styles under {@code /static/}, and {@code /api/v1/sweep}, read from the rows the
 * sweep supplies on each request. GET only, under the same policy as the live page.
 */
final class SweepOverview implements Page {

  private static final Map<String, Asset> ASSETS = Map.of(
      "/", asset(OWN + "sweep.html", "text/html; charset=utf-8"),
      "/static/sweep.js", asset(OWN + "sweep.js", "text/javascript; charset=utf-8"),
      "/static/base.css", asset(OWN + "base.css", "text/css; charset=utf-8"),
      "/static/sweep.css", asset(OWN + "sweep.css", "text/css; charset=utf-8"));

  private final String sweep;
  private final Supplier<List<SweepRow>> rows;

  SweepOverview(String sweep, Supplier<List<SweepRow>> rows) {
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

  private Map<String, Object> answer(List<SweepRow> runs) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (SweepRow.State state : SweepRow.State.values()) {
      counts.put(state.label(), runs.stream().filter(r -> r.state() == state).count());
    }
    List<Map<String, Object>> lines = new ArrayList<>(runs.size());
    for (SweepRow r : runs) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("index", r.index());
      line.put("run", r.run());
      line.put("point", r.point());
      line.put("state", r.state().label());
      line.put("step", r.step());
      line.put("steps", r.steps());
      line.put("steps_per_s", r.stepsPerS());
      line.put("r2", r.r2());
      line.put("cluster_r2", r.clusterR2());
      line.put("probe_step", r.probeStep());
      line.put("paper_r2", r.paperR2());
      line.put("page", r.page());
      lines.add(line);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sweep", sweep);
    body.put("counts", counts);
    body.put("runs", lines);
    return body;
  }
}
