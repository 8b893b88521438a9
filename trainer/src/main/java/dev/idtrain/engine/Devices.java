package dev.idtrain.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigException;

/**
 * Sets the engine up for training: the C allocator under its CPU arrays ({@link NativeAllocator}),
 * {@code train.threads} CPU threads for its kernels, the precision of its matrix products
 * ({@code train.precision}), and the device of
 * {@code train.device}: auto (a GPU when the engine sees one), cpu, gpu or gpu:N.
 */
public final class Devices {
  private Devices() {}

  public static EngineSetup prepare(Config.Train train) {
    NativeAllocator.keepFreedBlocks();
    Device device = resolve(train.device());
    useKernelThreads(train);
    MatmulPrecision.Choice precision = MatmulPrecision.choose(train.precision(), device);
    MatmulPrecision.set(precision.precision());
    return EngineSetup.of(device, precision);
  }

  /**
   * Sizes the calling thread's team of kernel threads. The engine keeps this per thread (its
   * OpenMP and MKL settings are thread-local), so each thread that runs kernels sets it: the
   * training thread, and the thread that sets the engine up (bench measures the engine there).
   * A thread that never does uses every core.
   */
  private static void useKernelThreads(Config.Train train) {
    JniUtils.setNumThreads(kernelThreads(train.threads()));
  }

  /**
   * Sets the calling thread up to train: its kernel threads, and subnormal floats flushed to zero
   * (a CPU setting of the thread). DIET's softmax over N instances is mostly values far below
   * the largest, whose exponentials and products sink into the subnormal range, where fp32
   * arithmetic runs many times slower: measured, a DIET step at N = 10240 with the softmax in the
   * engine ({@link EngineSoftmaxSums}) took 1.5 times as long.
   * What the flush discards is below 1.2e-38.
   */
  public static void prepareTrainingThread(Config.Train train) {
    useKernelThreads(train);
    if (LibTorch.PROBLEM == null) {
      LibTorch.flushSubnormals();
    }
  }

  /**
   * 0 means one per core but one: sampling, probes and the metrics endpoint keep a core, so the
   * kernels' threads are not preempted mid-operation (every thread of a parallel kernel waits
   * for the slowest). Measured on two cores, default run in bf16: 68–71 steps/s with one kernel
   * thread, 64–66 with two.
   */
  static int kernelThreads(int configured) {
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /**
   * Threads that share a batch's rows in DIET's vector softmax: every core when 0. Unlike the
   * engine's kernels it waits for its threads once per step, not once per operation, so a
   * preempted thread costs little: measured on two cores, DIET at N = 10240 ran 47.5 steps/s
   * with two threads against 42.3 with one (three alternated pairs).
   */
  static int softmaxThreads(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Whether the fused CPU paths (Adam, DIET's softmax) run for arrays on {@code device}: a CPU,
   * in a JVM with the Vector API. The device is asked first: on a GPU the Vector API is beside
   * the point, and asking about it would warn.
   */
  static boolean vectorUnits(Device device) {
    return !device.isGpu() && VectorUnits.AVAILABLE;
  }

  static Device resolve(String setting) {
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
