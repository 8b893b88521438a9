package dev.idtrain.config;

/**
 * How the engine multiplies matrices: in fp32, or with bf16 inputs and fp32 accumulation; auto
 * picks whichever is faster on the device (everything else stays fp32 either way).
 */
public enum Precision {
  AUTO, FP32, BF16
}
