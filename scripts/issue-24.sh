#!/usr/bin/env bash
# Issue 24's long computation as one background job, safe to stop and start
# again at any point: it finishes the Fashion-MNIST NB201 table's build from
# its ledger (data/fmnist-nb201.json, recipe D: 1,000 architectures x 2
# seeds), then runs, or continues, the table of methods on the finished table
# (docs/results/compare-fmnist), then renders its HTML report. Each part
# resumes from its own ledger and repeats nothing finished.
#
#   npm run build
#   nohup scripts/issue-24.sh >> /work/issue-24.log 2>&1 &
#   pkill -INT -f 'nas.js (table build|compare)'   # stop: runs in flight checkpoint (a build's finish), the script exits
#
# Both parts keep the two cores busy: two table workers, then two (method,
# seed) pairs of the comparison at once, one wasm thread each.
set -euo pipefail
cd "$(dirname "$0")/.."
export NAS_THREADS=1
TABLE=${TABLE:-data/fmnist-nb201.json}
COMPARE=${COMPARE:-docs/results/compare-fmnist}
[ -f dist/cli.js ] || { echo "issue-24.sh: dist/cli.js is missing; run npm run build first" >&2; exit 2; }
[ -f "${TABLE%.json}.ledger.jsonl" ] || { echo "issue-24.sh: ${TABLE%.json}.ledger.jsonl is missing: no build to finish" >&2; exit 2; }

echo "issue-24.sh: finishing the build of $TABLE ($(date -u +%FT%TZ))"
node bin/nas.js table build --resume --workers 2 --out "$TABLE"
node bin/nas.js table info "$TABLE"

if [ -f "$COMPARE/settings.json" ]; then
  echo "issue-24.sh: continuing the comparison in $COMPARE ($(date -u +%FT%TZ))"
  node bin/nas.js compare --resume "$COMPARE" --workers 2
else
  echo "issue-24.sh: comparing in $COMPARE ($(date -u +%FT%TZ))"
  node bin/nas.js compare --table "$TABLE" --out "$COMPARE" --seeds 3 --epochs 10 --queries 100 --workers 2
fi
node bin/nas.js report "$COMPARE"
echo "issue-24.sh: done ($(date -u +%FT%TZ))"
