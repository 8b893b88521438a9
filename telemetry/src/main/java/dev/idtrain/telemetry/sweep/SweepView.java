package dev.idtrain.telemetry.sweep;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/sweep}: the sweep's name, its runs per state, and one row per run.
 *
 * @param counts runs per state, every state listed
 */
public record SweepView(String sweep, Map<String, Long> counts, List<SweepRow> runs) {}
