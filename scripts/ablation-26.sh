#!/usr/bin/env bash
# Regenerates the figures of docs/results.md, "Ablation: what makes the
# supernet rank on the Fashion-MNIST table (issue 26)": every supernet option
# and zero-cost baseline scored against one frozen copy of the Fashion-MNIST
# NB201 table, at the same supernet budget (30 epochs of SPOS steps, batch 64).
#
#   scripts/ablation-26.sh STEP...     # steps below, in the order listed; `all` runs every one
#
# Each step writes under $OUT (default runs/ablation-26) and prints the
# `nas bias` summary lines (Kendall tau, Spearman rho, top-k overlap, regret)
# and, from /usr/bin/time, its wall and CPU seconds. One wasm thread each
# (NAS_THREADS=1): run the steps one at a time beside anything else.
#
# The truth is the table as committed in 0d68fb4 (219 architectures x 2 seeds,
# recipe D); the supernets train on its split and network (--data-from-table).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/ablation-26}
NAS=${NAS:-node bin/nas.js}
export NAS_THREADS=1
T=$OUT/t219.json
mkdir -p "$OUT"
if [ ! -f "$T" ]; then
  git show 0d68fb4:data/fmnist-nb201.json > "$T.tmp" && mv "$T.tmp" "$T"
  git show 0d68fb4:data/fmnist-nb201.ledger.jsonl > "$OUT/t219.ledger.jsonl.tmp" && mv "$OUT/t219.ledger.jsonl.tmp" "$OUT/t219.ledger.jsonl"
fi
# Every architecture of the table with a distinct computation (isomorphic twins once).
SCORE="--truth table:$T --within-table $T -k 219 --unique"
timed() { /usr/bin/time -f "%e s wall, %U s user, %S s sys" "$@"; }
bias() { local out=$1; shift; rm -rf "$OUT/$out"; timed $NAS bias "$@" $SCORE --out "$OUT/$out"; }
# A 30-epoch supernet on the table's split: search STRATEGY NAME SEED [flags...]
search() {
  local strategy=$1 name=$2 seed=$3; shift 3
  [ -f "$OUT/$name/result.json" ] || { rm -rf "$OUT/$name"; timed $NAS search "$strategy" --space nb201 --data-from-table "$T" \
    --batch-size 64 --seed "$seed" --snapshots --out "$OUT/$name" "$@"; }
}
deiso() { for s in 0 1 2; do search spos deiso-s$s $s --epochs 30 --unique-paths true; done; }
SUPERNETS="--supernet $OUT/deiso-s0 --supernet $OUT/deiso-s1 --supernet $OUT/deiso-s2"

step_zc() {
  bias zc --supernet zc:params --supernet zc:mult-adds --supernet zc:synflow --supernet zc:naswot --supernet zc:jacob_cov --zc-table "$T"
}
# De-isomorphic sampling (the base every other row changes one thing of), BatchNorm re-calibrated on 10 batches, 10 eval batches.
step_deiso() { deiso; bias deiso $SUPERNETS; }
step_bn_batch() { deiso; bias bn-batch $SUPERNETS --score-batch-norm batch; }
step_bn_running() { deiso; bias bn-running $SUPERNETS --score-batch-norm running --recalibrate-batches 0; }
# 40 batches of 128 are all 5,000 of the table's val images.
step_eval40() { deiso; bias eval40 $SUPERNETS --eval-batches 40; }
step_ensemble() { deiso; bias ensemble3 --supernet "$OUT/deiso-s0" --ensemble 3; bias ensemble5 --supernet "$OUT/deiso-s0" --ensemble 5; }
# String sampling: a uniform op per edge, isomorphic twins drawn as often as their strings.
step_string() { for s in 0 1 2; do search spos string-s$s $s --epochs 30 --unique-paths false; done
  bias string --supernet "$OUT/string-s0" --supernet "$OUT/string-s1" --supernet "$OUT/string-s2"; }
# FairNAS trains all 5 ops of every edge per step (5 paths, one update): 6 epochs = the 30 epochs' path passes.
step_fair() { for s in 0 1 2; do search fair fair-s$s $s --epochs 6; done
  bias fair --supernet "$OUT/fair-s0" --supernet "$OUT/fair-s1" --supernet "$OUT/fair-s2"; }
step_affine() { for s in 0 1 2; do search spos affine-s$s $s --epochs 30 --unique-paths true --affine-ops; done
  bias affine --supernet "$OUT/affine-s0" --supernet "$OUT/affine-s1" --supernet "$OUT/affine-s2"; }
# Tau against epochs: one 100-epoch supernet, snapshots re-scored.
step_epochs() {
  search spos long-s0 0 --epochs 100 --unique-paths true
  local args=()
  for e in 10 20 25 30 40 50 60 75 90; do args+=(--supernet "$OUT/long-s0/snapshots/epoch-$e.nas"); done
  bias epochs "${args[@]}" --supernet "$OUT/long-s0"
}
step_rank() {
  deiso
  bias rank --supernet "rank:supernet:$OUT/deiso-s0,zc:params" --supernet "rank:supernet:$OUT/deiso-s0,zc:synflow" \
    --supernet "rank:supernet:$OUT/deiso-s1,zc:params" --supernet "rank:supernet:$OUT/deiso-s2,zc:params" --zc-table "$T"
}

STEPS="zc deiso bn_batch bn_running eval40 ensemble string fair affine epochs rank"
[ $# -gt 0 ] || { echo "usage: $0 STEP... (steps: $STEPS, all)" >&2; exit 2; }
for step in "$@"; do
  if [ "$step" = all ]; then for s in $STEPS; do "step_$s"; done
  elif [[ " $STEPS " == *" $step "* ]]; then "step_$step"
  else echo "unknown step '$step' (steps: $STEPS, all)" >&2; exit 2; fi
done
