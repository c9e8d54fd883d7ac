#!/usr/bin/env bash
# Reruns the tables of docs/TABULAR.md ("How well it works"): the samples' `tabular` command on credit-g (5 seeds,
# 3,000 epochs) and ticdata (5 seeds, 100 epochs) at the library's defaults with the class column named as the label
# (the headings "the defaults since ce77eea"), then the comparison runs: no label column (CTGAN's unconditional rows)
# and the label named with training as CTGAN's (LabelConditionShare 0). Two processes at a time, one thread each; the
# numbers do not depend on that (training and the classifiers are deterministic on the CPU), the seconds in the
# reports do.
# Usage: eng/tabular/tabular-table.sh [output folder]   (default artifacts/tabular). Each run writes
# <output>/<run>/tabular-<dataset>-report.md. About 70 minutes on 2 cores of an AMD EPYC family 26.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/artifacts/tabular}
mkdir -p "$out"
# A private copy of the build, so rebuilding the repository while the runs go cannot change it.
dotnet build "$root/src/Microsoft.ML.Gan.Samples/Microsoft.ML.Gan.Samples.csproj" -c Release -o "$out/bin" -v quiet -nologo
run() { local name=$1; shift; OMP_NUM_THREADS=1 dotnet "$out/bin/Microsoft.ML.Gan.Samples.dll" tabular --artifacts "$out/$name" "$@" > "$out/$name.log"; echo "$name: $out/$name"; }

# The defaults (LabelColumnName = the class column, LabelConditionShare 0.5).
run credit-g --seeds 5 --seed 1 &
run ticdata --dataset ticdata --epochs 100 --seeds 5 --seed 1 &
wait
# No label column, and the label named with CTGAN's training (only generation stratified).
run credit-g-no-label --seeds 5 --seed 1 --set LabelColumnName= &
run credit-g-share-0 --seeds 5 --seed 1 --set LabelConditionShare=0 &
wait
run ticdata-no-label --dataset ticdata --epochs 100 --seeds 2 --seed 1 --set LabelColumnName= &
run ticdata-share-0 --dataset ticdata --epochs 100 --seeds 2 --seed 1 --set LabelConditionShare=0 &
wait
