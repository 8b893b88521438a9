package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals of {@code idtrain sweep}: exit 2, one line naming what is wrong, nothing written. */
class SweepCommandTest {
  @TempDir Path dir;

  private int sweep(StringWriter err, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "sweep";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.execute(new PrintWriter(err, true), all);
  }

  @Test
  void anInvalidPointIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.yaml"), """
        name: bad
        seeds: 2
        points:
          - {dgp.dim: 5}
          - {label: odd, model.hiddenLayers: 1}
        """);
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    assertThat(sweep(err, "--grid", grid.toString(), "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("idtrain: grid bad, point 2 (model.hiddenLayers=1 run.seed=0):"
        + " model.hiddenLayers: 1 is not allowed; allowed: integer in [2, 64]\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void anIndexOutsideTheGridIsRefused() throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.yaml"), "name: two\nseeds: 2\n");
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    assertThat(sweep(err, "--grid", grid.toString(), "--out", out.toString(), "--index", "2")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("idtrain: --index: 2 is not allowed; allowed: an integer in"
        + " [0, 1] (the grid has 2 runs)\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void slurmOptionsWithoutSlurmAreRefused() throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.yaml"), "name: two\nseeds: 2\n");
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    assertThat(sweep(err, "--grid", grid.toString(), "--out", out.toString(), "--time", "1:00:00")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("idtrain: --time: allowed only with --slurm\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void anOverviewPortInUseIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.yaml"), "name: two\nseeds: 2\n");
    Path out = dir.resolve("out");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      StringWriter err = new StringWriter();
      assertThat(sweep(err, "--grid", grid.toString(), "--out", out.toString(),
          "--port", Integer.toString(port))).isEqualTo(2);
      assertThat(err.toString()).isEqualTo("idtrain: --port: " + port + " on 127.0.0.1 is already"
          + " in use; allowed: a free port, or 0 for any free port\n");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingGridFileIsRefused() {
    StringWriter err = new StringWriter();
    assertThat(sweep(err, "--grid", dir.resolve("none.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("idtrain: --grid: cannot read ").contains("allowed: a grid file or 'paper'");
  }
}
