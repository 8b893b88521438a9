package dev.idtrain.run;

import dev.idtrain.engine.EngineSetup;
import java.util.List;

/**
 * Where a run's figures came from: the build, the device and precision it actually trained with
 * (resolved: never {@code auto}), the CPU and the flags that decided its paths, the engine, the
 * JVM and the system. Two runs whose device or precision differ are different measurements.
 *
 * @param sourceCommit the build's source commit ({@code -dirty} when its sources differed), null
 *     when it was not built from a checkout
 * @param device {@code cpu} or {@code gpu:N}
 * @param precision of the matrix products: {@code fp32} or {@code bf16}
 * @param precisionReason why that precision
 * @param cpuFlags which of the flags that decide the engine's paths the CPU has
 */
public record Provenance(String idtrainVersion, String sourceCommit, String device,
    String precision, String precisionReason, String cpuModel, List<String> cpuFlags,
    String djlVersion, String libtorchVersion, String javaVersion, String os, String arch) {

  public static Provenance of(EngineSetup engine) {
    return new Provenance(Version.get(), Version.commit(), engine.deviceName(),
        engine.precisionName(), engine.precision().reason(), engine.cpu().model(),
        engine.cpu().decidingFlags(), engine.djlVersion(), engine.libtorchVersion(),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }

  /** One line: device, precision, build and CPU. */
  public String describe() {
    return device + " " + precision + ", idtrain " + idtrainVersion
        + (sourceCommit == null ? "" : " (" + shortCommit() + ")") + ", " + cpuModel
        + (cpuFlags.isEmpty() ? "" : " [" + String.join(" ", cpuFlags) + "]");
  }

  private String shortCommit() {
    return sourceCommit.substring(0, Math.min(7, sourceCommit.length()))
        + (sourceCommit.endsWith("-dirty") ? "-dirty" : "");
  }
}
