#!/usr/bin/env bash
# Pack what a GPU machine without Node needs to run `bench:gpu` (issue 25),
# into device-pack/ (git-ignored; under 64 MiB):
#   node.xz            this Node binary (process.execPath), xz-compressed
#   gpu.mjs            bench/gpu.ts, bundled (esbuild)
#   gpu-step.mjs       bench/gpu-step.ts with the toolkit, tfjs and tfjs-webgpu, one file
#   gpu-kernels.mjs    bench/gpu-kernels.ts likewise (the WGSL kernels against tfjs-webgpu's, one by one)
#   *.wasm             tfjs-backend-wasm's binaries, for the wasm comparison
#   node_modules/@tensorflow/tfjs-backend-wasm/  its package.json and wasm-out/*.js (threaded wasm's workers)
#   node_modules/webgpu/  Dawn for Node: index.js, package.json, dist/linux-x64/dawn.node.xz
#   libvulkan1_*.deb   the Vulkan loader (apt-get download), in case the machine lacks it
#   darts_torch.py     the PyTorch reference step (shared/bench), run on CUDA there
# Then scripts/device-run.sh (tracked) unpacks it there and runs the benchmark.
#
# The device tool copies only tracked and untracked-not-ignored files, so the
# pack travels with its `carry` option:
#   scripts/device-pack.sh                      # here, before the device call
#   run(command="bash scripts/device-run.sh", carry=["device-pack"])
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=device-pack
TORCH=${TORCH_SCRIPT:-../shared/bench/darts_torch.py}
rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp/node_modules/webgpu/dist/linux-x64"

# CommonJS parts of tfjs (require, __dirname: tfjs-backend-wasm finds its .wasm files beside its script) in an ES module.
banner="import { createRequire as __nasRequire } from 'node:module'; import { dirname as __nasDirname } from 'node:path'; import { fileURLToPath as __nasPath } from 'node:url'; const require = __nasRequire(import.meta.url); const __filename = __nasPath(import.meta.url); const __dirname = __nasDirname(__filename);"
for entry in gpu gpu-step gpu-kernels; do
  npx esbuild "bench/$entry.ts" --bundle --platform=node --format=esm --target=node20 \
    --external:webgpu --banner:js="$banner" --log-level=warning --outfile="$OUT.tmp/$entry.mjs"
done
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$OUT.tmp/"
# Threaded wasm (NAS_THREADS > 1) resolves its worker and main scripts by package path at run time.
wasm=node_modules/@tensorflow/tfjs-backend-wasm
mkdir -p "$OUT.tmp/$wasm/wasm-out"
cp "$wasm/package.json" "$OUT.tmp/$wasm/"
cp "$wasm"/wasm-out/*.js "$OUT.tmp/$wasm/wasm-out/"

dawn=node_modules/webgpu
cp "$dawn/index.js" "$dawn/package.json" "$OUT.tmp/node_modules/webgpu/"
xz -T0 -6 -c "$dawn/dist/linux-x64/dawn.node" > "$OUT.tmp/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T0 -6 -c "$(node -p process.execPath)" > "$OUT.tmp/node.xz"

(cd "$OUT.tmp" && apt-get download libvulkan1 >/dev/null 2>&1) || echo "device-pack: apt-get download libvulkan1 failed; the machine's own loader will be used" >&2
if [ -f "$TORCH" ]; then cp "$TORCH" "$OUT.tmp/darts_torch.py"; else echo "device-pack: no $TORCH; PyTorch is left out" >&2; fi

size=$(du -sb "$OUT.tmp" | cut -f1)
if [ "$size" -gt $((64 * 1024 * 1024)) ]; then
  echo "device-pack: $((size / 1048576)) MiB, over the 64 MiB the device tool carries" >&2
  rm -rf "$OUT.tmp"
  exit 1
fi
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
echo "device-pack: $OUT/ $((size / 1048576)) MiB ($(ls "$OUT" | tr '\n' ' '))"
