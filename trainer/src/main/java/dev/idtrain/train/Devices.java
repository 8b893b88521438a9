package dev.idtrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.idtrain.config.ConfigException;

/** Resolves {@code train.device}: auto (a GPU when the engine sees one), cpu, gpu or gpu:N. */
public final class Devices {
  private Devices() {}

  public static Device resolve(String setting) {
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    if (setting.equals("auto")) {
      return gpus > 0 ? Device.gpu() : Device.cpu();
    }
    if (setting.equals("cpu")) {
      return Device.cpu();
    }
    int id = setting.equals("gpu") ? 0 : Integer.parseInt(setting.substring("gpu:".length()));
    if (id >= gpus) {
      throw new ConfigException("train.device: '" + setting + "' is not available; allowed: "
          + (gpus == 0 ? "auto or cpu (the engine sees no GPU)" : "auto, cpu, gpu or gpu:0..gpu:" + (gpus - 1)));
    }
    return Device.gpu(id);
  }
}
