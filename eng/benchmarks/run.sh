#!/usr/bin/env bash
# Runs every benchmark of docs/BENCHMARKS.md in one go and writes artifacts/benchmarks/results.md, Markdown ready to
# paste into that page: machine, commands, timings (our API, plain TorchSharp, PyTorch; median and min-max), memory
# and generation throughput.
#
#   eng/benchmarks/run.sh                 # 7 runs of each workload through GanML, 3 through PyTorch (about 20 minutes on
#                                         # 2 idle cores): a 3% question needs more than 3 runs on a shared machine
#   RUNS=9 PYTORCH_RUNS=5 eng/benchmarks/run.sh
#   QUICK=1 eng/benchmarks/run.sh         # a few batches per workload, 1 run, 3 memory epochs: checks the script only
#   THREADS=1 eng/benchmarks/run.sh       # one torch (and OpenBLAS) thread on both sides; CPU seconds then carry no
#                                         # spin-waiting, which makes the CPU-time ratios usable on a busy machine
#
# Needs Debian's python3-torch (apt-get install -y python3-torch) with OpenBLAS as the active BLAS
# (apt-get install -y libopenblas0-pthread selects it; the reference BLAS is about 20x slower).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/artifacts/benchmarks}
runs=${RUNS:-7}
pytorch_runs=${PYTORCH_RUNS:-3}
memory_epochs=20
quick=()
if [[ -n "${QUICK:-}" ]]; then
  runs=1
  pytorch_runs=1
  memory_epochs=3
  quick=(--quick)
fi
python=${PYTHON:-/usr/bin/python3}
threads=()
if [[ -n "${THREADS:-}" ]]; then
  threads=(--threads "$THREADS")
  export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS
fi
mkdir -p "$out"

dotnet build "$root/eng/benchmarks/GanML.Benchmarks" -c Release -nologo -v quiet
bench=(dotnet "$root/eng/benchmarks/GanML.Benchmarks/bin/Release/net10.0/GanML.Benchmarks.dll")

# glibc's dynamic mmap threshold makes the cost of libtorch's large allocations (page faults on fresh mappings) depend
# on the order of earlier allocations: two loops computing bit-identical tensors differed by up to 20% per step
# (B2, one thread), and API/plain pairs by -5% to +8% from run to run. Fixed thresholds, for every timed side alike,
# remove that noise (pairs then within 0.998-1.012). The memory runs keep glibc's defaults.
malloc_fixed=(MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456)
cores=$(nproc --all)

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"${bench[@]}" --write-grid "$out/grid.f32"
# PyTorch at its best on this machine: its own threads and OpenBLAS's pthreads oversubscribe the cores when both are
# above one (measured on 2 cores: B1 3.1 s with 2 + 2 threads, 0.82 s with 1 torch + 2 OpenBLAS). With more than one
# thread it runs twice, torch threads × OpenBLAS threads = N × 1 and 1 × N, and each workload keeps its faster setting.
pytorch_threads=${THREADS:-$cores}
if [[ "$pytorch_threads" -gt 1 ]]; then
  env "${malloc_fixed[@]}" OPENBLAS_NUM_THREADS=1 "$python" "$root/eng/benchmarks/pytorch_bench.py" --runs "$pytorch_runs" "${quick[@]}" --threads "$pytorch_threads" \
    --grid "$out/grid.f32" --out "$out/pytorch-torch-threads.json" 2> >(tee "$out/pytorch.log" >&2) > /dev/null
  env "${malloc_fixed[@]}" OPENBLAS_NUM_THREADS=$pytorch_threads "$python" "$root/eng/benchmarks/pytorch_bench.py" --runs "$pytorch_runs" "${quick[@]}" --threads 1 \
    --grid "$out/grid.f32" --out "$out/pytorch-blas-threads.json" 2> >(tee -a "$out/pytorch.log" >&2) > /dev/null
  "$python" - "$out/pytorch-torch-threads.json" "$out/pytorch-blas-threads.json" "$out/pytorch.json" "$pytorch_threads" <<'PY'
import json, statistics, sys
first, second = (json.load(open(path)) for path in sys.argv[1:3])
threads = sys.argv[4]
merged = {"torch": first["torch"], "blas": first["blas"], "threads": {}}
for workload in ("B1", "B2", "B3"):
    if workload not in first:
        continue
    best, setting = min((first, f"{threads} torch × 1 OpenBLAS"), (second, f"1 torch × {threads} OpenBLAS"),
                        key=lambda pair: statistics.median(pair[0][workload]))
    merged[workload], merged[workload + "_cpu"] = best[workload], best[workload + "_cpu"]
    merged["threads"][workload] = setting
    merged[workload + "_other"] = (second if best is first else first)[workload]
json.dump(merged, open(sys.argv[3], "w"), indent=1)
PY
else
  env "${malloc_fixed[@]}" OPENBLAS_NUM_THREADS=1 "$python" "$root/eng/benchmarks/pytorch_bench.py" --runs "$pytorch_runs" "${quick[@]}" --threads 1 --grid "$out/grid.f32" \
    --out "$out/pytorch.json" 2> >(tee "$out/pytorch.log" >&2) > /dev/null
fi
env "${malloc_fixed[@]}" "${bench[@]}" --runs "$runs" "${quick[@]}" "${threads[@]}" --pytorch "$out/pytorch.json" --out "$out/timings.md" 2> >(tee "$out/timings.log" >&2) > /dev/null
# B1 on a shared machine: another process keeps one core busy. Once with GanML's default (OpenMP threads spin
# 1,000 times, then sleep), once with GNU OpenMP's own default (spin 300,000 times first; GOMP_SPINCOUNT=300000 is that default, and
# any policy the environment sets is kept).
env "${malloc_fixed[@]}" "${bench[@]}" --runs "$runs" "${quick[@]}" "${threads[@]}" --workloads B1 --busy-cores 1 --out "$out/busy.md" 2> >(tee -a "$out/timings.log" >&2) > /dev/null
env "${malloc_fixed[@]}" GOMP_SPINCOUNT=300000 "${bench[@]}" --runs "$runs" "${quick[@]}" "${threads[@]}" --workloads B1 --busy-cores 1 --out "$out/busy-spinning.md" 2> >(tee -a "$out/timings.log" >&2) > /dev/null
"${bench[@]}" --memory "$memory_epochs" --out "$out/memory-api.md" > /dev/null
"${bench[@]}" --memory "$memory_epochs" --plain --out "$out/memory-plain.md" > /dev/null
# The API again with a 4 MiB gen0 budget and one malloc arena: separates managed garbage waiting for its first
# collection and glibc's per-thread arenas from native memory that training keeps.
DOTNET_GCgen0size=0x400000 MALLOC_ARENA_MAX=1 "${bench[@]}" --memory "$memory_epochs" --out "$out/memory-api-bounded.md" > /dev/null
# B1's faster PyTorch setting (1 torch thread, OpenBLAS on every core).
OPENBLAS_NUM_THREADS=$pytorch_threads "$python" "$root/eng/benchmarks/pytorch_bench.py" --memory "$memory_epochs" --threads 1 > "$out/memory-pytorch.md" 2> /dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

blas=$("$python" -c 'import json,sys; print(", ".join(json.load(open(sys.argv[1]))["blas"]))' "$out/pytorch.json")
{
  echo "## Machine and commands"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $cores cores visible; memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "- .NET $(dotnet --version) SDK; TorchSharp 0.107.0 with libtorch-cpu 2.10.0; ML.NET 5.0.1"
  echo "- PyTorch $("$python" -c 'import torch; print(torch.__version__)') (Debian python3-torch), BLAS loaded: $blas"
  echo "- Commit $(git -C "$root" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'); load average (1, 5, 15 min) before: $load_before, after: $load_after"
  echo "- Command: \`eng/benchmarks/run.sh\` (RUNS=$runs, PYTORCH_RUNS=$pytorch_runs${QUICK:+, QUICK=1}${THREADS:+, THREADS=$THREADS}); timings with ${malloc_fixed[*]}"
  echo
  echo "## Training time"
  echo
  cat "$out/timings.md"
  echo
  echo "## B1 with one core kept busy by another process"
  echo
  echo "### GanML's default: OpenMP threads spin 1,000 times, then sleep (GOMP_SPINCOUNT=1000)"
  echo
  cat "$out/busy.md"
  echo
  echo "### GNU OpenMP's default: spin first (GOMP_SPINCOUNT=300000)"
  echo
  cat "$out/busy-spinning.md"
  echo
  echo "## Memory: B1 for $memory_epochs epochs"
  echo
  echo "### Our API"
  echo
  cat "$out/memory-api.md"
  echo
  echo "### Our API, DOTNET_GCgen0size=0x400000 MALLOC_ARENA_MAX=1"
  echo
  cat "$out/memory-api-bounded.md"
  echo
  echo "### Plain TorchSharp loop"
  echo
  cat "$out/memory-plain.md"
  echo
  echo "### PyTorch"
  echo
  cat "$out/memory-pytorch.md"
} > "$out/results.md"
echo "Wrote $out/results.md"
