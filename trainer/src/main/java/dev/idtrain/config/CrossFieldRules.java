package dev.idtrain.config;

/** Limits that depend on two keys at once, checked after each key is in its own range. */
final class CrossFieldRules {
  private CrossFieldRules() {}

  static void check(Config c) {
    if (c.dgp().instances() < c.dgp().classes()) {
      throw ConfigException.invalid("dgp.instances", c.dgp().instances(),
          "at least dgp.classes (" + c.dgp().classes() + "), so every class has an instance");
    }
    if (c.train().lrSchedule() == LrSchedule.COSINE && c.train().horizonSteps() <= c.train().warmupSteps()) {
      throw ConfigException.invalid("train.horizonSteps", c.train().horizonSteps(),
          "more than train.warmupSteps (" + c.train().warmupSteps() + ") with the cosine schedule");
    }
    int minSamples = 4 * (c.dgp().dim() + 2);
    if (c.probe().samples() < minSamples) {
      throw ConfigException.invalid("probe.samples", c.probe().samples(),
          "at least " + minSamples + " (each half must over-determine a " + c.dgp().dim()
              + "-dimensional affine fit)");
    }
  }
}
