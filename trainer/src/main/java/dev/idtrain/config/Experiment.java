package dev.idtrain.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which keys make an experiment what it is, and the run id derived from them. */
public final class Experiment {
  /**
   * What a convergence check's point label adds to its point's: the run that trains one of the
   * point's seeds again at twice its budget.
   */
  public static final String CONVERGENCE_CHECK = "@2x";

  /** Keys added with the sprites process, left out of a sphere run's digest. */
  private static final Set<String> SPRITES_KEYS = Set.of("dgp.kind", "dgp.continuous");

  private Experiment() {}

  /**
   * Keys that define the experiment: a run directory's checkpoint only continues a run with the
   * same values; the others (telemetry, cadences, device) may change across restarts.
   */
  public static boolean definedBy(String key) {
    return key.equals("run.seed") || key.startsWith("dgp.") || key.startsWith("model.")
        || key.equals("train.objective") || key.equals("train.batchSize")
        || key.equals("train.learningRate") || key.equals("train.lrSchedule")
        || key.equals("train.warmupSteps") || key.equals("train.horizonSteps");
  }

  /**
   * A readable id for dashboards plus a digest of every experiment-defining key. On the sphere
   * the readable part names the conditional with the parameter it uses: κ for vMF
   * ({@code vmf10}), the noise scale for Laplace and normal ({@code laplace1}); on sprites, the
   * process and a CNN encoder ({@code sprites}, {@code sprites-continuous-cnn}).
   */
  static String runId(Map<String, Object> values) {
    StringBuilder canonical = new StringBuilder();
    boolean sphere = values.get("dgp.kind") == DgpKind.SPHERE;
    values.forEach((key, value) -> {
      // Runs had ids before the process and the encoder became keys: they keep them.
      if (definedBy(key) && !(sphere && SPRITES_KEYS.contains(key)) && value != Encoder.MLP) {
        canonical.append(key).append('=').append(value).append('\n');
      }
    });
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      String digits = HexFormat.of().formatHex(digest, 0, 3);
      if (values.get("dgp.kind") == DgpKind.SPRITES) {
        return String.format(Locale.ROOT, "%s-sprites%s%s-s%d-%s",
            ConfigView.lower(values.get("train.objective")),
            (Boolean) values.get("dgp.continuous") ? "-continuous" : "",
            values.get("model.encoder") == Encoder.CNN ? "-cnn" : "", values.get("run.seed"), digits);
      }
      return String.format(Locale.ROOT, "%s-d%d-k%d-%s%s-s%d-%s",
          ConfigView.lower(values.get("train.objective")), values.get("dgp.dim"),
          values.get("dgp.classes"), ConfigView.lower(values.get("dgp.conditional")),
          ValueParser.compact((Double) values.get(
              values.get("dgp.conditional") == Conditional.VMF ? "dgp.kappa" : "dgp.noiseScale")),
          values.get("run.seed"), digits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
