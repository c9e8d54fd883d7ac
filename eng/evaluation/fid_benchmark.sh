#!/usr/bin/env bash
# FID on 10,000 x 2048 features: the SciPy sqrtm route (pytorch-fid's calculate_frechet_distance) against GanML, on
# the same features, alternating RUNS times (default 3) so both see the same machine load.
# Usage: eng/evaluation/fid_benchmark.sh [RUNS]            (needs /usr/bin/python3 with numpy and scipy)
#        THREADS=1 eng/evaluation/fid_benchmark.sh          (one BLAS/OpenMP thread on both sides)
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/ganml-fid.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cores="$(nproc)"  # before the exports: nproc honours OMP_NUM_THREADS
if [[ -n "${THREADS:-}" ]]; then
  export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS"
fi
dotnet build "$repo_root/src/Microsoft.ML.Gan.Samples" -c Release -nologo -v:q > /dev/null
echo "$cores cores, threads: ${THREADS:-default}"
for run in $(seq "$runs"); do
  echo "== run $run, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "-- SciPy"
  /usr/bin/python3 "$repo_root/eng/evaluation/fid_reference.py" benchmark "$work"
  echo "-- GanML"
  dotnet run --project "$repo_root/src/Microsoft.ML.Gan.Samples" -c Release --no-build -- \
    fid --real "$work/real.f32" --generated "$work/generated.f32" --dimension 2048
done
