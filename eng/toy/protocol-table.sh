#!/usr/bin/env bash
# Reruns the sample-quality tables of docs/TRAINING.md ("Sample quality on the toy mixtures"): the PacGAN/VEEGAN protocol
# (100,000 training points, 2,500 samples, HQ within 3σ, modes20) through the public API, one training process at a time.
# Usage: eng/toy/protocol-table.sh [output folder] [seeds]   (default artifacts/toy-protocol, 5 seeds)
# Each run appends its markdown table to <output>/toy-protocol-grid.md or toy-protocol-ring.md and prints one line per seed.
# About 2 minutes per model on one core of an AMD EPYC family 26 (the Wasserstein losses' 5 critic steps: a little more).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/artifacts/toy-protocol}
seeds=${2:-5}
mkdir -p "$out"
# A private copy of the build, so rebuilding the repository while the sweep runs cannot change it.
dotnet build "$root/src/Microsoft.ML.Gan.Samples/Microsoft.ML.Gan.Samples.csproj" -c Release -o "$out/bin" -v quiet -nologo
run() { OMP_NUM_THREADS=1 dotnet "$out/bin/Microsoft.ML.Gan.Samples.dll" toy-protocol --artifacts "$out" --seeds "$seeds" "$@"; }

# The library's defaults (latent as wide as the data: 2), per loss: the grid for 30 epochs, the ring for 20.
run --mixture Grid --loss NonSaturating --epochs 30 --rejection 0.8
run --mixture Grid --loss Hinge --epochs 30 --rejection 0.8
run --mixture Ring --loss NonSaturating --epochs 20 --rejection 0.8
run --mixture Ring --loss Hinge --epochs 20 --rejection 0.8
run --mixture Ring --loss Minimax --epochs 20 --rejection 0.8
run --mixture Grid --loss Minimax LeastSquares Wasserstein --epochs 30
# The losses as they were before MLP GANs averaged the generator by default (--average 0).
run --mixture Grid --loss NonSaturating Hinge --epochs 30 --average 0 --rejection 0.8
run --mixture Ring --loss NonSaturating Hinge --epochs 20 --average 0 --rejection 0.8
run --mixture Grid --loss LeastSquares Wasserstein --epochs 30 --average 0
run --mixture Ring --loss LeastSquares Wasserstein --epochs 20 --average 0
# Minimax as its defaults were before its MLP defaults (learning rate 2e-4, no generator average).
run --mixture Ring --loss Minimax --epochs 20 --lr 2e-4 --average 0 --rejection 0.8
run --mixture Grid --loss Minimax --epochs 30 --lr 2e-4 --average 0 --rejection 0.8
# Packing at the defaults (PacGAN2, PacGAN4), and PackSize 4 for about the unpacked run's wall time (its epochs are cheaper);
# measured before MLP GANs averaged the generator by default, hence --average 0.
run --mixture Grid --loss NonSaturating --epochs 30 --pack 2 --average 0
run --mixture Grid --loss NonSaturating --epochs 30 --pack 4 --average 0
run --mixture Grid --loss NonSaturating --epochs 45 --pack 4 --average 0
run --mixture Ring --loss NonSaturating --epochs 20 --pack 2 --rejection 0.8 --average 0
# Packing budgets: equal training time (about 35 s and 17 s per model) before the unpacked D has finished learning the grid.
run --mixture Grid --loss NonSaturating --epochs 10 --average 0
run --mixture Grid --loss NonSaturating --epochs 12 --pack 2 --average 0
run --mixture Grid --loss NonSaturating --epochs 14 --pack 4 --average 0
run --mixture Grid --loss NonSaturating --epochs 5 --average 0
run --mixture Grid --loss NonSaturating --epochs 6 --pack 2 --average 0
run --mixture Grid --loss NonSaturating --epochs 7 --pack 4 --average 0
# Packing at the full budget and the same short budgets at the defaults (with the generator average).
run --mixture Grid --loss NonSaturating --epochs 30 --pack 2
run --mixture Grid --loss NonSaturating --epochs 45 --pack 4
for budget in "10 12 14" "5 6 7"; do
  set -- $budget
  run --mixture Grid --loss NonSaturating --epochs "$1"
  run --mixture Grid --loss NonSaturating --epochs "$2" --pack 2
  run --mixture Grid --loss NonSaturating --epochs "$3" --pack 4
done
# Recipes that are not the default: Hinge or Minimax, generator averaging 0.999, D calibrated for 500 steps, rejection at γ 80%.
run --mixture Ring --loss Hinge --epochs 20 --average 0.999 --calibrate 500 --rejection 0.8
run --mixture Ring --loss NonSaturating --epochs 20 --average 0.999 --calibrate 500 --rejection 0.8
run --mixture Grid --loss Hinge --epochs 30 --average 0.999 --calibrate 500 --rejection 0.8
run --mixture Ring --loss Hinge --epochs 20 --average 0.999 --calibrate 500 --rejection 0.8 --pack 2
# (Minimax at the learning rate of these runs, 2e-4; its defaults since are 5e-4 with the average.)
run --mixture Ring --loss Minimax --epochs 20 --lr 2e-4 --average 0.999 --calibrate 500 --rejection 0.8
run --mixture Grid --loss Minimax --epochs 30 --lr 2e-4 --average 0.999 --calibrate 500 --rejection 0.8
# WGAN-GP at its MLP defaults (learning rate 5e-4, λ 0.1, β₂ 0.9, 2 critic steps, generator average 0.999 for runs
# this long), for 20 epochs (about the unpacked default loss's wall time) and 30, on the grid and the ring; then the
# same without the average (--average 0), and the ring with D calibrated for rejection.
run --mixture Grid --loss WassersteinGradientPenalty --epochs 20 --rejection 0.8
run --mixture Grid --loss WassersteinGradientPenalty --epochs 30 --rejection 0.8
run --mixture Ring --loss WassersteinGradientPenalty --epochs 20 --rejection 0.8
run --mixture Grid --loss WassersteinGradientPenalty --epochs 20 --average 0 --rejection 0.8
run --mixture Grid --loss WassersteinGradientPenalty --epochs 30 --average 0 --rejection 0.8
run --mixture Ring --loss WassersteinGradientPenalty --epochs 20 --average 0 --rejection 0.8
run --mixture Ring --loss WassersteinGradientPenalty --epochs 20 --calibrate 500 --rejection 0.8
# Issue 15's hand-tuned setting with the 64-wide latent that was the default before (Minimax, batch 256, lr 1e-3,
# generator average 0.999), for comparison with the tables measured before the latent default changed.
run --mixture Grid --loss Minimax --epochs 30 --batch 256 --lr 1e-3 --average 0.999 --set LatentDimension=64
# The packing budgets again with minimax, the default loss for vectors since 2026-12-06 (latest), at its defaults.
run --mixture Grid --loss Minimax --epochs 10
run --mixture Grid --loss Minimax --epochs 12 --pack 2
run --mixture Grid --loss Minimax --epochs 14 --pack 4
run --mixture Grid --loss Minimax --epochs 5
run --mixture Grid --loss Minimax --epochs 6 --pack 2
run --mixture Grid --loss Minimax --epochs 7 --pack 4
# The packed discriminator's learning rate with minimax (probes of docs/TRAINING.md).
for rate in 5e-4 2e-3 4e-3; do run --mixture Grid --loss Minimax --epochs 6 --pack 2 --dlr "$rate"; done
run --mixture Grid --loss Minimax --epochs 12 --pack 2 --dlr 2e-3
run --mixture Grid --loss Minimax --epochs 7 --pack 4 --dlr 5e-4
run --mixture Grid --loss Minimax --epochs 7 --pack 4 --dlr 2e-3
# A packed discriminator as wide per row as the unpacked one (256 units per row for PackSize 2), with minimax.
run --mixture Grid --loss Minimax --epochs 5 --pack 2 --dlayers 512 256
# The same width for PackSize 4 (128 units per row) with the non-saturating loss, in the unpacked D's time for 5 epochs.
run --mixture Grid --loss NonSaturating --epochs 5
run --mixture Grid --loss NonSaturating --epochs 5 --pack 4 --dlayers 512 256
