package dev.idtrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A held-out set drawn and encoded a block at a time is the set drawn and encoded whole. */
class HeldOutEncoderTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "dgp.conditionPool=200,train.batchSize=256,probe.samples=1000",
      "dgp.conditionPool=200,train.batchSize=256,probe.samples=1000,dgp.conditional=laplace,"
          + "train.objective=diet,dgp.instances=1000",
      "dgp.conditionPool=200,train.batchSize=256,probe.samples=1000,dgp.conditional=normal",
      "dgp.kind=sprites,train.batchSize=64,probe.samples=2056"})
  void blocksMakeTheWholeSet(String variant) {
    Config config = ConfigLoader.load(null, List.of(variant.split(",")));
    DataGeneratingProcess dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    try (Learner learner = new Learner(config, Device.cpu())) {
      HeldOutEncoder.HeldOut set = new HeldOutEncoder(config, dgp, learner).encode(7);
      Batch whole = dgp.sample(7, Seeds.probe(config.run().seed(), 7), config.probe().samples());
      Encoded encoded = learner.encode(whole);
      assertThat(set.z()).isEqualTo(whole.z());
      assertThat(set.targets()).isEqualTo(learner.targets(whole));
      assertThat(set.labels()).isEqualTo(whole.label());
      assertThat(set.encoded().features()).isEqualTo(encoded.features());
      assertThat(set.encoded().predicted()).isEqualTo(encoded.predicted());
      assertThat(set.encoded().headRows()).isEqualTo(encoded.headRows());
    }
  }
}
