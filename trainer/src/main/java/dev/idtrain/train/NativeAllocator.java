package dev.idtrain.train;

import com.sun.jna.NativeLibrary;
import org.slf4j.LoggerFactory;

/**
 * The C allocator under the engine's CPU arrays. A step allocates and frees tens of MB of
 * activations and gradients (1 MB each at the default experiment); glibc's default returns the
 * top of its heap to the system whenever more than a few MB of it are free, so every step
 * faulted its pages back in: about 1000 page faults and a tenth of the step's time, measured.
 * Fixed thresholds keep freed blocks for the next step, so resident memory also stops swinging
 * with each probe.
 */
final class NativeAllocator {
  /** glibc's mallopt parameters. */
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_THRESHOLD = -3;
  /** Blocks below this come from the reusable heap, not a mapping of their own (glibc's maximum). */
  static final int MMAP_THRESHOLD = 32 << 20;
  /** Free memory kept at the top of a heap before any is returned. */
  static final int TRIM_THRESHOLD = 64 << 20;

  private NativeAllocator() {}

  /** Sets the process's allocator to keep freed blocks; a C library without mallopt is left as is. */
  static void keepFreedBlocks() {
    try {
      NativeLibrary c = NativeLibrary.getInstance("c");
      boolean set = c.getFunction("mallopt").invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
          & c.getFunction("mallopt").invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
      if (!set) {
        LoggerFactory.getLogger(NativeAllocator.class).debug("mallopt refused the allocator thresholds");
      }
    } catch (UnsatisfiedLinkError e) {
      LoggerFactory.getLogger(NativeAllocator.class).debug("no mallopt in this C library: {}", e.getMessage());
    }
  }
}
