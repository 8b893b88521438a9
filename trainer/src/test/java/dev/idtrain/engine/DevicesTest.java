package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.idtrain.dgp.SmallBatches;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class DevicesTest {
  /** 1e-20 squared is 1e-40, a subnormal float: kept by a fresh thread, zero on a training one. */
  @Test
  void aTrainingThreadFlushesSubnormalsAndOtherThreadsDoNot() throws Exception {
    Callable<Float> square = () -> {
      try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
        NDArray x = manager.create(new float[] {1e-20f, 2f});
        return x.mul(x).getFloat(0);
      }
    };
    assertThat(onNewThread(square)).isCloseTo(1e-40f, Percentage.withPercentage(1));
    assertThat(onNewThread(() -> {
      Devices.prepareTrainingThread(SmallBatches.config().train());
      return square.call();
    })).isZero();
  }

  private static float onNewThread(Callable<Float> work) throws Exception {
    FutureTask<Float> task = new FutureTask<>(work);
    new Thread(task).start();
    return task.get();
  }
}
