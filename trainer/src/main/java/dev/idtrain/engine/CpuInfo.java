package dev.idtrain.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This machine's CPU as Linux describes it: its model name and feature flags (empty where
 * {@code /proc/cpuinfo} cannot be read).
 */
public record CpuInfo(String model, Set<String> flags) {
  /**
   * The flags that decide the engine's paths: the vector units' width, and whether bf16
   * products run natively (AVX512-BF16, AMX) or would only be emulated.
   */
  static final List<String> DECIDING = List.of("avx2", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16");

  private static final CpuInfo LOCAL = read(Path.of("/proc/cpuinfo"));

  public static CpuInfo local() {
    return LOCAL;
  }

  /** Which of {@link #DECIDING} this CPU has, in that order. */
  public List<String> decidingFlags() {
    return DECIDING.stream().filter(flags::contains).toList();
  }

  static CpuInfo read(Path cpuinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(cpuinfo);
    } catch (IOException e) {
      return new CpuInfo("unknown", Set.of());
    }
    String model = field(lines, "model name");
    String flags = field(lines, "flags");
    return new CpuInfo(model.isEmpty() ? "unknown" : model,
        Arrays.stream(flags.split("\\s+")).filter(f -> !f.isEmpty()).collect(Collectors.toSet()));
  }

  /** The value of the first {@code name : value} line; "" when there is none. */
  private static String field(List<String> lines, String name) {
    return lines.stream().filter(line -> line.startsWith(name))
        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
  }
}
