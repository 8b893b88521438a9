package dev.idtrain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheDesignDefaults() {
    Config c = ConfigLoader.defaults();
    assertThat(c.run().seed()).isZero();
    assertThat(c.dgp()).isEqualTo(new Config.Dgp(DgpKind.SPHERE, false, 5, 100, 10240, Marginal.UNIFORM, 1.0,
        Conditional.VMF, 10, 1.0, 4, 0.0, 25000));
    assertThat(c.model()).isEqualTo(new Config.Model(6, Encoder.MLP, false, false, false, 1.0, false));
    assertThat(c.train().objective()).isEqualTo(Objective.SUPERVISED);
    assertThat(c.train().batchSize()).isEqualTo(1024);
    assertThat(c.train().learningRate()).isEqualTo(1e-3);
    assertThat(c.train().device()).isEqualTo("auto");
    assertThat(c.train().prefetchBatches()).isEqualTo(4);
    assertThat(c.probe()).isEqualTo(new Config.Probe(250, 8192, true));
    assertThat(c.telemetry()).isEqualTo(new Config.Telemetry(true, "127.0.0.1", 9404, 30));
  }

  @Test
  void withChangesTheOverriddenKeysOnly() {
    Config base = ConfigLoader.load(null, List.of("train.objective=diet", "dgp.instances=1000",
        "train.learningRate=3e-3", "dgp.kappa=50"));
    Config twin = ConfigLoader.with(base, List.of("train.objective=supervised"));
    assertThat(twin.train().objective()).isEqualTo(Objective.SUPERVISED);
    assertThat(twin.train().learningRate()).isEqualTo(3e-3);
    assertThat(twin.run()).isEqualTo(base.run());
    assertThat(twin.dgp()).isEqualTo(base.dgp());
    assertThat(twin.model()).isEqualTo(base.model());
    assertThat(twin.probe()).isEqualTo(base.probe());
  }

  @Test
  void noiseScaleDefaultsToKappaOverTen() {
    assertThat(ConfigLoader.load(null, List.of("dgp.kappa=50")).dgp().noiseScale()).isEqualTo(5.0);
    assertThat(ConfigLoader.load(null, List.of("dgp.kappa=50", "dgp.noiseScale=0.3")).dgp().noiseScale())
        .isEqualTo(0.3);
  }

  @Test
  void fileThenOverridesLaterWins() throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "dgp:\n  dim: 10\n  conditional: laplace\ntrain:\n  objective: diet\n");
    Config c = ConfigLoader.load(file, List.of("dgp.dim=20", "dgp.dim=7"));
    assertThat(c.dgp().dim()).isEqualTo(7);
    assertThat(c.dgp().conditional()).isEqualTo(Conditional.LAPLACE);
    assertThat(c.train().objective()).isEqualTo(Objective.DIET);
  }

  @Test
  void resolvedYamlRoundTrips() throws IOException {
    Config c = ConfigLoader.load(null, List.of("dgp.kappa=5", "model.normalizeRows=true", "run.seed=3"));
    Path file = dir.resolve("resolved.yaml");
    Files.writeString(file, ConfigView.toYaml(c));
    assertThat(ConfigLoader.load(file, List.of())).isEqualTo(c);
  }

  @Test
  void runIdIsReadableAndFollowsOnlyTheExperiment() {
    Config base = ConfigLoader.defaults();
    assertThat(base.run().id()).matches("supervised-d5-k100-vmf10-s0-[0-9a-f]{6}");
    assertThat(ConfigLoader.load(null, List.of("telemetry.port=9999", "probe.every=10")).run().id())
        .isEqualTo(base.run().id());
    assertThat(ConfigLoader.load(null, List.of("model.hiddenLayers=3")).run().id())
        .isNotEqualTo(base.run().id());
    assertThat(ConfigLoader.load(null, List.of("run.id=mine")).run().id()).isEqualTo("mine");
  }

  /**
   * The sphere's run ids are what they were before the process became a key, so that committed
   * run records and run directories keep their names: this is the paper grid's first run, whose
   * record is committed under docs/reproduction/paper.
   */
  @Test
  void aSphereRunKeepsTheIdItHadBeforeTheProcessWasAKey() {
    assertThat(ConfigLoader.load(null, List.of("train.learningRate=1e-2", "train.lrSchedule=cosine",
        "train.horizonSteps=3000", "dgp.dim=5", "dgp.classes=100", "dgp.conditional=vmf",
        "dgp.kappa=10")).run().id()).isEqualTo("supervised-d5-k100-vmf10-s0-115d67");
    assertThat(ConfigLoader.load(null, List.of("dgp.kind=sphere")).run().id())
        .isEqualTo(ConfigLoader.defaults().run().id());
  }

  @Test
  void aSpritesRunIsNamedForItsProcessAndHasTheShapesAsClasses() {
    Config sprites = ConfigLoader.load(null, List.of("dgp.kind=sprites"));
    assertThat(sprites.run().id()).matches("supervised-sprites-s0-[0-9a-f]{6}");
    assertThat(ConfigLoader.load(null, List.of("dgp.kind=sprites", "dgp.continuous=true")).run().id())
        .matches("supervised-sprites-continuous-s0-[0-9a-f]{6}");
    Architecture mlp = Architecture.of(sprites);
    assertThat(mlp.widths()).containsExactly(4096L, 512L, 512L, 512L);
    assertThat(mlp.headRows()).isEqualTo(3);
    assertThat(mlp.features()).isEqualTo(512);
    assertThat(mlp.inputs()).isEqualTo(4096);
    // Its config.yaml, every key resolved (dgp.noiseScale to κ/10), reads back as the same run.
    assertThat(ConfigLoader.fromYaml(ConfigView.toYaml(sprites), "the file")).isEqualTo(sprites);
  }

  /**
   * The CNN: four 4 × 4 convolutions of stride 2 take the 64 × 64 image to 64 channels of 4 × 4,
   * flattened to 1024, then Linear(512); its run id says so, while the default MLP named
   * explicitly keeps the id it had before the key existed.
   */
  @Test
  void theSpritesCnnHalvesTheImageFourTimesAndIsNamedInTheRunId() {
    Config cnn = ConfigLoader.load(null, List.of("dgp.kind=sprites", "model.encoder=cnn"));
    assertThat(cnn.run().id()).matches("supervised-sprites-cnn-s0-[0-9a-f]{6}");
    assertThat(ConfigLoader.load(null, List.of("dgp.kind=sprites", "model.encoder=mlp")).run().id())
        .isEqualTo(ConfigLoader.load(null, List.of("dgp.kind=sprites")).run().id());
    Architecture architecture = Architecture.of(cnn);
    assertThat(architecture.convolutions()).containsExactly(new Architecture.Convolution(1, 32, 32),
        new Architecture.Convolution(32, 32, 16), new Architecture.Convolution(32, 64, 8),
        new Architecture.Convolution(64, 64, 4));
    assertThat(architecture.widths()).containsExactly(1024L, 512L);
    assertThat(architecture.inputs()).isEqualTo(4096);
    assertThat(architecture.features()).isEqualTo(512);
    // Per sample: 32² · 32 · 16 + 16² · 32 · 512 + 8² · 64 · 512 + 4² · 64 · 1024 kernel
    // multiply-adds, 1024 · 512 for the Linear, 512 · 3 for the head.
    assertThat(architecture.multiplyAdds())
        .isEqualTo(524_288L + 4_194_304 + 2_097_152 + 1_048_576 + 524_288 + 1536);
    assertThat(ConfigLoader.fromYaml(ConfigView.toYaml(cnn), "the file")).isEqualTo(cnn);
  }

  /** Laplace and normal conditionals use their noise scale (κ/10 unless set), not κ. */
  @Test
  void runIdNamesTheParameterTheConditionalUses() {
    assertThat(ConfigLoader.load(null, List.of("dgp.conditional=laplace")).run().id())
        .startsWith("supervised-d5-k100-laplace1-s0-");
    assertThat(ConfigLoader.load(null, List.of("dgp.conditional=normal", "dgp.noiseScale=0.5"))
        .run().id()).startsWith("supervised-d5-k100-normal0.5-s0-");
    assertThat(ConfigLoader.load(null, List.of("dgp.kappa=50")).run().id())
        .startsWith("supervised-d5-k100-vmf50-s0-");
  }

  @Test
  void errorsNameTheKeyTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("dgp.dims=5")))
        .hasMessageStartingWith("dgp.dims: unknown key; known keys: dgp.kind, dgp.continuous, dgp.dim");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("dgp.dim=abc")))
        .hasMessage("dgp.dim: 'abc' is not allowed; allowed: integer in [2, 64]");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("dgp.dim=1")))
        .hasMessage("dgp.dim: 1 is not allowed; allowed: integer in [2, 64]");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("train.learningRate=0")))
        .hasMessage("train.learningRate: 0.0 is not allowed; allowed: number in (0, 1000000]");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("dgp.conditional=cauchy")))
        .hasMessage("dgp.conditional: 'cauchy' is not allowed; allowed: one of vmf, laplace, normal");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("dgp.instances=50")))
        .hasMessageStartingWith("dgp.instances: 50 is not allowed; allowed: at least dgp.classes (100)");
  }
}
