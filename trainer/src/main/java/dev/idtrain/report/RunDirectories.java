package dev.idtrain.report;

import com.fasterxml.jackson.core.JacksonException;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigException;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.run.ProbeRow;
import dev.idtrain.run.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and reads run directories: each path given is a run directory (it holds config.yaml)
 * or a directory of them, such as a sweep's. Anything else is refused, naming the path.
 */
final class RunDirectories {
  static final String CONFIG = "config.yaml";
  static final String PROBES = "probes.csv";

  private RunDirectories() {}

  static List<RecordedRun> read(List<Path> paths) {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path path : paths) {
      dirs.addAll(runDirectories(path));
    }
    List<RecordedRun> runs = new ArrayList<>();
    for (Path dir : dirs) {
      runs.add(read(dir));
    }
    return runs;
  }

  private static List<Path> runDirectories(Path path) {
    if (!Files.isDirectory(path)) {
      throw new ReportInputException(path + ": not a directory");
    }
    if (isRun(path)) {
      return List.of(real(path));
    }
    List<Path> runs;
    try (Stream<Path> children = Files.list(path)) {
      runs = children.filter(RunDirectories::isRun).sorted().map(RunDirectories::real).toList();
    } catch (IOException e) {
      throw new ReportInputException(path + ": cannot list (" + e + ")");
    }
    if (runs.isEmpty()) {
      throw new ReportInputException(path + ": not a run directory (no " + CONFIG
          + ") and holds no run directories");
    }
    return runs;
  }

  private static boolean isRun(Path dir) {
    return Files.isDirectory(dir) && Files.exists(dir.resolve(CONFIG));
  }

  /** The same run given twice (directly and through its sweep, say) counts once. */
  private static Path real(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new ReportInputException(dir + ": cannot resolve (" + e + ")");
    }
  }

  private static RecordedRun read(Path dir) {
    Path configFile = dir.resolve(CONFIG);
    Config config;
    try {
      config = ConfigLoader.fromYaml(Files.readString(configFile, StandardCharsets.UTF_8),
          "the file");
    } catch (IOException e) {
      throw new ReportInputException(configFile + ": cannot read (" + e + ")");
    } catch (ConfigException e) {
      throw new ReportInputException(configFile + ": " + e.getMessage());
    }
    Path probesFile = dir.resolve(PROBES);
    if (!Files.exists(probesFile)) {
      throw new ReportInputException(dir + ": not a run directory (no " + PROBES + ")");
    }
    List<ProbeRow> probes = ProbesCsv.read(probesFile);
    long lastProbe = probes.isEmpty() ? 0 : probes.get(probes.size() - 1).step();
    RunSummary summary;
    try {
      summary = RunSummary.read(dir).orElse(null);
    } catch (IOException e) {
      String why = e instanceof JacksonException json ? json.getOriginalMessage() : e.getMessage();
      throw new ReportInputException(dir.resolve(RunSummary.FILE) + ": cannot read ("
          + String.valueOf(why).lines().findFirst().orElse("") + ")");
    }
    return summary == null
        ? new RecordedRun(dir, config, probes, "unfinished", lastProbe, null, List.of())
        : new RecordedRun(dir, config, probes, summary.state(), summary.steps(),
            summary.provenance(), Objects.requireNonNullElse(summary.pixelBaseline(), List.of()));
  }
}
