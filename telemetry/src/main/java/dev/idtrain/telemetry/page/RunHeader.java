package dev.idtrain.telemetry.page;

import dev.idtrain.event.RunInfo;
import java.util.List;

/**
 * {@code GET /api/v1/run}: what the run is, its state and latest figures, its configuration.
 * Figures not known yet are NaN (null in JSON).
 *
 * @param state {@code starting} until the run reports itself, then {@code running},
 *     {@code stopped} or {@code failed}
 * @param reason why it is in that state, as the run gave it
 * @param step the step it reached; null before the first
 * @param stepsPerS measured over windows of at least {@value RunHistory#RATE_WINDOW_SECONDS} s of
 *     the run's time
 * @param precision the precision of its matrix products as resolved ({@code fp32}, {@code bf16})
 * @param reference the paper's row and figures for its configuration
 * @param process the generative process: {@code sphere} or {@code sprites}
 * @param factors the factors its probes decode, in the order of the probes' factor columns
 * @param pixelBaseline per factor, the raw-pixel decoder's correlation; NaN until measured
 * @param config every key, the ones the run changed first
 */
public record RunHeader(String run, String objective, String state, String reason, Long step,
    long samples, double stepsPerS, double loss, double elapsedS, double uptimeS, String device,
    String precision, String version, int dim, int classes, int instances, String conditional,
    double kappa, RunInfo.Reference reference, String process, List<String> factors,
    double[] pixelBaseline, long probes, long probeFailures, long checkpoints,
    long rollbacks, List<ConfigEntry> config) {}
