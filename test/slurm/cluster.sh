#!/usr/bin/env bash
# A throw-away single-node Slurm cluster for the Slurm integration test.
#   cluster.sh install        apt-get install slurm-wlm + munge (if missing)
#   cluster.sh start DIR      write DIR/slurm.conf, start munged, slurmctld, slurmd
#   cluster.sh stop DIR       stop the daemons started by `start DIR`
# Everything lives under DIR; the caller exports SLURM_CONF=DIR/slurm.conf.
# proctrack/linuxproc and task/none need no cgroups, so this runs in a sandbox.
set -euo pipefail
cmd=${1:?usage: cluster.sh install|start DIR|stop DIR}

case "$cmd" in
install)
  if command -v slurmctld >/dev/null && command -v munged >/dev/null; then exit 0; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
  ;;
start)
  dir=${2:?start needs a directory}
  mkdir -p "$dir"/{state,spool,log}
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2/1024) - 512}' /proc/meminfo)
  cat >"$dir/slurm.conf" <<CONF
ClusterName=nnlabci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job waits out the credential lifetime (default 120 s) before it may start again; a
# start sooner is killed ("Job credential revoked"). 10 s keeps the preemption test short.
AuthInfo=cred_expire=10
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
# Look at pending jobs every 2 s (default 60 s and 30 s): a requeued job starts once it may.
SchedulerParameters=sched_interval=2,bf_interval=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  # munge: the key is made by the Debian package; run the daemon as its own user.
  if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge && chown munge:munge /run/munge
    runuser -u munge -- /usr/sbin/munged
    touch "$dir/started-munged"   # so `stop` stops only what `start` started
  fi
  /usr/sbin/slurmctld -f "$SLURM_CONF"
  /usr/sbin/slurmd -f "$SLURM_CONF"
  # Wait until the node is idle (up to 60 s).
  for _ in $(seq 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then exit 0; fi
    sleep 1
  done
  echo "slurm did not come up; logs in $dir/log" >&2
  tail -n 20 "$dir"/log/*.log >&2 || true
  exit 1
  ;;
stop)
  dir=${2:?stop needs a directory}
  pids=()
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
    [ -f "$pidfile" ] && pids+=("$(cat "$pidfile")")
  done
  if [ -f "$dir/started-munged" ] && [ -f /run/munge/munged.pid ]; then
    pids+=("$(cat /run/munge/munged.pid)")
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  ;;
*)
  echo "usage: cluster.sh install|start DIR|stop DIR" >&2
  exit 2
  ;;
esac
