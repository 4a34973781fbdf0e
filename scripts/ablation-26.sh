#!/usr/bin/env bash
# Regenerates the figures of docs/results.md, "Ablation: what makes the
# supernet rank on the Fashion-MNIST table (issue 26)": every supernet option
# and zero-cost baseline scored against one frozen copy of the Fashion-MNIST
# NB201 table, at the same supernet budget (30 epochs of SPOS steps, batch 64).
#
#   scripts/ablation-26.sh STEP[:SEEDS]...   # steps below; `all` runs every one; string:0 or string:1,2 only those seeds
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
STEPS="zc deiso bn_batch bn_running eval40 ensemble string fair fair30 affine epochs epochs40 long rank pick pick_long"
[ $# -gt 0 ] || { echo "usage: $0 STEP[:SEEDS]... (steps: $STEPS, all; string:0 trains and scores seed 0 only)" >&2; exit 2; }
for arg in "$@"; do
  [ "$arg" = all ] || [[ " $STEPS " == *" ${arg%%:*} "* ]] || { echo "unknown step '${arg%%:*}' (steps: $STEPS, all)" >&2; exit 2; }
done
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
# The supernets of a technique trained with several seeds (NAME-s0 ...), as --supernet flags.
supernets() { for s in $SEEDS; do printf -- '--supernet %s ' "$OUT/$1-s$s"; done; }
# Study directory of a technique over the seeds asked (string: all three; string-0: seed 0 only).
study() { [ "$SEEDS" = "0 1 2" ] && echo "$1" || echo "$1-${SEEDS// /}"; }
# String sampling: a uniform op per edge, isomorphic twins drawn as often as their strings.
step_string() { for s in $SEEDS; do search spos string-s$s $s --epochs 30 --unique-paths false; done
  bias "$(study string)" $(supernets string); }
# FairNAS trains all 5 ops of every edge per step (5 paths, one update): 6 epochs = the 30 epochs' path passes.
step_fair() { for s in $SEEDS; do search fair fair-s$s $s --epochs 6; done
  bias "$(study fair)" $(supernets fair); }
# FairNAS at the base's number of updates (4,710), 5 times its compute.
step_fair30() { for s in $SEEDS; do search fair fair30-s$s $s --epochs 30; done
  bias "$(study fair30)" $(supernets fair30); }
step_affine() { for s in $SEEDS; do search spos affine-s$s $s --epochs 30 --unique-paths true --affine-ops; done
  bias "$(study affine)" $(supernets affine); }
# Tau against epochs: one 100-epoch supernet, snapshots re-scored.
step_epochs() {
  search spos long-s0 0 --epochs 100 --unique-paths true
  local args=()
  for e in 10 25 50 75; do args+=(--supernet "$OUT/long-s0/snapshots/epoch-$e.nas"); done
  bias epochs "${args[@]}" --supernet "$OUT/long-s0"
}
# The same snapshots scored on all 5,000 of the table's val images (the best scoring of the ablation).
step_epochs40() {
  search spos long-s0 0 --epochs 100 --unique-paths true
  local args=()
  for e in 10 25 50 75; do args+=(--supernet "$OUT/long-s0/snapshots/epoch-$e.nas"); done
  bias epochs40 "${args[@]}" --supernet "$OUT/long-s0" --eval-batches 40
}
step_rank() {
  deiso
  bias rank --supernet "rank:supernet:$OUT/deiso-s0,zc:params" --supernet "rank:supernet:$OUT/deiso-s0,zc:synflow" \
    --supernet "rank:supernet:$OUT/deiso-s1,zc:params" --supernet "rank:supernet:$OUT/deiso-s2,zc:params" --zc-table "$T"
}

# The searched genotype against random search at equal cost: evolution within the table on an estimator,
# one run per supernet seed; then random search on the table itself with as many queries as the pipeline's
# CPU seconds buy at the table's 26.3 CPU s per run (1: #params; 8: supernet training + evolution;
# 9: with the rank average; 10: the same at the training's wall seconds; 21: the 100-epoch supernet), 100 seeds each.
step_pick() {
  for s in 0 1 2; do
    rm -rf "$OUT/evolve-deiso-s$s" "$OUT/evolve-rank-s$s"
    timed $NAS evolve --estimator "supernet:$OUT/deiso-s$s" --within-table "$T" --budget 100 --seed $s --out "$OUT/evolve-deiso-s$s"
    timed $NAS evolve --estimator "rank:supernet:$OUT/deiso-s$s,zc:params" --zc-table "$T" --within-table "$T" --budget 100 --seed $s \
      --out "$OUT/evolve-rank-s$s"
  done
  rm -rf "$OUT/evolve-params"
  timed $NAS evolve --estimator zc:params --zc-table "$T" --within-table "$T" --budget 100 --seeds 3 --out "$OUT/evolve-params"
  for n in 1 8 9 10 21; do
    rm -rf "$OUT/random-q$n"
    $NAS random --estimator "table:$T" --within-table "$T" --budget $n --seeds 100 --out "$OUT/random-q$n" > /dev/null
  done
  npx tsx scripts/ablation-26-picks.ts "$T" "$OUT"/evolve-deiso-s? "$OUT"/evolve-rank-s? "$OUT/evolve-params"
  for n in 1 8 9 10 21; do
    echo "random, $n queries: $(npx tsx scripts/ablation-26-picks.ts "$T" "$OUT/random-q$n" | grep -c 'top 5%: yes') of 100 seeds in the top 5%"
  done
}

# The best one-shot recipe on more seeds: 100 epochs, scored on all 5,000 val images (seed 0 is step epochs40's long-s0).
step_long() { for s in $SEEDS; do search spos long-s$s $s --epochs 100 --unique-paths true; done
  bias "$(study long40)" $(supernets long) --eval-batches 40; }
# The best one-shot recipe's pick: evolution on its supernet, scored on all 5,000 val images.
step_pick_long() {
  for s in $SEEDS; do
    rm -rf "$OUT/evolve-long40-s$s"
    timed $NAS evolve --estimator "supernet:$OUT/long-s$s" --eval-batches 40 --within-table "$T" --budget 100 --seed $s --out "$OUT/evolve-long40-s$s"
    npx tsx scripts/ablation-26-picks.ts "$T" "$OUT/evolve-long40-s$s"
  done
}

for arg in "$@"; do
  step=${arg%%:*}
  SEEDS="0 1 2"; [ "$arg" = "$step" ] || SEEDS=${arg#*:}; SEEDS=${SEEDS//,/ }
  if [ "$step" = all ]; then for s in $STEPS; do "step_$s"; done; else "step_$step"; fi
done
