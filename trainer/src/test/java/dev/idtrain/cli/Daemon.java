package dev.idtrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real daemon in its own JVM, as a user starts it, with its output in a file. */
public final class Daemon implements AutoCloseable {
  /** A small experiment that steps quickly on two cores. */
  public static final List<String> SMALL = List.of("--set", "dgp.conditionPool=200", "--set",
      "train.batchSize=256", "--set", "probe.samples=1024", "--set", "probe.every=5");

  /** What the JVM says first, as it loads the Vector API that bin/idtrain adds too. */
  private static final String INCUBATOR_NOTE = "WARNING: Using incubator modules: jdk.incubator.vector";
  private static final Pattern STARTED = Pattern.compile("(starting|resuming) at step (\\d+)");

  private final Process process;
  private final Path output;

  private Daemon(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static Daemon start(Path output, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    return new Daemon(process, output);
  }

  public String output() throws IOException {
    return Files.readString(output);
  }

  /** What the daemon itself said: its output without the JVM's note, stripped. */
  public String said() throws IOException {
    return output().replace(INCUBATOR_NOTE, "").strip();
  }

  /** The step the daemon said it starts or resumes at; -1 before it said so. */
  public long startedAtStep() {
    try {
      Matcher m = STARTED.matcher(output());
      return m.find() ? Long.parseLong(m.group(2)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  public Process process() {
    return process;
  }

  /** Polls until {@code condition} holds; fails if the daemon exits or the deadline passes. */
  public void awaitWhileRunning(Duration deadline, BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + output());
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + deadline + ":\n" + output());
      }
      Thread.sleep(100);
    }
  }

  public int awaitExit(Duration deadline) throws Exception {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("daemon still running after " + deadline + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
