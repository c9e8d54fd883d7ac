#!/usr/bin/env bash
# Reruns the table "MNIST as vectors" of docs/TRAINING.md: an MLP GAN on the bundled MNIST digits as flat vectors of 784
# values, 30 epochs, seeds 1–3, at the library's defaults for vectors and with the non-saturating loss at its own and at
# minimax's learning rate. Each run writes the main job's report (FID with GanML's domain classifier, precision/recall,
# modes, FID-ResNet18) to <output>/<setting>-seed<n>/mnist-report.txt; two runs at a time, one thread each.
# Usage: eng/mnist/vectors-table.sh [output folder]   (default artifacts/mnist-vectors; about 4 minutes per run on one
# core of an AMD EPYC family 26, 3 of them the ResNet18 features)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/artifacts/mnist-vectors}
mkdir -p "$out"
# A private copy of the build, so rebuilding the repository while the runs go cannot change them.
dotnet build "$root/src/Microsoft.ML.Gan.Samples/Microsoft.ML.Gan.Samples.csproj" -c Release -o "$out/bin" -v quiet -nologo
run() { local name=$1 seed=$2; shift 2; OMP_NUM_THREADS=1 dotnet "$out/bin/Microsoft.ML.Gan.Samples.dll" mnist-vectors \
    --artifacts "$out/$name-seed$seed" --seed "$seed" "$@" > "$out/$name-seed$seed.log"; }

for seed in 1 2 3; do
    run defaults "$seed" &
    run nonsaturating "$seed" --loss NonSaturating &
    wait
    run nonsaturating-5e-4 "$seed" --loss NonSaturating --lr 5e-4
done
grep -H -E "FID:|Precision|Modes:|generated:" "$out"/*/mnist-report.txt
