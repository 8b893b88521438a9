package dev.idtrain.stream;

import dev.idtrain.dgp.Batch;

/** A batch with the time its sampler thread spent drawing it. */
record Sampled(Batch batch, double seconds) {}
