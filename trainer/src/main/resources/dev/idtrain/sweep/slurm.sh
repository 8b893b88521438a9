#!/bin/bash
# Sweep ${name} on Slurm: one array task per run, ${parallel} at a time.
#   sbatch THIS_FILE        (printed by: idtrain sweep --grid ${gridRef} --slurm ...)
# Each task is an ordinary `idtrain run` of one grid point in ${dir}/<run id>/, on the shared
# filesystem; a run finished before is skipped, an interrupted one resumes from its checkpoint,
# so submitting this script again finishes the grid. ${dir}/targets/*.json lists the live
# tasks' metrics endpoints for Prometheus (file_sd_configs).
#SBATCH --job-name=idtrain-${name}
#SBATCH --array=0-${last}%${parallel}
#SBATCH --cpus-per-task=${cpus}
#SBATCH --output=${dir}/logs/slurm-%A_%a.out
#SBATCH --open-mode=append
# SIGTERM ${grace} s before the time limit: the run checkpoints, writes its summary and exits 0.
#SBATCH --signal=B:TERM@${grace}
# Preempted or requeued: the task starts again and resumes from its checkpoint.
#SBATCH --requeue
${directives}
# exec: the task's signals (scancel, the time limit) reach the run itself.
exec ${command}
