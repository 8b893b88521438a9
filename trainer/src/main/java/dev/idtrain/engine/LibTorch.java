package dev.idtrain.engine;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Settings of libtorch's global context that the engine's Java binding does not reach, called
 * through their C++ symbols (Itanium names) in the engine's own libtorch.
 */
final class LibTorch {
  /** Why the settings cannot be reached; null when they can. */
  static final String PROBLEM;
  private static final Pointer CONTEXT;
  private static final Function SET_MATMUL_PRECISION;
  private static final Function MATMUL_PRECISION;
  private static final Function SET_FLUSH_DENORMAL;

  static {
    Pointer context = null;
    Function setPrecision = null;
    Function precision = null;
    Function flush = null;
    String problem = null;
    try {
      ai.djl.engine.Engine.getEngine("PyTorch");
      NativeLibrary torch = NativeLibrary.getInstance(
          Path.of(LibUtils.getLibtorchPath(), System.mapLibraryName("torch_cpu")).toString());
      context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
      setPrecision = torch.getFunction("_ZN2at7Context25setFloat32MatmulPrecisionENS_22Float32MatmulPrecisionE");
      precision = torch.getFunction("_ZNK2at7Context22float32MatmulPrecisionEv");
      flush = torch.getFunction("_ZN2at7Context16setFlushDenormalEb");
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      problem = "the engine's context cannot be reached: " + e.getMessage();
    }
    CONTEXT = context;
    SET_MATMUL_PRECISION = setPrecision;
    MATMUL_PRECISION = precision;
    SET_FLUSH_DENORMAL = flush;
    PROBLEM = problem;
  }

  private LibTorch() {}

  /** The float32 matmul precision of every thread: 0 highest, 1 high, 2 medium. */
  static void setMatmulPrecision(int precision) {
    require();
    SET_MATMUL_PRECISION.invoke(Void.class, new Object[] {CONTEXT, precision});
  }

  static int matmulPrecision() {
    require();
    return MATMUL_PRECISION.invokeInt(new Object[] {CONTEXT});
  }

  /** Subnormal floats read and written as zero by the calling thread's CPU kernels (x86 FTZ/DAZ). */
  static void flushSubnormals() {
    require();
    SET_FLUSH_DENORMAL.invoke(Boolean.class, new Object[] {CONTEXT, true});
  }

  private static void require() {
    if (PROBLEM != null) {
      throw new IllegalStateException(PROBLEM);
    }
  }
}
