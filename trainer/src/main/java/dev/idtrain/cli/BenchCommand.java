package dev.idtrain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.bench.Benchmark;
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

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Benchmark benchmark = new Benchmark(options.load(), json ? null : System.out);
    Map<String, Object> out = soak > 0
        ? benchmark.soak(soak)
        : benchmark.measure(new Benchmark.Plan(steps, pairs, scrapers, browser));
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      out.forEach((key, value) -> System.out.printf(Locale.ROOT, "%-28s %s%n", key,
          value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : value));
    }
    return 0;
  }
}
