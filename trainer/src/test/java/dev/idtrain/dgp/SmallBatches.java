package dev.idtrain.dgp;

import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;

/** A small experiment for the engine's and the learner's tests: its config, and its batches. */
public final class SmallBatches {
  /** A small condition pool (the process builds in milliseconds) and a small batch. */
  public static final List<String> SMALL = List.of("dgp.conditionPool=200", "train.batchSize=256");

  private SmallBatches() {}

  /** The defaults, made small, with {@code overrides} on top. */
  public static Config config(String... overrides) {
    List<String> all = new ArrayList<>(SMALL);
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all);
  }

  /** Training batch {@code index} of {@code config}'s process. */
  public static Batch batch(Config config, long index) {
    DataGeneratingProcess dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    return dgp.sample(index, Seeds.batch(config.run().seed(), index), config.train().batchSize());
  }
}
