import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NasError, firstLine } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * Multi-threaded wasm under Node.
 *
 * tfjs-backend-wasm ships a threaded SIMD build (Emscripten pthreads, an
 * XNNPACK thread pool) but turns it off under Node, and three things stand in
 * the way when it is turned on:
 * - the build's pthread workers are started from a blob URL of the worker
 *   script, and receive the main script as a Blob; a Node worker needs a file
 *   path for both;
 * - the pool size is capped at `os.cpus().length / 2` (the build assumes two
 *   hardware threads per core), which is 1 on a 2-core machine;
 * - `setThreadsCount` must be called before the backend starts.
 *
 * `withWasmThreads` sets these up around the backend's start: the worker
 * script is written once to the temp directory (named by its hash), the
 * worker class hands workers file paths, and `os.cpus` reports enough CPUs
 * for the requested count while the module starts. Everything it touches is
 * restored before it returns, except the worker class, which the Emscripten
 * runtime keeps for workers it starts later.
 */

interface WorkerMessage {
  readonly cmd?: unknown;
  readonly urlOrBlob?: unknown;
}

type WorkerCtor = typeof import('node:worker_threads').Worker;

/** The number of cores Node may use, the default thread count. */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function workerScriptPath(): string {
  const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as {
    wasmWorkerContents: string;
  };
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = join(os.tmpdir(), `tfjs-nas-wasm-worker-${digest}.cjs`);
  if (!existsSync(file)) {
    const temp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, source);
      renameSync(temp, file);
    } catch (error) {
      throw new NasError(
        `cannot write the wasm thread worker script to ${os.tmpdir()} (${firstLine(error)}); set NAS_THREADS=1 to run single-threaded`,
      );
    }
  }
  return file;
}

function fileWorker(Base: WorkerCtor, workerFile: string, mainScript: string): WorkerCtor {
  class FileWorker extends Base {
    constructor(file: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      // The worker script is plain CommonJS: the parent's loader flags (--import tsx, --input-type ...) must not reach it.
      super(String(file).startsWith('blob:') ? workerFile : file, { ...options, execArgv: options?.execArgv ?? [] });
    }

    override postMessage(message: unknown, transfer?: readonly import('node:worker_threads').Transferable[]): void {
      const m = message as WorkerMessage | null;
      const patched =
        m !== null && typeof m === 'object' && m.cmd === 'load' && typeof m.urlOrBlob !== 'string'
          ? { ...m, urlOrBlob: mainScript }
          : message;
      super.postMessage(patched, transfer);
    }
  }
  return FileWorker;
}

interface PThreadWorker {
  unref(): void;
  terminate(): unknown;
}

/**
 * The pool's threads run for the life of the process; Emscripten keeps their
 * workers referenced, so Node would never exit: unref them. The spare workers
 * Emscripten starts ahead (8, each a V8 isolate with the module) are ended;
 * it starts a new one if a thread is ever created later.
 */
function releaseWorkers(): void {
  const pthread = (
    tf.findBackend('wasm') as { wasm?: { PThread?: { runningWorkers: PThreadWorker[]; unusedWorkers: PThreadWorker[] } } } | null
  )?.wasm?.PThread;
  if (pthread === undefined) return;
  for (const worker of pthread.runningWorkers) worker.unref();
  for (const worker of pthread.unusedWorkers) void worker.terminate();
  pthread.unusedWorkers.length = 0;
}

/**
 * Run `start` (which must start the wasm backend) with `threads` XNNPACK
 * threads. `threads <= 1` starts the single-threaded SIMD build as tfjs does.
 */
export async function withWasmThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  if (threads <= 1) return start();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const workerThreads = require('node:worker_threads') as { Worker: WorkerCtor };
  const mainScript = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const originalWorker = workerThreads.Worker;
  const originalCpus = os.cpus;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  workerThreads.Worker = fileWorker(originalWorker, workerScriptPath(), mainScript);
  const cpus = originalCpus();
  const reported = Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
  os.cpus = () => reported;
  try {
    const result = await start();
    releaseWorkers();
    return result;
  } finally {
    os.cpus = originalCpus;
    workerThreads.Worker = originalWorker;
  }
}
