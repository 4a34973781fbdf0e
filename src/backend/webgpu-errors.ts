import { NasError } from '../errors.js';
import type { GpuDeviceLike } from './webgpu-device.js';

/** The reads of tfjs's WebGPU backend the guard wraps. */
interface ReadingBackend {
  read(dataId: object): Promise<unknown>;
  readSync(dataId: object): unknown;
  /** tfjs's table of tensor data; `values` is set while a tensor's data is still (or also) on the CPU. */
  readonly tensorMap?: { get(dataId: object): { values?: unknown; dtype?: string } | undefined };
}

function oneLine(message: string): string {
  return (message.split('\n').find((line) => line.trim() !== '') ?? message).trim();
}

/**
 * Turns the device's errors into thrown ones. WebGPU reports a failed
 * pipeline, bind group or allocation asynchronously, as an "uncaptured error"
 * event; Dawn only logs it, and tfjs then reads back whatever the output
 * buffer held (zeros), so a broken kernel would train on zeros. The guard
 * records every validation, out-of-memory and internal error and the loss of
 * the device, and every read of tensor data (`await data()`, once a step)
 * throws a one-line `NasError` naming the first of them. The first read after
 * the error is the earliest point where tfjs has handed data to the caller.
 */
export class DeviceErrorGuard {
  private readonly errors: string[] = [];

  constructor(device: GpuDeviceLike) {
    device.onuncapturederror = (event) => {
      const kind = event.error.constructor.name.replace(/^GPU/, '').replace(/Error$/, '') || 'device';
      this.errors.push(`${kind.toLowerCase()} error: ${oneLine(event.error.message)}`);
    };
    void device.lost.then((info) => {
      if (info.reason !== 'destroyed') this.errors.push(`device lost: ${oneLine(info.message ?? info.reason ?? 'unknown')}`);
    });
  }

  /** Errors seen so far (each one line). */
  get seen(): readonly string[] {
    return this.errors;
  }

  /** Throw when the device has reported an error since the last call; later errors are then reported fresh. */
  check(): void {
    if (this.errors.length === 0) return;
    const [first] = this.errors;
    const more = this.errors.length > 1 ? ` (+${this.errors.length - 1} more)` : '';
    this.errors.length = 0;
    throw new NasError(`WebGPU ${first}${more}`);
  }

  /** Make every read of `backend` check for device errors first and after. */
  wrap(backend: ReadingBackend): void {
    const read = backend.read.bind(backend);
    backend.read = async (dataId) => {
      const values = await read(dataId);
      this.check();
      return values;
    };
    const readSync = backend.readSync.bind(backend);
    backend.readSync = (dataId) => {
      this.check();
      const data = backend.tensorMap?.get(dataId);
      if (data?.values != null || data?.dtype === 'string') return readSync(dataId);
      // tfjs reads GPU data synchronously through OffscreenCanvas, which Node lacks.
      throw new NasError("backend 'webgpu' cannot read tensors synchronously under Node (dataSync/arraySync): use await data()");
    };
  }
}
