package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.idtrain.dgp.SmallBatches;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigException;
import dev.idtrain.config.Precision;
import dev.idtrain.dgp.Batch;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatmulPrecisionTest {
  @AfterEach
  void backToTheEnginesDefault() {
    MatmulPrecision.set(Precision.FP32);
  }

  @Test
  void autoTakesBf16WhereTheHardwareMultipliesInIt() {
    assertThat(choose(Precision.AUTO, Device.cpu(), Set.of("avx512f", "avx512_bf16")).precision())
        .isEqualTo(Precision.BF16);
    assertThat(choose(Precision.AUTO, Device.cpu(), Set.of("amx_bf16", "amx_tile")).precision())
        .isEqualTo(Precision.BF16);
    assertThat(choose(Precision.AUTO, Device.gpu(), Set.of()).precision()).isEqualTo(Precision.BF16);
    MatmulPrecision.Choice plain = choose(Precision.AUTO, Device.cpu(), Set.of("avx2", "avx512f"));
    assertThat(plain.precision()).isEqualTo(Precision.FP32);
    assertThat(plain.reason()).contains("neither AMX-BF16 nor AVX512-BF16");
  }

  @Test
  void anExplicitChoiceStands() {
    assertThat(choose(Precision.FP32, Device.cpu(), Set.of("amx_bf16")).precision()).isEqualTo(Precision.FP32);
    assertThat(choose(Precision.BF16, Device.cpu(), Set.of()).precision()).isEqualTo(Precision.BF16);
  }

  @Test
  void withoutTheEnginesSettingAutoKeepsFp32AndBf16IsRefused() {
    MatmulPrecision.Choice auto = MatmulPrecision.choose(Precision.AUTO, Device.cpu(), Set.of("amx_bf16"), "no symbol");
    assertThat(auto.precision()).isEqualTo(Precision.FP32);
    assertThat(auto.reason()).isEqualTo("no symbol");
    assertThatThrownBy(() -> MatmulPrecision.choose(Precision.BF16, Device.cpu(), Set.of(), "no symbol"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("train.precision: 'bf16' is not available (no symbol); allowed: auto or fp32");
  }

  @Test
  void theEngineReportsWhatWasSet() {
    MatmulPrecision.set(Precision.BF16);
    assertThat(MatmulPrecision.current()).isEqualTo(Precision.BF16);
    MatmulPrecision.set(Precision.FP32);
    assertThat(MatmulPrecision.current()).isEqualTo(Precision.FP32);
  }

  /** 1.001 · 1 summed 256 times: bf16 may round 1.001 to 1 (256), fp32 may not (256.256). */
  @Test
  void productsAreFp32ExactInFp32AndWithinBf16RoundingInBf16() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray x = manager.full(new Shape(64, 256), 1.001f);
      NDArray w = manager.ones(new Shape(256, 64));
      MatmulPrecision.set(Precision.FP32);
      assertThat(x.matMul(w).getFloat(0, 0)).isCloseTo(256.256f, within(1e-3f));
      MatmulPrecision.set(Precision.BF16);
      assertThat(x.matMul(w).getFloat(0, 0)).isBetween(256f - 1e-3f, 256.256f + 1e-3f);
    }
  }

  private static MatmulPrecision.Choice choose(Precision configured, Device device, Set<String> flags) {
    return MatmulPrecision.choose(configured, device, flags, null);
  }
}
