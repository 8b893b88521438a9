package dev.idtrain.engine;

import ai.djl.Device;
import dev.idtrain.config.ConfigException;
import dev.idtrain.config.Precision;
import java.util.Set;

/**
 * The precision of the engine's fp32 matrix products, a setting of the whole process (PyTorch's
 * float32 matmul precision). fp32 is "highest"; bf16 is "medium": the kernels may round their
 * inputs to bf16 and accumulate in fp32 (oneDNN on the CPU, cuBLAS on a GPU). Only matrix
 * products change: parameters, BatchNorm, softmax, loss, optimiser state and checkpoints stay
 * fp32. The engine's Java binding cannot hold bf16 tensors nor reach this setting, so the
 * setting is reached through {@link LibTorch}.
 */
public final class MatmulPrecision {
  /** The precision in effect and why it was chosen. */
  public record Choice(Precision precision, String reason) {}

  private static final int HIGHEST = 0;
  private static final int MEDIUM = 2;

  private MatmulPrecision() {}

  /** Resolves {@code configured} for {@code device}: auto takes bf16 where the hardware has it. */
  public static Choice choose(Precision configured, Device device) {
    return choose(configured, device, CpuInfo.local().flags(), LibTorch.PROBLEM);
  }

  /** @param unavailable why the setting cannot be reached, null when it can */
  static Choice choose(Precision configured, Device device, Set<String> cpuFlags, String unavailable) {
    if (configured == Precision.FP32) {
      return new Choice(Precision.FP32, "as configured");
    }
    if (unavailable != null) {
      if (configured == Precision.BF16) {
        throw new ConfigException("train.precision: 'bf16' is not available (" + unavailable
            + "); allowed: auto or fp32");
      }
      return new Choice(Precision.FP32, unavailable);
    }
    if (configured == Precision.BF16) {
      return new Choice(Precision.BF16, "as configured");
    }
    if (device.isGpu()) {
      return new Choice(Precision.BF16, "auto on a GPU: its reduced-precision matrix units");
    }
    if (cpuFlags.contains("amx_bf16")) {
      return new Choice(Precision.BF16, "auto: the CPU has AMX-BF16");
    }
    if (cpuFlags.contains("avx512_bf16")) {
      return new Choice(Precision.BF16, "auto: the CPU has AVX512-BF16");
    }
    return new Choice(Precision.FP32, "auto: the CPU has neither AMX-BF16 nor AVX512-BF16, so bf16"
        + " products would only be emulated");
  }

  /** Sets the engine's precision for every matrix product from now on, on every thread. */
  public static void set(Precision precision) {
    if (precision == Precision.AUTO) {
      throw new IllegalArgumentException("resolve auto with choose() first");
    }
    LibTorch.setMatmulPrecision(precision == Precision.BF16 ? MEDIUM : HIGHEST);
  }

  /** The precision the engine multiplies matrices in now. */
  public static Precision current() {
    return LibTorch.matmulPrecision() == HIGHEST ? Precision.FP32 : Precision.BF16;
  }
}
