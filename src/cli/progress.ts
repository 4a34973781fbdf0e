import cliProgress from 'cli-progress';
import type { SearchProgress } from '../search/index.js';
import type { EpochRecord } from '../runs/index.js';

/** A duration as `1h05m` or `4m07s`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  const [h, m] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60)];
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

const fixed = (v: number | undefined, digits: number) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

/** Reports a search: a live bar on a terminal, plain lines (one per epoch, and about ten per epoch) otherwise. */
export interface SearchReporter {
  step(p: SearchProgress): void;
  epoch(r: EpochRecord): void;
  stop(): void;
}

export function searchReporter(stream: NodeJS.WriteStream, write: (line: string) => void): SearchReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'epoch {epoch} [{bar}] {value}/{total} | loss {loss} acc {acc} | val {vloss}/{vacc} | ETA {eta_h}',
        stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      step(p) {
        const payload = {
          epoch: `${p.epoch + 1}/${p.epochs}`,
          loss: fixed(p.metrics.trainLoss, 3),
          acc: fixed(p.metrics.trainAcc, 3),
          vloss: fixed(p.metrics.valLoss, 3),
          vacc: fixed(p.metrics.valAcc, 3),
          eta_h: duration(p.etaMs),
        };
        if (!started) {
          bar.start(p.stepsPerEpoch, p.step, payload);
          started = true;
        }
        bar.setTotal(p.stepsPerEpoch);
        bar.update(p.step, payload);
      },
      epoch(r) {
        bar.stop();
        started = false;
        write(epochLine(r));
      },
      stop: () => bar.stop(),
    };
  }
  return {
    step(p) {
      const every = Math.max(1, Math.round(p.stepsPerEpoch / 10));
      if (p.step % every !== 0 && p.step !== p.stepsPerEpoch) return;
      write(
        `epoch ${p.epoch + 1}/${p.epochs} step ${p.step}/${p.stepsPerEpoch} loss ${fixed(p.metrics.trainLoss, 4)} ` +
          `acc ${fixed(p.metrics.trainAcc, 3)} val_loss ${fixed(p.metrics.valLoss, 4)} val_acc ${fixed(p.metrics.valAcc, 3)} ` +
          `eta ${duration(p.etaMs)}`,
      );
    },
    epoch: (r) => write(epochLine(r)),
    stop: () => {},
  };
}

function epochLine(r: EpochRecord): string {
  return (
    `epoch ${r.epoch + 1} done: lr ${r.lr.toExponential(2)} train ${r.train_loss.toFixed(4)}/${r.train_acc.toFixed(3)} ` +
    `val ${fixed(r.val_loss ?? undefined, 4)}/${fixed(r.val_acc ?? undefined, 3)} (${r.seconds.toFixed(0)} s) ${r.genotype}`
  );
}
