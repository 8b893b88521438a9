package dev.idtrain.cli;

import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every subcommand takes to build its configuration. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key (dotted, e.g. dgp.dim=10); repeatable, later wins.")
  List<String> overrides = new ArrayList<>();

  Config load() {
    return ConfigLoader.load(file, overrides);
  }
}
