/**
 * Ten loops over tfjs's wasm heap, as a tiny WebAssembly module assembled
 * here (no toolchain in the build) that imports the backend's own memory, so
 * they read and write tensors in place. Pointers, lengths and steps are in
 * bytes.
 *
 * Why not JS: typed-array loops and `copyWithin` over the wasm heap's buffer
 * run 2-4x slower than over a plain ArrayBuffer in Node 20 (measured), and JS
 * has no SIMD; these run 4 float32 lanes per instruction.
 */
export interface SimdKernels {
  /**
   * For each of `groups` groups of 4 float32 lanes (16 bytes apart), lanes separately:
   * `acc[g] += sum_{p < count} x[p * xStep + g] * y[p * yStep + g]`.
   * A per-channel reduction over the pixels of an NHWC tensor (`yStep` 0: `y` is one vector); `rowDotRows` over one row.
   */
  rowDot(x: number, y: number, acc: number, count: number, xStep: number, yStep: number, groups: number): void;
  /**
   * `rowDot` over `rows` rows into the same `acc`, row `r` starting at `x + r * xRowStep` and
   * `y + r * yRowStep`: one call for a tap's whole block of output rows (a call into wasm costs about
   * as much as a short row's work).
   */
  rowDotRows(
    x: number,
    y: number,
    acc: number,
    count: number,
    xStep: number,
    yStep: number,
    groups: number,
    rows: number,
    xRowStep: number,
    yRowStep: number,
  ): void;
  /** Like `rowDot` of `x - centre` with itself: `acc[g] += sum_{p < count} (x[p * xStep + g] - centre[g])^2`. */
  rowSquares(x: number, centre: number, acc: number, count: number, xStep: number, groups: number): void;
  /**
   * `acc[i, g] += sum_{p < count} x[p * xStep + i] * y[p * yStep + g]` for `i < rows` float32 scalars of
   * `x` (4 bytes apart) and `groups` groups of 4 float32 lanes of `y` (16 bytes apart), `acc` row-major
   * `[rows, groups * 4]`: the sum of the outer products of pixel rows, e.g. the filter gradient of a 1x1 conv.
   */
  outerDot(x: number, y: number, acc: number, count: number, xStep: number, yStep: number, rows: number, groups: number): void;
  /**
   * Per pixel `p < pixels` and group `g < groups` of 4 float32 lanes (pixels `groups * 16` bytes long):
   * `out[p, g] = x[p, g] * a[g] + y[p, g] * b[g] + c[g]`, with `a`, `b`, `c` one pixel each.
   * A per-channel affine map of one or two NHWC tensors (`b` zeros for one).
   */
  affine(x: number, y: number, a: number, b: number, c: number, out: number, pixels: number, groups: number): void;
  /**
   * One tap of max pooling's gradient over `count` output pixels of `groups` groups of 4 float32 lanes:
   * where `x[p]` (pixels `xStep` bytes apart, as `dx`) equals the pooled `y[p]` (packed, as `rem`), moves
   * `rem[p]` (the output gradient not yet given to an earlier tap of the window) into `dx[p] +=`.
   * Run for a window's taps in row-major order, each output's gradient goes to its first maximum.
   */
  maxPoolTap(x: number, y: number, rem: number, dx: number, count: number, xStep: number, groups: number): void;
  /**
   * For `count` pixels of `groups` groups of 4 float32 lanes: `dx[p * dxStep + g] += dy[p, g] * s[p]`,
   * `dy` packed, `s` one float32 per pixel. One tap of average pooling's gradient (`s` the inverse of
   * each window's size) over a row of output pixels.
   */
  scaledTap(dy: number, s: number, dx: number, count: number, dxStep: number, groups: number): void;
  /**
   * For `count` pixels of `groups` groups of 4 float32 lanes: `dx[p * dxStep + g] += dy[p, g] * w[g]`,
   * `dy` packed, `w` one pixel. One tap of a depthwise convolution's input gradient over a row of output
   * pixels, scattered to the input pixels `dxStep` apart (the stride).
   */
  weightedTap(dy: number, w: number, dx: number, count: number, dxStep: number, groups: number): void;
  /**
   * For `rows` rows of `count` pixels of `groups` groups of 4 float32 lanes:
   * `out[r, p, g] += x[r * xRowStep + p * xStep + g] * w[g]`, `out` packed (rows `outRowStep` apart).
   * One tap of a depthwise convolution over a block of output rows.
   */
  tapAxpyRows(
    x: number,
    w: number,
    out: number,
    count: number,
    xStep: number,
    groups: number,
    rows: number,
    xRowStep: number,
    outRowStep: number,
  ): void;
  /** `out[i] = x[i] > 0 ? dy[i] : 0` for `groups` groups of 4 float32 lanes: ReLU's gradient. */
  reluGrad(dy: number, x: number, out: number, groups: number): void;
  /** `rows` rows of `length` bytes, `srcStep` apart from `src`, to `dstStep` apart from `dst` (16 bytes at a time, then bytes). */
  copyRows(dst: number, src: number, rows: number, length: number, srcStep: number, dstStep: number): void;
}

/** The Emscripten module behind tfjs's wasm backend: the memory it exports (single-threaded) or imports (threaded). */
interface TfjsWasmModule {
  readonly asm?: { readonly memory?: unknown };
  readonly wasmMemory?: unknown;
}

/** The parts of the WebAssembly JS API used here (the project's `lib` has no WebAssembly value types). */
interface WebAssemblyApi {
  readonly Memory: abstract new (...args: never[]) => { readonly buffer: ArrayBufferLike };
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load8U: [0x2d, 0, 0],
  i32Store8: [0x3a, 0, 0],
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
} as const;
/** SIMD instructions (prefix 0xfd, then the LEB128 opcode); loads and stores with align 2^2, offset 0. */
const simd = {
  load: [0xfd, 0x00, 2, 0],
  /** `v128.load` at a constant byte offset (below 128). */
  loadAt: (offset: number) => [0xfd, 0x00, 2, offset],
  store: [0xfd, 0x0b, 2, 0],
  storeAt: (offset: number) => [0xfd, 0x0b, 2, offset],
  /** One float32 into all 4 lanes. */
  load32Splat: [0xfd, 0x09, 2, 0],
  zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Sub: [0xfd, 0xe5, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Eq: [0xfd, 0x41],
  f32x4Gt: [0xfd, 0x44],
  and: [0xfd, 0x4e],
  andNot: [0xfd, 0x4f],
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}

const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];

const get = (i: number) => [op.localGet, i];
const set = (i: number) => [op.localSet, i];
/** `local[i] += value` for an i32 local; `value` is an instruction sequence. */
const addTo = (i: number, value: readonly number[]) => [...get(i), ...value, op.i32Add, ...set(i)];
const subFrom = (i: number, value: readonly number[]) => [...get(i), ...value, op.i32Sub, ...set(i)];
/** `i32.const n`, n >= 0 (signed LEB128: a byte holds 0..63, bit 6 being the sign). */
function constant(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>>= 7;
    if (n === 0 && (low & 0x40) === 0) return [op.i32Const, ...out, low];
    out.push(low | 0x80);
  }
}
/** `while (!exit) { body }`, `exit` an instruction sequence leaving an i32. */
const whileNot = (exit: readonly number[], body: readonly number[]) => [
  op.block,
  0x40,
  op.loop,
  0x40,
  ...exit,
  op.brIf,
  1,
  ...body,
  op.br,
  0,
  op.end,
  op.end,
];
const whileNonZero = (i: number, body: readonly number[]) => whileNot([...get(i), op.i32Eqz], body);

/** `rowDotRows`: params x, y, acc, count, xStep, yStep, groups, rows, xRowStep, yRowStep; locals p, xp, yp, xg, yg, ag, g (i32), sum (v128). */
function rowDotRowsCode(): number[] {
  const [X, Y, ACC, COUNT, X_STEP, Y_STEP, GROUPS, ROWS, X_ROW, Y_ROW] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [P, XP, YP, XG, YG, AG, G, SUM] = [10, 11, 12, 13, 14, 15, 16, 17];
  return [
    ...vec([
      [7, I32],
      [1, V128],
    ]),
    ...whileNonZero(ROWS, [
      ...get(X),
      ...set(XG),
      ...get(Y),
      ...set(YG),
      ...get(ACC),
      ...set(AG),
      ...get(GROUPS),
      ...set(G),
      ...whileNonZero(G, [
        ...simd.zero,
        ...set(SUM),
        ...get(XG),
        ...set(XP),
        ...get(YG),
        ...set(YP),
        ...get(COUNT),
        ...set(P),
        ...whileNonZero(P, [
          ...get(SUM),
          ...get(XP),
          ...simd.load,
          ...get(YP),
          ...simd.load,
          ...simd.f32x4Mul,
          ...simd.f32x4Add,
          ...set(SUM),
          ...addTo(XP, get(X_STEP)),
          ...addTo(YP, get(Y_STEP)),
          ...subFrom(P, constant(1)),
        ]),
        ...get(AG),
        ...get(AG),
        ...simd.load,
        ...get(SUM),
        ...simd.f32x4Add,
        ...simd.store,
        ...addTo(XG, constant(16)),
        ...addTo(YG, constant(16)),
        ...addTo(AG, constant(16)),
        ...subFrom(G, constant(1)),
      ]),
      ...addTo(X, get(X_ROW)),
      ...addTo(Y, get(Y_ROW)),
      ...subFrom(ROWS, constant(1)),
    ]),
    op.end,
  ];
}

/** `rowSquares`: params x, centre, acc, count, xStep, groups; locals p, xp (i32), c, d, sum (v128). */
function rowSquaresCode(): number[] {
  const [X, CENTRE, ACC, COUNT, X_STEP, GROUPS, P, XP, C, D, SUM] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  return [
    ...vec([
      [2, I32],
      [3, V128],
    ]),
    ...whileNonZero(GROUPS, [
      ...simd.zero,
      ...set(SUM),
      ...get(CENTRE),
      ...simd.load,
      ...set(C),
      ...get(X),
      ...set(XP),
      ...get(COUNT),
      ...set(P),
      ...whileNonZero(P, [
        // d = x[xp] - c; sum += d * d
        ...get(SUM),
        ...get(XP),
        ...simd.load,
        ...get(C),
        ...simd.f32x4Sub,
        op.localTee,
        D,
        ...get(D),
        ...simd.f32x4Mul,
        ...simd.f32x4Add,
        ...set(SUM),
        ...addTo(XP, get(X_STEP)),
        ...subFrom(P, constant(1)),
      ]),
      ...get(ACC),
      ...get(ACC),
      ...simd.load,
      ...get(SUM),
      ...simd.f32x4Add,
      ...simd.store,
      ...addTo(X, constant(16)),
      ...addTo(CENTRE, constant(16)),
      ...addTo(ACC, constant(16)),
      ...subFrom(GROUPS, constant(1)),
    ]),
    op.end,
  ];
}

/**
 * `outerDot`: params x, y, acc, count, xStep, yStep, rows, groups; locals g, p, xp, yp, yg (i32),
 * s, sum0..sum3 (v128). Per row of `acc`: blocks of 4 groups share each splat of `x`, 4 running sums in
 * registers; the groups left over go one at a time.
 */
function outerDotCode(): number[] {
  const [X, Y, ACC, COUNT, X_STEP, Y_STEP, ROWS, GROUPS, G, P, XP, YP, YG, S] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const SUMS = [14, 15, 16, 17];
  /** A pass over the pixels for `lanes` groups from `yg`, added into `acc` from its current group. */
  const pass = (lanes: number) => [
    ...SUMS.slice(0, lanes).flatMap((v) => [...simd.zero, ...set(v)]),
    ...get(X),
    ...set(XP),
    ...get(YG),
    ...set(YP),
    ...get(COUNT),
    ...set(P),
    ...whileNonZero(P, [
      ...get(XP),
      ...simd.load32Splat,
      ...set(S),
      ...SUMS.slice(0, lanes).flatMap((v, k) => [
        ...get(v),
        ...get(S),
        ...get(YP),
        ...simd.loadAt(16 * k),
        ...simd.f32x4Mul,
        ...simd.f32x4Add,
        ...set(v),
      ]),
      ...addTo(XP, get(X_STEP)),
      ...addTo(YP, get(Y_STEP)),
      ...subFrom(P, constant(1)),
    ]),
    ...SUMS.slice(0, lanes).flatMap((v, k) => [
      ...get(ACC),
      ...get(ACC),
      ...simd.loadAt(16 * k),
      ...get(v),
      ...simd.f32x4Add,
      ...simd.storeAt(16 * k),
    ]),
    ...addTo(ACC, constant(16 * lanes)),
    ...addTo(YG, constant(16 * lanes)),
    ...subFrom(G, constant(lanes)),
  ];
  return [
    ...vec([
      [5, I32],
      [5, V128],
    ]),
    ...whileNonZero(ROWS, [
      ...get(Y),
      ...set(YG),
      ...get(GROUPS),
      ...set(G),
      ...whileNot([...get(G), ...constant(4), op.i32LtU], pass(4)),
      ...whileNonZero(G, pass(1)),
      ...addTo(X, constant(4)),
      ...subFrom(ROWS, constant(1)),
    ]),
    op.end,
  ];
}

/** `affine`: params x, y, a, b, c, out, pixels, groups; locals g, ap, bp, cp (i32). */
function affineCode(): number[] {
  const [X, Y, A, B, C, OUT, PIXELS, GROUPS, G, AP, BP, CP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return [
    ...vec([[4, I32]]),
    ...whileNonZero(PIXELS, [
      ...get(A),
      ...set(AP),
      ...get(B),
      ...set(BP),
      ...get(C),
      ...set(CP),
      ...get(GROUPS),
      ...set(G),
      ...whileNonZero(G, [
        // out = x * a + y * b + c
        ...get(OUT),
        ...get(X),
        ...simd.load,
        ...get(AP),
        ...simd.load,
        ...simd.f32x4Mul,
        ...get(Y),
        ...simd.load,
        ...get(BP),
        ...simd.load,
        ...simd.f32x4Mul,
        ...simd.f32x4Add,
        ...get(CP),
        ...simd.load,
        ...simd.f32x4Add,
        ...simd.store,
        ...[X, Y, OUT, AP, BP, CP].flatMap((i) => addTo(i, constant(16))),
        ...subFrom(G, constant(1)),
      ]),
      ...subFrom(PIXELS, constant(1)),
    ]),
    op.end,
  ];
}

/** `maxPoolTap`: params x, y, rem, dx, count, xStep, groups; locals xp, dp, g (i32), m, r (v128). */
function maxPoolTapCode(): number[] {
  const [X, Y, REM, DX, COUNT, X_STEP, GROUPS, XP, DP, G, M, R] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return [
    ...vec([
      [3, I32],
      [2, V128],
    ]),
    ...whileNonZero(COUNT, [
      ...get(X),
      ...set(XP),
      ...get(DX),
      ...set(DP),
      ...get(GROUPS),
      ...set(G),
      ...whileNonZero(G, [
        // m = x == y; r = rem; dx += r & m; rem = r & ~m
        ...get(XP),
        ...simd.load,
        ...get(Y),
        ...simd.load,
        ...simd.f32x4Eq,
        ...set(M),
        ...get(REM),
        ...simd.load,
        ...set(R),
        ...get(DP),
        ...get(DP),
        ...simd.load,
        ...get(R),
        ...get(M),
        ...simd.and,
        ...simd.f32x4Add,
        ...simd.store,
        ...get(REM),
        ...get(R),
        ...get(M),
        ...simd.andNot,
        ...simd.store,
        ...[XP, DP, Y, REM].flatMap((i) => addTo(i, constant(16))),
        ...subFrom(G, constant(1)),
      ]),
      ...addTo(X, get(X_STEP)),
      ...addTo(DX, get(X_STEP)),
      ...subFrom(COUNT, constant(1)),
    ]),
    op.end,
  ];
}

/** `scaledTap`: params dy, s, dx, count, dxStep, groups; locals dp, g (i32), k (v128). */
function scaledTapCode(): number[] {
  const [DY, S, DX, COUNT, DX_STEP, GROUPS, DP, G, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return [
    ...vec([
      [2, I32],
      [1, V128],
    ]),
    ...whileNonZero(COUNT, [
      ...get(S),
      ...simd.load32Splat,
      ...set(K),
      ...get(DX),
      ...set(DP),
      ...get(GROUPS),
      ...set(G),
      ...whileNonZero(G, [
        ...get(DP),
        ...get(DP),
        ...simd.load,
        ...get(DY),
        ...simd.load,
        ...get(K),
        ...simd.f32x4Mul,
        ...simd.f32x4Add,
        ...simd.store,
        ...addTo(DP, constant(16)),
        ...addTo(DY, constant(16)),
        ...subFrom(G, constant(1)),
      ]),
      ...addTo(S, constant(4)),
      ...addTo(DX, get(DX_STEP)),
      ...subFrom(COUNT, constant(1)),
    ]),
    op.end,
  ];
}

/** `weightedTap`: params dy, w, dx, count, dxStep, groups; locals dp, wp, g (i32). */
function weightedTapCode(): number[] {
  const [DY, W, DX, COUNT, DX_STEP, GROUPS, DP, WP, G] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return [
    ...vec([[3, I32]]),
    ...whileNonZero(COUNT, [
      ...get(DX),
      ...set(DP),
      ...get(W),
      ...set(WP),
      ...get(GROUPS),
      ...set(G),
      ...whileNonZero(G, [
        ...get(DP),
        ...get(DP),
        ...simd.load,
        ...get(DY),
        ...simd.load,
        ...get(WP),
        ...simd.load,
        ...simd.f32x4Mul,
        ...simd.f32x4Add,
        ...simd.store,
        ...[DP, DY, WP].flatMap((i) => addTo(i, constant(16))),
        ...subFrom(G, constant(1)),
      ]),
      ...addTo(DX, get(DX_STEP)),
      ...subFrom(COUNT, constant(1)),
    ]),
    op.end,
  ];
}

/** `tapAxpyRows`: params x, w, out, count, xStep, groups, rows, xRowStep, outRowStep; locals xp, wp, op, g, p, xr, or (i32). */
function tapAxpyRowsCode(): number[] {
  const [X, W, OUT, COUNT, X_STEP, GROUPS, ROWS, X_ROW, OUT_ROW] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [XP, WP, _OP, G, P, XR, OR] = [9, 10, 11, 12, 13, 14, 15];
  return [
    ...vec([[7, I32]]),
    ...whileNonZero(ROWS, [
      ...get(X),
      ...set(XR),
      ...get(OUT),
      ...set(OR),
      ...get(COUNT),
      ...set(P),
      ...whileNonZero(P, [
        ...get(XR),
        ...set(XP),
        ...get(W),
        ...set(WP),
        ...get(GROUPS),
        ...set(G),
        ...whileNonZero(G, [
          ...get(OR),
          ...get(OR),
          ...simd.load,
          ...get(XP),
          ...simd.load,
          ...get(WP),
          ...simd.load,
          ...simd.f32x4Mul,
          ...simd.f32x4Add,
          ...simd.store,
          ...[XP, WP, OR].flatMap((i) => addTo(i, constant(16))),
          ...subFrom(G, constant(1)),
        ]),
        ...addTo(XR, get(X_STEP)),
        ...subFrom(P, constant(1)),
      ]),
      ...addTo(X, get(X_ROW)),
      ...addTo(OUT, get(OUT_ROW)),
      ...subFrom(ROWS, constant(1)),
    ]),
    op.end,
  ];
}

/** `reluGrad`: params dy, x, out, groups. */
function reluGradCode(): number[] {
  const [DY, X, OUT, GROUPS] = [0, 1, 2, 3];
  return [
    ...vec([]),
    ...whileNonZero(GROUPS, [
      ...get(OUT),
      ...get(DY),
      ...simd.load,
      ...get(X),
      ...simd.load,
      ...simd.zero,
      ...simd.f32x4Gt,
      ...simd.and,
      ...simd.store,
      ...[DY, X, OUT].flatMap((i) => addTo(i, constant(16))),
      ...subFrom(GROUPS, constant(1)),
    ]),
    op.end,
  ];
}

/** `copyRows`: params dst, src, rows, length, srcStep, dstStep; locals n, d, s (i32). */
function copyRowsCode(): number[] {
  const [DST, SRC, ROWS, LENGTH, SRC_STEP, DST_STEP, N, D, S] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return [
    ...vec([[3, I32]]),
    ...whileNonZero(ROWS, [
      ...get(LENGTH),
      ...set(N),
      ...get(DST),
      ...set(D),
      ...get(SRC),
      ...set(S),
      ...whileNot(
        [...get(N), ...constant(16), op.i32LtU],
        [
          ...get(D),
          ...get(S),
          ...simd.load,
          ...simd.store,
          ...addTo(D, constant(16)),
          ...addTo(S, constant(16)),
          ...subFrom(N, constant(16)),
        ],
      ),
      ...whileNonZero(N, [
        ...get(D),
        ...get(S),
        ...op.i32Load8U,
        ...op.i32Store8,
        ...addTo(D, constant(1)),
        ...addTo(S, constant(1)),
        ...subFrom(N, constant(1)),
      ]),
      ...addTo(DST, get(DST_STEP)),
      ...addTo(SRC, get(SRC_STEP)),
      ...subFrom(ROWS, constant(1)),
    ]),
    op.end,
  ];
}

const FUNCTIONS = [
  { name: 'rowSquares', params: 6, code: rowSquaresCode() },
  { name: 'rowDotRows', params: 10, code: rowDotRowsCode() },
  { name: 'copyRows', params: 6, code: copyRowsCode() },
  { name: 'outerDot', params: 8, code: outerDotCode() },
  { name: 'affine', params: 8, code: affineCode() },
  { name: 'maxPoolTap', params: 7, code: maxPoolTapCode() },
  { name: 'scaledTap', params: 6, code: scaledTapCode() },
  { name: 'weightedTap', params: 6, code: weightedTapCode() },
  { name: 'tapAxpyRows', params: 9, code: tapAxpyRowsCode() },
  { name: 'reluGrad', params: 4, code: reluGradCode() },
] as const;

/** The module, importing `env.memory` (shared, with tfjs's 4 GB maximum, for the threaded build). */
function moduleBytes(shared: boolean): Uint8Array {
  const memoryType = shared ? [0x03, 0, ...uleb(65536)] : [0x00, 0];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // "\0asm", version 1
    ...section(1, vec(FUNCTIONS.map((f) => [0x60, ...vec(new Array<number[]>(f.params).fill([I32])), 0]))), // types: (i32 ...) -> ()
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...memoryType]])), // import env.memory
    ...section(3, vec(FUNCTIONS.map((_, i) => [i]))), // function i has type i
    ...section(7, vec(FUNCTIONS.map((f, i) => [...name(f.name), 0x00, i]))), // exports
    ...section(10, vec(FUNCTIONS.map((f) => [...uleb(f.code.length), ...f.code]))), // code
  ]);
}

const instances = new WeakMap<object, SimdKernels | null>();

type WasmMemory = InstanceType<WebAssemblyApi['Memory']>;

/** The memory of a wasm backend's module, or null where it is not reachable. */
function heapMemory(wasm: unknown): WasmMemory | null {
  const module = wasm as TfjsWasmModule;
  const memory = module.wasmMemory ?? module.asm?.memory;
  return memory instanceof webAssembly.Memory ? memory : null;
}

/** Whether the memory is shared with worker threads (tfjs's threaded build). */
function sharedMemory(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * Whether a wasm backend's module (`backend.wasm`) is tfjs's threaded build
 * (its memory is shared with the worker pool, so XNNPACK's kernels run on
 * several threads while these loops run on one).
 */
export function threadedHeap(wasm: unknown): boolean {
  const memory = heapMemory(wasm);
  return memory !== null && sharedMemory(memory);
}

/**
 * The loops on the heap of a wasm backend's module (`backend.wasm`), or null
 * where its memory is not reachable or the engine lacks WebAssembly SIMD
 * (callers then take a general path). Built once per heap.
 */
export function simdFor(wasm: unknown): SimdKernels | null {
  const memory = heapMemory(wasm);
  if (memory === null) return null;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    try {
      const { exports } = new webAssembly.Instance(new webAssembly.Module(moduleBytes(sharedMemory(memory))), { env: { memory } });
      const rowDotRows = exports['rowDotRows'] as SimdKernels['rowDotRows'];
      kernels = {
        rowDot: (x, y, acc, count, xStep, yStep, groups) => rowDotRows(x, y, acc, count, xStep, yStep, groups, 1, 0, 0),
        rowSquares: exports['rowSquares'] as SimdKernels['rowSquares'],
        rowDotRows,
        copyRows: exports['copyRows'] as SimdKernels['copyRows'],
        outerDot: exports['outerDot'] as SimdKernels['outerDot'],
        affine: exports['affine'] as SimdKernels['affine'],
        maxPoolTap: exports['maxPoolTap'] as SimdKernels['maxPoolTap'],
        scaledTap: exports['scaledTap'] as SimdKernels['scaledTap'],
        weightedTap: exports['weightedTap'] as SimdKernels['weightedTap'],
        tapAxpyRows: exports['tapAxpyRows'] as SimdKernels['tapAxpyRows'],
        reluGrad: exports['reluGrad'] as SimdKernels['reluGrad'],
      };
    } catch {
      kernels = null;
    }
    instances.set(memory, kernels);
  }
  return kernels;
}
