package dev.idtrain.cli;

import dev.idtrain.telemetry.json.Json;
import dev.idtrain.bench.Benchmark;
import dev.idtrain.config.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code idtrain bench}: see {@link Benchmark}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure pipeline vs bare-step throughput, sampler capacity, probe and telemetry cost, memory.")
final class BenchCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--steps", paramLabel = "N", description = "Steps per measured phase (default ${DEFAULT-VALUE}).")
  int steps = 300;

  @Option(names = "--pairs", paramLabel = "P",
      description = "Rounds of bare step, pipeline without and with the metrics endpoint (default ${DEFAULT-VALUE}).")
  int pairs = 3;

  @Option(names = "--scrapers", paramLabel = "C",
      description = "Also alternate phases with C clients hammering /metrics against phases without (default: none).")
  int scrapers;

  @Option(names = "--browser",
      description = "Also alternate phases with a headless chromium showing the live page against phases without.")
  boolean browser;

  @Option(names = "--soak", paramLabel = "STEPS",
      description = "Instead: one run of STEPS steps, reporting resident memory as it goes.")
  long soak;

  @Option(names = "--time-to-r2", paramLabel = "R",
      description = "Instead: train until the median R² of the last 4 probes reaches R, in (0, 1).")
  double timeToR2;

  @Option(names = "--give-up-after", paramLabel = "SECONDS",
      description = "With --time-to-r2: stop trying after this long (default ${DEFAULT-VALUE}).")
  double giveUpAfter = 900;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (timeToR2 != 0 && !(timeToR2 > 0 && timeToR2 < 1)) {
      throw ConfigException.invalid("--time-to-r2", timeToR2, "number in (0, 1)");
    }
    if (!(giveUpAfter > 0)) {
      throw ConfigException.invalid("--give-up-after", giveUpAfter, "number of seconds > 0");
    }
    Benchmark benchmark = new Benchmark(options.load(), json ? null : System.out);
    Map<String, Object> out = timeToR2 > 0 ? benchmark.timeToR2(timeToR2, giveUpAfter)
        : soak > 0 ? benchmark.soak(soak)
        : benchmark.measure(new Benchmark.Plan(steps, pairs, scrapers, browser));
    if (Boolean.FALSE.equals(out.get("reached"))) {
      System.err.printf(Locale.ROOT, "idtrain: gave up: the median R² of the last %s probes did not reach %s"
          + " within %s s%n", out.get("window_probes"), timeToR2, giveUpAfter);
    }
    if (json) {
      System.out.println(Json.MAPPER.writeValueAsString(out));
    } else {
      out.forEach((key, value) -> System.out.printf(Locale.ROOT, "%-28s %s%n", key,
          value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : value));
    }
    return ExitCode.OK.code;
  }
}
