package dev.idtrain.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sweep run in a JVM of its own ({@code run}, exactly as a user starts it), its console
 * appended to a log file and read on the way for what the sweep shows: the metrics and live page
 * URLs, the step reached and the speed, and the end of training (a run that ended lingers to serve its final metrics;
 * it no longer needs its cores).
 */
final class Worker {
  private static final Pattern STARTED = Pattern.compile("(?:starting|resuming) at step (\\d+)");
  private static final Pattern STEP = Pattern.compile("^step (\\d+) +(?:([0-9.]+) steps/s)?");
  private static final Pattern METRICS = Pattern.compile("^metrics: (http://\\S+)$");
  private static final Pattern PAGE = Pattern.compile("^live page: (http://\\S+)$");
  private static final String LINGERING = "serving the final metrics";

  private final PointRun run;
  private final Process process;
  private final Thread reader;
  private volatile long firstStep = -1;
  private volatile long step;
  private volatile double stepsPerS = Double.NaN;
  private volatile String metricsUrl;
  private volatile String pageUrl;
  private volatile boolean trained;

  private Worker(PointRun run, Process process, Path log) throws IOException {
    this.run = run;
    this.process = process;
    Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    this.reader = new Thread(() -> follow(out), "sweep-run-" + run.point().index());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java [this JVM's options] -cp [this classpath] Main run ...} for {@code run}. */
  static Worker start(PointRun run, List<String> java, Path log) throws IOException {
    List<String> command = new ArrayList<>(java);
    command.addAll(run.prepare());
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    return new Worker(run, process, log);
  }

  private void follow(Writer out) {
    try (out; BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.write('\n');
        out.flush();
        read(line);
      }
    } catch (IOException e) {
      // the process went away mid-line: its exit code tells the rest
    }
  }

  private void read(String line) {
    Matcher m;
    if (firstStep < 0 && (m = STARTED.matcher(line)).find()) {
      firstStep = Long.parseLong(m.group(1));
      step = firstStep;
    } else if ((m = STEP.matcher(line)).find()) {
      step = Long.parseLong(m.group(1));
      if (m.group(2) != null) {
        stepsPerS = Double.parseDouble(m.group(2));
      }
    } else if ((m = METRICS.matcher(line)).find()) {
      metricsUrl = m.group(1);
    } else if ((m = PAGE.matcher(line)).find()) {
      pageUrl = m.group(1);
    } else if (line.startsWith(LINGERING)) {
      trained = true;
    }
  }

  PointRun run() {
    return run;
  }

  Process process() {
    return process;
  }

  /** Still training: alive and not lingering. */
  boolean training() {
    return process.isAlive() && !trained;
  }

  /** The step it reached, as far as its console said (every few seconds). */
  long step() {
    return step;
  }

  /** Steps it trained in this process, as far as its console said. */
  long stepsTrained() {
    return firstStep < 0 ? 0 : step - firstStep;
  }

  /** Its speed over the console's last progress interval; NaN before the first. */
  double stepsPerS() {
    return stepsPerS;
  }

  Optional<String> metricsUrl() {
    return Optional.ofNullable(metricsUrl);
  }

  /** Its live page, once its console named it. */
  Optional<String> pageUrl() {
    return Optional.ofNullable(pageUrl);
  }

  /** Asks the run to stop: SIGTERM, upon which it checkpoints, writes its summary and exits 0. */
  void stop() {
    process.destroy();
  }

  /** Waits for the console to be read to its end, once the process exited. */
  void drain() throws InterruptedException {
    reader.join();
  }
}
