#!/usr/bin/env bash
# Idle-machine cost of GanML's default OpenMP wait policy (PASSIVE) against GNU OpenMP's own (spin 300,000 times
# first): the harness alternates the two, ROUNDS times, and prints the median API and plain-loop times of each.
#
#   eng/benchmarks/wait-policy.sh            # B1, 3 rounds of 3 runs per policy (about 2 minutes on 2 idle cores)
#   WORKLOAD=B2 ROUNDS=2 eng/benchmarks/wait-policy.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
workload=${WORKLOAD:-B1}
rounds=${ROUNDS:-3}
dotnet build "$root/eng/benchmarks/GanML.Benchmarks" -c Release -nologo -v quiet
bench=(dotnet "$root/eng/benchmarks/GanML.Benchmarks/bin/Release/net10.0/GanML.Benchmarks.dll")
log=$(mktemp)
for _ in $(seq "$rounds"); do
  for policy in PASSIVE spin; do
    # GOMP_SPINCOUNT=300000 is GNU OpenMP's default, and a policy set in the environment is one GanML keeps.
    setting=(OMP_WAIT_POLICY=PASSIVE)
    [[ $policy == spin ]] && setting=(GOMP_SPINCOUNT=300000)
    env MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456 "${setting[@]}" "${bench[@]}" --runs 3 --workloads "$workload" 2>&1 \
      | grep -E "run [0-9]+ (API|plain)" | sed "s/^/$policy /" >> "$log"
  done
done
python3 - "$log" "$workload" <<'PY'
import re, statistics, sys
times = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) \S+ run \d+ (API|plain)\s+([\d.]+) s", line)
    if m:
        times.setdefault((m.group(1), m.group(2)), []).append(float(m.group(3)))
print(f"{sys.argv[2]}, idle machine, median (min-max) seconds over {len(next(iter(times.values())))} runs each:")
for side in ("API", "plain"):
    p, s = times[("PASSIVE", side)], times[("spin", side)]
    print(f"- {side}: PASSIVE {statistics.median(p):.2f} ({min(p):.2f}-{max(p):.2f}), spinning {statistics.median(s):.2f} "
          f"({min(s):.2f}-{max(s):.2f}); PASSIVE / spinning {statistics.median(p) / statistics.median(s):.3f}")
PY
rm -f "$log"
