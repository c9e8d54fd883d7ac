#!/usr/bin/env bash
# Reruns the sample-quality table of docs/TRAINING.md ("Sample quality on the toy mixtures"): the PacGAN/VEEGAN protocol
# (100,000 training points, 2,500 samples, HQ within 3σ, modes20) through the public API, one training process at a time.
# Usage: eng/toy/protocol-table.sh [output folder] [seeds]   (default artifacts/toy-protocol, 3 seeds)
# Each run appends its markdown table to <output>/toy-protocol-grid.md or toy-protocol-ring.md and prints one line per seed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/artifacts/toy-protocol}
seeds=${2:-3}
mkdir -p "$out"
# A private copy of the build, so rebuilding the repository while the sweep runs cannot change it.
dotnet build "$root/src/Microsoft.ML.Gan.Samples/Microsoft.ML.Gan.Samples.csproj" -c Release -o "$out/bin" -v quiet -nologo
run() { dotnet "$out/bin/Microsoft.ML.Gan.Samples.dll" toy-protocol --artifacts "$out" --seeds "$seeds" "$@"; }

# The hand-tuned setting of issue 15 (Minimax, batch 256, lr 1e-3, generator average 0.999), with truncation and rejection.
tuned=(--batch 256 --lr 1e-3 --average 0.999)
run --mixture Grid --loss Minimax --epochs 30 "${tuned[@]}" --truncation 1 --rejection 0.8
# Packing at the same setting and epochs (PacGAN2, PacGAN4).
run --mixture Grid --loss Minimax --epochs 30 "${tuned[@]}" --pack 2
run --mixture Grid --loss Minimax --epochs 30 "${tuned[@]}" --pack 4
# The ring (8 Gaussians, std 0.02).
run --mixture Ring --loss Minimax --epochs 20 "${tuned[@]}" --truncation 1 --rejection 0.8
# Rejection after 500 calibration steps of D against the final generator (DiscriminatorCalibrationSteps).
run --mixture Ring --loss Minimax --epochs 20 "${tuned[@]}" --calibrate 500 --rejection 0.8
run --mixture Grid --loss Minimax --epochs 30 "${tuned[@]}" --calibrate 500 --rejection 0.8
