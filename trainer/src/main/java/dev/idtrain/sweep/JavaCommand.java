package dev.idtrain.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This JVM's java binary and options, and its classpath, to start {@code Main} with: a worker
 * or a Slurm task runs the very build the sweep runs. Agents are left out: they would clash.
 */
final class JavaCommand {
  private JavaCommand() {}

  static List<String> current() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent")
          && !option.startsWith("-Xrunjdwp")) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.idtrain.cli.Main");
    return command;
  }
}
