#!/usr/bin/env bash
# GanML's default OpenMP waiting (GOMP_SPINCOUNT=1000) against sleeping at once (OMP_WAIT_POLICY=PASSIVE) and GNU
# OpenMP's own default (spin 300,000 times first), on an idle machine and with one core kept busy by another process.
# The harness alternates the three, ROUNDS times (3 idle and 3 busy runs of the workload each), and prints medians.
#
#   eng/benchmarks/wait-policy.sh            # B1, 3 rounds (about 12 minutes on 2 cores)
#   WORKLOAD=B2 ROUNDS=2 eng/benchmarks/wait-policy.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
workload=${WORKLOAD:-B1}
rounds=${ROUNDS:-3}
dotnet build "$root/eng/benchmarks/GanML.Benchmarks" -c Release -nologo -v quiet
bench=(dotnet "$root/eng/benchmarks/GanML.Benchmarks/bin/Release/net10.0/GanML.Benchmarks.dll")
log=$(mktemp)
for _ in $(seq "$rounds"); do
  for policy in default PASSIVE spin; do
    # Any policy set in the environment is one GanML keeps; GOMP_SPINCOUNT=300000 is GNU OpenMP's default.
    setting=()
    [[ $policy == PASSIVE ]] && setting=(OMP_WAIT_POLICY=PASSIVE)
    [[ $policy == spin ]] && setting=(GOMP_SPINCOUNT=300000)
    env MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456 "${setting[@]}" "${bench[@]}" --runs 3 --workloads "$workload" --busy-cores 1 2>&1 \
      | grep -E "run [0-9]+ API" | sed "s/^/$policy /" >> "$log"
  done
done
python3 - "$log" "$workload" "$(lscpu | sed -n 's/^Model name: *//p')" <<'PY'
import re, statistics, sys
times = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) \S+ run \d+ API\s+(with \d+ core\(s\) busy )?([\d.]+) s", line)
    if m:
        times.setdefault((m.group(1), "busy" if m.group(2) else "idle"), []).append(float(m.group(3)))
med = {key: statistics.median(values) for key, values in times.items()}
print(f"{sys.argv[2]} API on {sys.argv[3]}, median (min-max) seconds over {len(times[('default', 'idle')])} runs each:")
print("| OpenMP waiting | idle | one core busy | busy / idle | idle / spinning idle |")
print("|---|---|---|---|---|")
names = {"default": "GanML default, GOMP_SPINCOUNT=1000", "PASSIVE": "OMP_WAIT_POLICY=PASSIVE", "spin": "GNU default, spin 300,000"}
for policy in ("default", "PASSIVE", "spin"):
    idle, busy = times[(policy, "idle")], times[(policy, "busy")]
    print(f"| {names[policy]} | {med[(policy, 'idle')]:.2f} ({min(idle):.2f}-{max(idle):.2f}) | {med[(policy, 'busy')]:.2f} ({min(busy):.2f}-{max(busy):.2f}) "
          f"| {med[(policy, 'busy')] / med[(policy, 'idle')]:.2f} | {med[(policy, 'idle')] / med[('spin', 'idle')]:.3f} |")
PY
rm -f "$log"
