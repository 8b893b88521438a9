package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;

/**
 * The allocator's settings reach glibc. What they buy, the page faults a step no longer takes, is
 * a measurement of the machine: {@code bench} reports it ({@code bare_step_minor_faults}).
 */
class NativeAllocatorTest {
  @Test
  void glibcTakesBothSettings() {
    assumeTrue(hasMallopt(), "a C library without mallopt is left as it is");
    assertThat(NativeAllocator.keepFreedBlocks()).isTrue();
  }

  private static boolean hasMallopt() {
    try {
      NativeLibrary.getInstance("c").getFunction("mallopt");
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }
}
