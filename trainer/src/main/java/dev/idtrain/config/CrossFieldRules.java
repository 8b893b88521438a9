package dev.idtrain.config;

import java.util.Set;
import java.util.TreeSet;

/** Limits that depend on two keys at once, checked after each key is in its own range. */
final class CrossFieldRules {
  /** The keys of the sphere's process and encoder, which the sprites process has no use for. */
  private static final Set<String> SPHERE_ONLY = Set.of("dgp.dim", "dgp.classes", "dgp.instances",
      "dgp.marginal", "dgp.marginalScale", "dgp.conditional", "dgp.kappa", "dgp.noiseScale",
      "dgp.generatorLayers", "dgp.conditionQuantile", "dgp.conditionPool", "model.hiddenLayers");
  /** The keys only the sprites process uses. */
  private static final Set<String> SPRITES_ONLY = Set.of("dgp.continuous", "model.encoder",
      "probe.pixelBaseline");

  private CrossFieldRules() {}

  /**
   * Refuses a key set for a process that does not use it, rather than ignoring it; such a key
   * may still be given its default, as a resolved configuration written out gives every key.
   *
   * @param changed the keys given a value other than their default
   */
  static void checkKeys(DgpKind kind, Set<String> changed) {
    for (String key : new TreeSet<>(changed)) {
      if (kind == DgpKind.SPRITES && SPHERE_ONLY.contains(key)) {
        throw new ConfigException(key + ": applies to dgp.kind=sphere only; dgp.kind=sprites"
            + " draws dSprites' factors and renders them");
      }
      if (kind == DgpKind.SPHERE && SPRITES_ONLY.contains(key)) {
        throw new ConfigException(key + ": applies to dgp.kind=sprites only");
      }
    }
  }

  static void check(Config c) {
    if (c.dgp().instances() < c.dgp().classes()) {
      throw ConfigException.invalid("dgp.instances", c.dgp().instances(),
          "at least dgp.classes (" + c.dgp().classes() + "), so every class has an instance");
    }
    if (c.train().lrSchedule() == LrSchedule.COSINE && c.train().horizonSteps() <= c.train().warmupSteps()) {
      throw ConfigException.invalid("train.horizonSteps", c.train().horizonSteps(),
          "more than train.warmupSteps (" + c.train().warmupSteps() + ") with the cosine schedule");
    }
    if (c.dgp().kind() == DgpKind.SPRITES && c.train().objective() != Objective.SUPERVISED) {
      throw ConfigException.invalid("train.objective", "diet",
          "supervised with dgp.kind=sprites (the head classifies the sprite's shape)");
    }
    int features = Architecture.of(c).features();
    int minSamples = 4 * (features + 2);
    if (c.probe().samples() < minSamples) {
      throw ConfigException.invalid("probe.samples", c.probe().samples(),
          "at least " + minSamples + " (each half must over-determine a " + features
              + "-dimensional affine fit)");
    }
  }
}
