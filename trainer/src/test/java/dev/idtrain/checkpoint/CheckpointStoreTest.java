package dev.idtrain.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  static Checkpoint sample(long step) {
    return new Checkpoint(step, step + 3, step * 1024, 12.5, 5e-4f, 1, "run:\n  seed: 7\n",
        new double[][] {{1, 0}, {0, 1}, {0.6, 0.8}}, new double[][][] {{{1, 2}, {3, 4}}}, 7.5,
        List.of(new float[] {9, 8}, new float[] {7}), step, List.of(new float[] {0.1f, 0.2f}, new float[] {0.3f}),
        List.of(new float[] {1e-3f, 2e-3f}, new float[] {3e-3f}));
  }

  @Test
  void roundTripsEveryField() {
    Checkpoint c = sample(42);
    Checkpoint back = CheckpointCodec.decode(CheckpointCodec.encode(c));
    assertThat(back).usingRecursiveComparison().isEqualTo(c);
  }

  @Test
  void anyFlippedByteOrTruncationIsRefused() {
    byte[] file = CheckpointCodec.encode(sample(1));
    for (int i = 0; i < file.length; i += 7) {
      byte[] corrupt = file.clone();
      corrupt[i] ^= 0x10;
      assertThatThrownBy(() -> CheckpointCodec.decode(corrupt))
          .isInstanceOf(CorruptCheckpointException.class);
    }
    byte[] truncated = java.util.Arrays.copyOf(file, file.length - 1);
    assertThatThrownBy(() -> CheckpointCodec.decode(truncated))
        .isInstanceOf(CorruptCheckpointException.class);
  }

  @Test
  void keepsTheNewestAndSkipsACorruptOne() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    for (long step : new long[] {100, 200, 300}) {
      assertThat(store.write(sample(step))).isPositive();
    }
    assertThat(store.files()).extracting(p -> p.getFileName().toString())
        .containsExactly("step-000000000300.ckpt", "step-000000000200.ckpt");
    assertThat(store.newest()).get().extracting(Checkpoint::step).isEqualTo(300L);

    Path newest = store.files().get(0);
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(newest, bytes);
    assertThat(store.newest()).get().extracting(Checkpoint::step).isEqualTo(200L);
  }

  @Test
  void anEmptyOrMissingDirectoryHasNoCheckpoint() throws IOException {
    assertThat(new CheckpointStore(dir.resolve("none"), 3).newest()).isEmpty();
  }
}
