import { NasError } from '../../errors.js';
import type { ZeroCostProxy } from './api.js';
import { multAdds } from './mult-adds.js';
import { params } from './params.js';
import { synflow } from './synflow.js';
import { snip } from './snip.js';
import { gradNorm } from './grad-norm.js';
import { grasp } from './grasp.js';
import { jacobCov } from './jacob-cov.js';
import { naswot } from './naswot.js';
import { fisher } from './fisher.js';

/** The built-in zero-cost proxies by name (`--estimator zc:NAME`). */
export const ZC_PROXIES = {
  synflow,
  params,
  'mult-adds': multAdds,
  snip,
  grad_norm: gradNorm,
  grasp,
  fisher,
  jacob_cov: jacobCov,
  naswot,
} as const satisfies Record<string, ZeroCostProxy>;

const extra = new Map<string, ZeroCostProxy>();

/** Add a proxy; built-in names cannot be replaced. */
export function registerZcProxy(proxy: ZeroCostProxy): void {
  if (proxy.name in ZC_PROXIES || extra.has(proxy.name)) throw new NasError(`zero-cost proxy '${proxy.name}' is already registered`);
  extra.set(proxy.name, proxy);
}

export function zcProxyNames(): string[] {
  return [...Object.keys(ZC_PROXIES), ...extra.keys()];
}

/** A proxy by name; an unknown one is a one-line error listing the known ones. */
export function zcProxy(name: string): ZeroCostProxy {
  const proxy = (ZC_PROXIES as Record<string, ZeroCostProxy>)[name] ?? extra.get(name);
  if (proxy === undefined) throw new NasError(`unknown zero-cost proxy '${name}' (known: ${zcProxyNames().join(', ')})`);
  return proxy;
}
