package dev.idtrain.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.idtrain.telemetry.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The manifests that run a sweep as a Kubernetes Indexed Job: the grid as a ConfigMap, a shared
 * volume for the run directories, and the Job, one completion per run. Filled in from the
 * template {@code kubernetes.yaml} beside this class.
 */
final class KubernetesManifests {
  /** Where a pod finds the grid (the ConfigMap) and writes the run directories (the volume). */
  static final String GRID = "/etc/idtrain/grid.yaml";
  static final String RUNS = "/var/lib/idtrain/sweeps";
  static final int METRICS_PORT = 9404;

  private KubernetesManifests() {}

  /** @param options the sweep's {@code --set} and {@code --steps}, for every pod */
  static String of(GridFile grid, String gridText, String gridRef, int completions, int parallelism,
      List<String> options) {
    List<String> args = new ArrayList<>(List.of("sweep", "--grid", GRID,
        "--index", "$(" + Sweep.INDEX_ENV + ")", "--out", RUNS + "/" + grid.name(),
        "--set", "telemetry.bind=0.0.0.0", "--set", "telemetry.port=" + METRICS_PORT));
    args.addAll(options);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", grid.name());
    values.put("completions", Integer.toString(completions));
    values.put("parallelism", Integer.toString(Math.min(parallelism, completions)));
    values.put("gridRef", gridRef);
    values.put("options", " --workers " + parallelism
        + (options.isEmpty() ? "" : " " + String.join(" ", options)));
    values.put("args", json(args));
    // Last: the grid's own text is not searched for placeholders.
    values.put("grid", gridText.lines().map(line -> line.isBlank() ? "" : "    " + line)
        .collect(Collectors.joining("\n")));
    return Template.fill("kubernetes.yaml", values);
  }

  /** A JSON array is a YAML flow sequence, quoted where YAML needs it. */
  private static String json(List<String> args) {
    try {
      return Json.MAPPER.writeValueAsString(args);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
