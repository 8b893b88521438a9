package dev.idtrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineRateTest {
  @Test
  void theEncodersWeightMatricesAreTimedApartFromTheHead() {
    Config config = ConfigLoader.load(null, List.of("dgp.conditionPool=200",
        "train.objective=diet", "dgp.instances=1000"));
    EngineRate.WeightMatrices weights = EngineRate.weightMatrices(config, Device.cpu());

    // d = 5, H = 6: d -> 10d -> 50d x 4 -> 10d -> d, each Linear's weight out x in.
    assertThat(weights.encoder()).containsExactly(new Shape(50, 5), new Shape(250, 50),
        new Shape(250, 250), new Shape(250, 250), new Shape(250, 250), new Shape(50, 250),
        new Shape(5, 50));
    assertThat(weights.head()).containsExactly(new Shape(1000, 5));
    // Every product forward and twice backward, but for the gradient of the data (5 x 50).
    assertThat(Architecture.of(config).gflopPerStep(256)).as("the count from the configuration alone")
        .isCloseTo(6.0 * 256 * (250 + 12_500 + 3 * 62_500 + 12_500 + 250 + 5000) / 1e9 - 2.0 * 256 * 250 / 1e9,
            org.assertj.core.data.Offset.offset(1e-12))
        .isCloseTo(EngineRate.gflopPerStep(weights.encoder(), 256) + EngineRate.gflopPerStep(weights.head(), 256)
            - 2.0 * 256 * 250 / 1e9, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void productsAtTheirShapesRunAtAFiniteRate() {
    double gflops = EngineRate.productGflops(List.of(new Shape(64, 32)), 128, Device.cpu());
    assertThat(gflops).isPositive().isFinite();
  }
}
