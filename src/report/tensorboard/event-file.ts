import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { NasError, firstLine } from '../../errors.js';
import type { EventFileOptions, HistogramSummary } from './api.js';
import { maskedCrc32c } from './crc32c.js';
import { histogramSummary } from './histogram.js';
import { ProtoWriter } from './protobuf.js';

/** The first event of every file; TensorBoard checks it to tell event files apart (`tensorflow/core/util/event.proto`). */
const FILE_VERSION = 'brain.Event:2';

/**
 * Frames `data` as one TFRecord: `uint64 length | uint32 masked crc of the
 * length | data | uint32 masked crc of the data`, little-endian. The length
 * has its own CRC so a reader can trust it before reading that many bytes.
 */
function tfRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(record.subarray(0, 8)), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return record;
}

/** The fields every `tensorflow.Event` starts with: `wall_time = 1` (seconds, double), `step = 2` (int64). */
function event(wallTime: number, step: number): ProtoWriter {
  return new ProtoWriter().double(1, wallTime).int64(2, step);
}

/** An event whose `summary = 5` holds one `Summary.Value` (`repeated Value value = 1`). */
function summaryEvent(wallTime: number, step: number, value: ProtoWriter): ProtoWriter {
  return event(wallTime, step).message(5, new ProtoWriter().message(1, value));
}

/** `HistogramProto`: min, max, num, sum, sum_squares as fields 1-5, then packed `bucket_limit = 6` and `bucket = 7`. */
function histogramProto(h: HistogramSummary): ProtoWriter {
  return new ProtoWriter()
    .double(1, h.min)
    .double(2, h.max)
    .double(3, h.num)
    .double(4, h.sum)
    .double(5, h.sumSquares)
    .packedDoubles(6, h.bucketLimits)
    .packedDoubles(7, h.buckets);
}

function checkPoint(tag: string, step: number, wallTime: number): void {
  if (tag === '') throw new NasError('a TensorBoard tag must not be empty');
  if (!Number.isSafeInteger(step)) throw new NasError(`TensorBoard step for '${tag}' must be an integer, got ${step}`);
  if (!Number.isFinite(wallTime)) throw new NasError(`TensorBoard wall time for '${tag}' must be finite, got ${wallTime}`);
}

/** Creates `dir` and the file in it; `wx` refuses an existing file, since two writers appending to one file would interleave records. */
function createFile(dir: string, path: string): number {
  try {
    mkdirSync(dir, { recursive: true });
    return openSync(path, 'wx');
  } catch (error) {
    const hint = (error as { code?: unknown }).code === 'EEXIST' ? ' (give writers that share a directory a filenameSuffix)' : '';
    throw new NasError(`cannot create the TensorBoard event file ${path}: ${firstLine(error)}${hint}`);
  }
}

/**
 * Writes a TensorBoard event file (`events.out.tfevents.<unix seconds>.<host>`)
 * in plain Node: a sequence of TFRecords, each a serialized `tensorflow.Event`.
 * This gives training curves and weight histograms in TensorBoard without
 * tfjs-node, whose native summary writer is the only one tfjs has.
 *
 * Each event is one `writeSync` of the whole record on a kept file descriptor:
 * it reaches the operating system before the call returns, so a crashed run
 * loses at most the record being written, and TensorBoard can follow the file
 * while training goes on. `flush()` additionally asks the disk to persist it.
 */
export class EventFileWriter {
  /** Full path of the event file. */
  readonly path: string;
  private fd: number | null;

  /** Creates `dir` if needed and a new event file in it, starting with the `file_version` event. */
  constructor(dir: string, options: EventFileOptions = {}) {
    const name = options.filename ?? `events.out.tfevents.${Math.floor(Date.now() / 1000)}.${hostname()}${options.filenameSuffix ?? ''}`;
    this.path = join(dir, name);
    this.fd = createFile(dir, this.path);
    this.write(event(Date.now() / 1000, 0).string(3, FILE_VERSION));
  }

  /**
   * Logs one scalar (`Summary.Value.simple_value`). TensorBoard stores it as a
   * 32-bit float, so `value` is rounded to single precision; NaN and
   * infinities are written as they are, since a diverging loss is worth seeing.
   * `wallTime` is in seconds since the epoch and defaults to now.
   */
  scalar(tag: string, value: number, step: number, wallTime = Date.now() / 1000): void {
    checkPoint(tag, step, wallTime);
    this.write(summaryEvent(wallTime, step, new ProtoWriter().string(1, tag).float(2, value)));
  }

  /**
   * Logs the distribution of `values` (`Summary.Value.histo`) over TensorFlow's
   * default exponential buckets, so TensorBoard's histogram and distribution
   * dashboards show it like TensorFlow's own. `values` must be finite and
   * non-empty; a `Float32Array` from `tensor.dataSync()` is fine.
   */
  histogram(tag: string, values: ArrayLike<number>, step: number, wallTime = Date.now() / 1000): void {
    checkPoint(tag, step, wallTime);
    let summary: HistogramSummary;
    try {
      summary = histogramSummary(values);
    } catch (error) {
      if (error instanceof NasError) throw new NasError(`TensorBoard histogram '${tag}': ${error.message}`);
      throw error;
    }
    this.write(summaryEvent(wallTime, step, new ProtoWriter().string(1, tag).message(5, histogramProto(summary))));
  }

  /** Asks the disk to persist what was written (`fsync`); events are already visible to readers without it. */
  flush(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  /** Closes the file. Calling it again does nothing; logging after it throws. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
  }

  private write(message: ProtoWriter): void {
    if (this.fd === null) throw new Error(`the TensorBoard event file ${this.path} is closed`);
    const record = tfRecord(message.finish());
    let written = 0;
    while (written < record.length) written += writeSync(this.fd, record, written, record.length - written);
  }
}
