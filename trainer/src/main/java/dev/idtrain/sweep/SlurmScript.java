package dev.idtrain.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The batch script that runs a sweep on Slurm as a job array: task {@code i} runs point {@code
 * i} ({@code SLURM_ARRAY_TASK_ID}, read like Kubernetes' index), at most {@code parallel} at a
 * time, each with as many CPUs as its run's kernel threads, signalled before its time limit and
 * requeued when preempted. Filled in from the template {@code slurm.sh} beside this class.
 *
 * @param partition {@code --partition}, or null for the cluster's default
 * @param time {@code --time}, or null for the partition's default
 * @param account {@code --account}, or null for the user's default
 */
public record SlurmScript(String partition, String time, String account) {
  /** Seconds before the time limit at which a task is asked to stop. */
  static final int GRACE_SECONDS = 120;

  /**
   * @param sweep the command that runs this sweep (its grid, {@code --out}, {@code --set},
   *     {@code --steps}), without the index: each task reads its own
   * @param cpus CPUs per task: the runs' kernel threads
   */
  String of(String name, String gridRef, Path dir, int runs, int parallel, int cpus,
      List<String> sweep) {
    List<String> directives = new ArrayList<>();
    for (String[] d : new String[][] {{"partition", partition}, {"time", time}, {"account", account}}) {
      if (d[1] != null) {
        directives.add("#SBATCH --" + d[0] + "=" + d[1]);
      }
    }
    List<String> command = new ArrayList<>(JavaCommand.current());
    command.addAll(sweep);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("parallel", Integer.toString(Math.min(parallel, runs)));
    values.put("gridRef", gridRef);
    values.put("dir", dir.toString());
    values.put("last", Integer.toString(runs - 1));
    values.put("cpus", Integer.toString(cpus));
    values.put("grace", Integer.toString(GRACE_SECONDS));
    values.put("directives", String.join("\n", directives));
    values.put("command", command.stream().map(SlurmScript::quoted).collect(Collectors.joining(" ")));
    return Template.fill("slurm.sh", values);
  }

  /** One word for the shell, whatever it holds. */
  static String quoted(String word) {
    return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
