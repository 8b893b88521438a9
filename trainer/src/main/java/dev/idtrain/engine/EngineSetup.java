package dev.idtrain.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.idtrain.config.ConfigView;

/**
 * What the engine was set up with for a run: the device, the precision of its matrix products
 * (resolved, never auto) and why, on which CPU, with which engine.
 *
 * @param djlVersion the version of DJL, the engine's Java binding
 * @param libtorchVersion the version of libtorch it runs
 */
public record EngineSetup(Device device, MatmulPrecision.Choice precision, CpuInfo cpu,
    String djlVersion, String libtorchVersion) {

  static EngineSetup of(Device device, MatmulPrecision.Choice precision) {
    return new EngineSetup(device, precision, CpuInfo.local(), Engine.getDjlVersion(),
        Engine.getEngine("PyTorch").getVersion());
  }

  /** {@code cpu} or {@code gpu:N}, as runs, meters and reports name it. */
  public String deviceName() {
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }

  /** {@code fp32} or {@code bf16}. */
  public String precisionName() {
    return ConfigView.lower(precision.precision());
  }
}
