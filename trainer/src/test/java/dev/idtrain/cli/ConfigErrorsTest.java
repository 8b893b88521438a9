package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refused configuration: exit code 2, one line on stderr naming the key (or the file),
 * and no run directory. Each row is the offending input and what the message must name.
 */
class ConfigErrorsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --set dgp.dims=5                      | dgp.dims: unknown key
      --set nosuch.section=1                | nosuch.section: unknown key
      --set seed=1                          | seed: unknown key
      --set dgp.dim=abc                     | dgp.dim: 'abc' is not allowed; allowed: integer in [2, 64]
      --set dgp.dim=1                       | dgp.dim: 1 is not allowed
      --set dgp.dim=65                      | dgp.dim: 65 is not allowed
      --set dgp.dim=5.5                     | dgp.dim: '5.5' is not allowed
      --set dgp.classes=1                   | dgp.classes: 1 is not allowed
      --set dgp.instances=50                | dgp.instances: 50 is not allowed; allowed: at least dgp.classes
      --set dgp.kappa=0                     | dgp.kappa: 0.0 is not allowed; allowed: number in (0, 10000]
      --set dgp.kappa=-3                    | dgp.kappa: -3.0 is not allowed
      --set dgp.kappa=NaN                   | dgp.kappa: 'NaN' is not allowed
      --set dgp.conditional=cauchy          | dgp.conditional: 'cauchy' is not allowed; allowed: one of vmf, laplace, normal
      --set dgp.marginal=VMF                | dgp.marginal: 'VMF' is not allowed; allowed: one of uniform, laplace, normal
      --set dgp.conditionQuantile=1.5       | dgp.conditionQuantile: 1.5 is not allowed; allowed: number in [0, 1]
      --set model.normalizeRows=maybe       | model.normalizeRows: 'maybe' is not allowed; allowed: true or false
      --set model.hiddenLayers=1            | model.hiddenLayers: 1 is not allowed
      --set train.objective=simclr          | train.objective: 'simclr' is not allowed; allowed: one of supervised, diet
      --set train.batchSize=1               | train.batchSize: 1 is not allowed
      --set train.learningRate=0            | train.learningRate: 0.0 is not allowed
      --set train.learningRate=fast         | train.learningRate: 'fast' is not allowed
      --set train.device=tpu                | train.device: 'tpu' is not allowed; allowed: auto, cpu, gpu or gpu:N
      --set train.device=gpu:0              | train.device: 'gpu:0' is not available
      --set train.rollbackLrFactor=1        | train.rollbackLrFactor: 1.0 is not allowed; allowed: number in (0, 1)
      --set train.prefetchBatches=0         | train.prefetchBatches: 0 is not allowed
      --set probe.every=0                   | probe.every: 0 is not allowed
      --set probe.samples=10                | probe.samples: 10 is not allowed
      --set telemetry.port=70000            | telemetry.port: 70000 is not allowed; allowed: integer in [0, 65535]
      --set telemetry.bind=not/a/host       | telemetry.bind: 'not/a/host' is not allowed
      --set checkpoint.keep=0               | checkpoint.keep: 0 is not allowed
      --set run.id=../escape                | run.id: '../escape' is not allowed
      --set run.seed=-1                     | run.seed: -1 is not allowed
      --set dgp.kind=cube                   | dgp.kind: 'cube' is not allowed; allowed: one of sphere, sprites
      --set dgp.continuous=true             | dgp.continuous: applies to dgp.kind=sprites only
      --set probe.pixelBaseline=false       | probe.pixelBaseline: applies to dgp.kind=sprites only
      --set model.encoder=cnn               | model.encoder: applies to dgp.kind=sprites only
      yaml:dgp: {kind: sprites}\\nmodel: {encoder: resnet} | model.encoder: 'resnet' is not allowed; allowed: one of mlp, cnn
      yaml:dgp:\\n  kind: sprites\\n  dim: 3 | dgp.dim: applies to dgp.kind=sphere only
      yaml:dgp: {kind: sprites}\\ntrain: {objective: diet} | train.objective: 'diet' is not allowed; allowed: supervised with dgp.kind=sprites
      yaml:dgp: {kind: sprites}\\nprobe: {samples: 2000} | probe.samples: 2000 is not allowed; allowed: at least 2056
      --set dgp.dim                         | --set: 'dgp.dim' is not key=value
      --config missing.yaml                 | --config: cannot read
      yaml:dgp: [1, 2                       | is not valid YAML
      yaml:- just a list                    | must be a mapping of sections
      yaml:dgp:\\n  dim: {a: 1}              | dgp.dim.a: unknown key
      yaml:train:\\n  batchSize: [1, 2]      | train.batchSize: '[1,2]' is not allowed
      yaml:model:\\n  hiddenLayers: null     | model.hiddenLayers: 'null' is not allowed
      yaml:dgp:\\n  dim: 5\\n  dim: 7       | config.yaml: line 3: dgp.dim is given twice; allowed: each key once
      yaml:dgp:\\n  dim: 5\\ndgp:\\n  kappa: 3 | config.yaml: line 3: dgp is given twice
      yaml:dgp:\\n  dim: &d 5\\n  classes: *d | config.yaml: line 3: dgp.classes: alias *d is not allowed
      yaml:dgp: &s {dim: 5}\\nmodel: *s     | config.yaml: line 2: model: alias *s is not allowed
      yaml:huge                             | config.yaml is 1048577 bytes; allowed: at most 1048576 (1 MiB)
      """)
  void isRefusedBeforeAnythingIsWritten(String input, String message) throws IOException {
    Path runDir = dir.resolve("run");
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args(input, runDir));
    assertThat(code).isEqualTo(ExitCode.REFUSED.code);
    assertThat(err.toString()).startsWith("idtrain: ").contains(message)
        .as("one line").hasLineCount(1);
    assertThat(runDir).doesNotExist();
  }

  private String[] args(String input, Path runDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", "--steps", "1", "--run-dir", runDir.toString()));
    if (input.startsWith("yaml:")) {
      Path file = dir.resolve("config.yaml");
      String yaml = input.substring("yaml:".length()).replace("\\n", "\n");
      Files.writeString(file, yaml.equals("huge") ? "#".repeat(1 << 20) + "\n" : yaml);
      args.addAll(List.of("--config", file.toString()));
    } else if (input.startsWith("--config ")) {
      args.addAll(List.of("--config", dir.resolve(input.substring("--config ".length())).toString()));
    } else {
      args.addAll(List.of(input.split(" ", 2)));
    }
    return args.toArray(String[]::new);
  }
}
