package dev.idtrain.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.slf4j.LoggerFactory;

/**
 * The C allocator under the engine's CPU arrays. A step allocates and frees tens of MB of
 * activations and gradients (1 MB each at the default experiment). glibc's default thresholds
 * move with the sizes freed and hand the top of the heap back to the system whenever a few MB of
 * it are free, so a step faulted its pages back in: measured, 100–2000 page faults a supervised
 * step and about 2600 a DIET step. Two fixed settings bring that to tens: large blocks come from
 * the heap, and a heap keeps {@value #TOP_PAD_MB} MB free at its top. The training thread
 * allocates from an arena of its own, which grows in heaps of 64 MB, and glibc unmaps such a heap
 * as soon as it is empty, below any trim threshold; only the top pad keeps it. DIET steps span
 * several heaps: with a trim threshold alone they still faulted 130–730 times a step, and
 * resident memory swung by up to 150 MB within a thousand steps (8000-step DIET soak: 667–829
 * MB; with the top pad 856–877 MB, about 1 MB within each thousand steps; half the pad let the
 * swings back).
 */
final class NativeAllocator {
  /** glibc's mallopt parameters. */
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;
  /** Blocks below this come from the reusable heap, not a mapping of their own (glibc's maximum). */
  private static final int MMAP_THRESHOLD = 32 << 20;
  /** Free memory a heap keeps at its top: one whole heap of a thread's arena. */
  private static final int TOP_PAD_MB = 64;

  private NativeAllocator() {}

  /**
   * Sets the process's allocator to keep freed blocks; a C library without mallopt is left as is.
   * {@code bench} reports the page faults a step takes ({@code bare_step_minor_faults}).
   *
   * @return whether the C library took both settings
   */
  static boolean keepFreedBlocks() {
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      boolean set = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
          & mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD_MB << 20}) == 1;
      if (!set) {
        LoggerFactory.getLogger(NativeAllocator.class).debug("mallopt refused the allocator settings");
      }
      return set;
    } catch (UnsatisfiedLinkError e) {
      LoggerFactory.getLogger(NativeAllocator.class).debug("no mallopt in this C library: {}", e.getMessage());
      return false;
    }
  }
}
