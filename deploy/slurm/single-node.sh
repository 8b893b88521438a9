#!/usr/bin/env bash
# A Slurm cluster of this one machine, for trying idtrain's job arrays and for its tests:
#   deploy/slurm/single-node.sh start DIR   # munge, slurmctld and slurmd; prints SLURM_CONF=...
#   deploy/slurm/single-node.sh stop DIR    # cancels its jobs, stops what start started, by pid
# Needs the Debian packages slurmctld, slurmd, slurm-client and munge (Slurm 22.05), and root
# (through sudo when not root): slurmd starts each task as the user who submitted it. Without
# systemd the packages cannot start the daemons, so this does. State, spool, logs, pid files and
# slurm.conf live in DIR; munge uses its system key and socket, and is stopped only if this
# started it. No cgroups, no accounting database (the job completion log is DIR/jobcomp.log).
set -euo pipefail

command="${1:-}"
dir="${2:-}"
if [ -z "$command" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"

stop_pid_file() {
  local file="$1"
  if [ -f "$file" ]; then
    local pid
    pid="$($sudo cat "$file")"
    $sudo kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      $sudo kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    $sudo rm -f "$file"
  fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    host="$(hostname -s)"
    cpus="$(nproc)"
    memory="$(( $(free -m | awk '/^Mem:/ {print $2}') * 9 / 10 ))"
    mkdir -p "$dir/state" "$dir/spool"
    cat > "$dir/slurm.conf" <<CONF
ClusterName=idtrain
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.log
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
KillWait=30
ReturnToService=2
SchedulerParameters=bf_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    if ! pgrep -x munged >/dev/null; then
      $sudo mkdir -p /run/munge
      $sudo chown munge:munge /run/munge
      if [ ! -f /etc/munge/munge.key ]; then
        $sudo mungekey --create --keyfile=/etc/munge/munge.key
        $sudo chown munge:munge /etc/munge/munge.key
        $sudo chmod 600 /etc/munge/munge.key
      fi
      $sudo runuser -u munge -- /usr/sbin/munged
      for _ in $(seq 50); do
        [ -f /run/munge/munged.pid ] && break
        sleep 0.1
      done
      $sudo cp /run/munge/munged.pid "$dir/munged.pid"
    fi
    $sudo env SLURM_CONF="$dir/slurm.conf" /usr/sbin/slurmctld
    $sudo env SLURM_CONF="$dir/slurm.conf" /usr/sbin/slurmd
    for _ in $(seq 100); do
      if SLURM_CONF="$dir/slurm.conf" sinfo -h -o %t 2>/dev/null | grep -qx idle; then
        echo "SLURM_CONF=$dir/slurm.conf"
        exit 0
      fi
      sleep 0.1
    done
    echo "slurm did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
    exit 1
    ;;
  stop)
    dir="$(cd "$dir" && pwd)"
    if [ -f "$dir/slurmctld.pid" ]; then
      # Tasks still running would outlive slurmd: cancel them and give them KillWait to end.
      jobs="$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %A 2>/dev/null || true)"
      if [ -n "$jobs" ]; then
        SLURM_CONF="$dir/slurm.conf" $sudo scancel $jobs || true
        for _ in $(seq 350); do
          [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %A 2>/dev/null)" ] && break
          sleep 0.1
        done
      fi
    fi
    stop_pid_file "$dir/slurmd.pid"
    stop_pid_file "$dir/slurmctld.pid"
    stop_pid_file "$dir/munged.pid"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
