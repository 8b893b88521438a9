package dev.idtrain.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.slf4j.LoggerFactory;

/**
 * The C allocator under the engine's CPU arrays. A step allocates and frees tens of MB of
 * activations and gradients (1 MB each at the default experiment). glibc's default thresholds
 * move with the sizes freed and hand the top of the heap back to the system whenever a few MB of
 * it are free, so a step faulted its pages back in: measured, 100–2000 page faults a supervised
 * step and about 2600 a DIET step, which fixed thresholds bring to tens. Resident memory then
 * stays put instead of swinging with each probe, at a level the kept blocks raise (DIET at
 * N = 10240: 675–707 MB against 570–629 MB over steps 1000–3000).
 */
final class NativeAllocator {
  /** glibc's mallopt parameters. */
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_THRESHOLD = -3;
  /** Blocks below this come from the reusable heap, not a mapping of their own (glibc's maximum). */
  private static final int MMAP_THRESHOLD = 32 << 20;
  /** Free memory kept at the top of a heap before any of it is returned. */
  private static final int TRIM_THRESHOLD = 16 << 20;

  private NativeAllocator() {}

  /** Sets the process's allocator to keep freed blocks; a C library without mallopt is left as is. */
  static void keepFreedBlocks() {
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      boolean set = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
          & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
      if (!set) {
        LoggerFactory.getLogger(NativeAllocator.class).debug("mallopt refused the allocator thresholds");
      }
    } catch (UnsatisfiedLinkError e) {
      LoggerFactory.getLogger(NativeAllocator.class).debug("no mallopt in this C library: {}", e.getMessage());
    }
  }
}
