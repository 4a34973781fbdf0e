/** Engines the toolkit can run on. `auto` resolves to one of the others. */
export const BACKEND_NAMES = ['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu', 'webgpu'] as const;

export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendRequest = BackendName | 'auto';

/** How one engine is found and loaded. */
export interface BackendSpec {
  /** Name of the backend inside tfjs (`tf.setBackend`). */
  readonly tfName: string;
  /** npm package that provides it; `null` when it ships with `@tensorflow/tfjs`. */
  readonly packageName: string | null;
  /** What a user must do to get it, printed when it is missing. */
  readonly installHint: string;
  /** Whether `auto` may pick it when it is installed, in order of preference (lower first). */
  readonly autoRank: number | null;
}

/** What `initBackend` selected; printed by `nas info`. */
export interface BackendInfo {
  readonly name: BackendName;
  readonly tfName: string;
  readonly packageName: string;
  readonly version: string;
  readonly tfjsVersion: string;
  /** Extra facts of the engine (wasm: SIMD and thread count). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}
