package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idtrain.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The printed batch script: its directives, the command each task runs, and the shell's reading of it. */
class SlurmScriptTest {

  @TempDir Path dir;

  @Test
  void thePaperGridBecomesAJobArrayWithOneTaskPerRun() throws Exception {
    Sweep sweep = Sweep.load(Grids.PAPER, List.of("train.batchSize=512"), 2000L, dir.resolve("paper"));
    String script = sweep.slurm(8, new SlurmScript("gpu", "04:00:00", "lab"));

    assertThat(script).startsWith("#!/bin/bash\n");
    assertThat(directives(script)).containsExactly(
        "--job-name=idtrain-paper",
        "--array=0-179%8",
        "--cpus-per-task=1",
        "--output=" + dir.resolve("paper/logs/slurm-%A_%a.out"),
        "--open-mode=append",
        "--signal=B:TERM@120",
        "--requeue",
        "--partition=gpu",
        "--time=04:00:00",
        "--account=lab");
    assertThat(dir.resolve("paper/logs")).isDirectory();

    // One kernel thread per CPU Slurm gives the task; the grid and directory the same for all.
    List<String> command = command(script);
    assertThat(command.get(0)).endsWith("java");
    assertThat(command).containsSequence("dev.idtrain.cli.Main", "sweep", "--grid", "paper",
        "--out", dir.resolve("paper").toString(), "--set", "train.threads=1",
        "--set", "train.batchSize=512", "--steps", "2000");
    assertThat(command).doesNotContain("--index");
  }

  @Test
  void theArrayIndexSelectsTheRunAndAGridFileIsNamedByItsAbsolutePath() throws Exception {
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, """
        name: tiny
        base:
          train.threads: 2
        axes:
          dgp.dim: [5, 10, 20]
        """);
    Sweep sweep = Sweep.load(grid.toString(), List.of(), null, dir.resolve("out"));
    String script = sweep.slurm(null, new SlurmScript(null, null, null));
    // Every run at once by default; the grid's own kernel threads set the CPUs.
    assertThat(directives(script)).contains("--array=0-2%3", "--cpus-per-task=2")
        .noneMatch(d -> d.startsWith("--partition") || d.startsWith("--time") || d.startsWith("--account"));
    assertThat(command(script)).containsSequence("--grid", grid.toAbsolutePath().toString())
        .doesNotContain("train.threads=1");

    for (int i = 0; i < 3; i++) {
      String task = Integer.toString(i);
      assertThat(sweep.indexed(null, Map.of(Sweep.SLURM_INDEX_ENV, task)::get).point().index()).isEqualTo(i);
    }
    // Kubernetes' variable wins where both are set, as --index wins over both.
    assertThat(sweep.indexed(null, Map.of(Sweep.INDEX_ENV, "1", Sweep.SLURM_INDEX_ENV, "2")::get)
        .point().index()).isEqualTo(1);
    assertThatThrownBy(() -> sweep.indexed(null, Map.of(Sweep.SLURM_INDEX_ENV, "3")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SLURM_ARRAY_TASK_ID: 3 is not allowed; allowed: an integer in [0, 2] (the grid has 3 runs)");
  }

  @Test
  void refusedWorkersWriteNothing() {
    Sweep sweep = Sweep.load(Grids.PAPER, List.of(), null, dir.resolve("paper"));
    assertThatThrownBy(() -> sweep.slurm(0, new SlurmScript(null, null, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--workers: 0 is not allowed; allowed: an integer >= 1");
    assertThat(dir.resolve("paper")).doesNotExist();
  }

  @Test
  void wordsTheShellWouldSplitAreQuoted() throws Exception {
    List<String> words = List.of("plain", "two words", "it's", "$HOME", "a;b");
    String line = String.join(" ", words.stream().map(SlurmScript::quoted).toList());
    Process echo = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + line).start();
    assertThat(echo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(echo.getInputStream().readAllBytes()).lines().toList()).isEqualTo(words);
  }

  private static List<String> directives(String script) {
    return script.lines().filter(l -> l.startsWith("#SBATCH ")).map(l -> l.substring(8)).toList();
  }

  /** The words of the script's exec line, as bash splits them. */
  private static List<String> command(String script) throws Exception {
    String exec = script.lines().filter(l -> l.startsWith("exec ")).reduce((a, b) -> b).orElseThrow();
    Process words = new ProcessBuilder("bash", "-c", "set -- " + exec.substring(5) + "; printf '%s\\0' \"$@\"").start();
    assertThat(words.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new ArrayList<>(Arrays.asList(new String(words.getInputStream().readAllBytes()).split("\0")));
  }
}
