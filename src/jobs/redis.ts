import type { Redis } from 'ioredis';
import { NasError, firstLine } from '../errors.js';

/**
 * A ready ioredis client for BullMQ (workers need `maxRetriesPerRequest:
 * null`; under ESM BullMQ takes clients, not options). Fails in one line
 * when the server cannot be reached.
 */
export async function connectRedis(url: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NasError(`--redis ${url} is not a URL (e.g. redis://127.0.0.1:6379)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new NasError(`--redis ${url}: expected a redis:// URL`);
  const { Redis: Client } = await import('ioredis');
  const client = new Client(url, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => null });
  // Connection errors reach callers through the commands that fail; without a listener ioredis prints each one.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new NasError(`cannot reach Redis at ${url} (${firstLine(error)})`);
  }
  // Reachable: from now on ride out restarts and network blips.
  client.options.retryStrategy = (times: number) => Math.min(200 * times, 5000);
  return client;
}
