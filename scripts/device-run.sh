#!/usr/bin/env bash
# Run `bench:gpu` on a GPU machine without Node, from device-pack/ (made by
# scripts/device-pack.sh and carried there), then the kernel benchmark
# (bench/gpu-kernels.ts). Prints the benchmark's JSON lines and tables; copies
# them to $OUT/bench-gpu.txt when $OUT is set.
# Budget: under 8 minutes. Flags are passed to the benchmark (default:
# --steps 3 --wasm-steps 1; --tiny on a software adapter).
#   bash scripts/device-run.sh [--steps 3] [--no-wasm] [--tiny]
set -euo pipefail
cd "$(dirname "$0")/.."
PACK=$PWD/device-pack
[ -f "$PACK/node.xz" ] || { echo "device-run: no $PACK/node.xz: run scripts/device-pack.sh and carry device-pack" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

unxz_to() { # file.xz -> target
  if command -v xz >/dev/null; then xz -dc "$1" > "$2"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2],"wb"))' "$1" "$2"; fi
}
cp -r "$PACK"/. "$WORK"/
unxz_to "$PACK/node.xz" "$WORK/node" && chmod +x "$WORK/node" && rm -f "$WORK/node.xz"
unxz_to "$PACK/node_modules/webgpu/dist/linux-x64/dawn.node.xz" "$WORK/node_modules/webgpu/dist/linux-x64/dawn.node"

# The Vulkan loader: the machine's when it has one, else the packed deb's.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
  for deb in "$WORK"/libvulkan1_*.deb; do
    [ -f "$deb" ] || continue
    mkdir -p "$WORK/vulkan"
    if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$deb" "$WORK/vulkan"; else (cd "$WORK/vulkan" && ar x "$deb" && tar xf data.tar.*); fi
    export LD_LIBRARY_PATH="$WORK/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  done
fi
# NVIDIA's Vulkan driver on the lent machines (the image's ICD search path misses it).
NVIDIA_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$NVIDIA_ICD" ]; then export VK_DRIVER_FILES=$NVIDIA_ICD; fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$WORK}
# The wasm comparison on every core of the (otherwise idle) GPU machine.
export NAS_THREADS=${NAS_THREADS:-$(nproc)}

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--steps 3 --wasm-steps 1)
echo "device-run: $("$WORK/node" --version), VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}, NAS_WEBGPU_ADAPTER=${NAS_WEBGPU_ADAPTER:-hardware}, NAS_THREADS=$NAS_THREADS"
"$WORK/node" "$WORK/gpu.mjs" --torch "$WORK/darts_torch.py" "${args[@]}" 2>&1 | tee "$WORK/bench-gpu.txt"
# The toolkit's WGSL kernels against tfjs-webgpu's, one by one, at the DARTS benchmark's batch (batch 4 on a software adapter).
if [ -f "$WORK/gpu-kernels.mjs" ]; then
  batch=64
  [ "${NAS_WEBGPU_ADAPTER:-}" = software ] && batch=4
  timeout 120 "$WORK/node" "$WORK/gpu-kernels.mjs" --batch "$batch" --runs 5 2>&1 | grep -v '^Warning' | tee -a "$WORK/bench-gpu.txt" || echo "device-run: kernel benchmark failed or over 120 s" >&2
fi
if [ -n "${OUT:-}" ]; then cp "$WORK/bench-gpu.txt" "$OUT/"; fi
