/**
 * A progress bar for long work on stderr. Drawn only on a terminal; elsewhere a line every
 * few seconds, so CI logs and pipes stay readable.
 */
export interface Progress {
  advance(by?: number): void;
  set(done: number): void;
  finish(message?: string): void;
}

/** How often a line is written when stderr is not a terminal (KINDRED_PROGRESS_INTERVAL_MS, default 5 s). */
const lineInterval = Number(process.env.KINDRED_PROGRESS_INTERVAL_MS) || 5000;

export function startProgress(label: string, total: number | undefined, stream = process.stderr): Progress {
  const started = Date.now();
  const tty = stream.isTTY === true;
  let done = 0;
  let lastDrawn = 0;
  let finished = false;

  const describe = (): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    if (total && total > 0) {
      const share = Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(share * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      return `${label} ${bar} ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} (${rate.toLocaleString('en-GB')}/s)`;
    }
    return `${label} ${done.toLocaleString('en-GB')} (${rate.toLocaleString('en-GB')}/s, ${seconds.toFixed(0)} s)`;
  };

  const draw = (force = false): void => {
    const now = Date.now();
    const interval = tty ? 100 : lineInterval;
    if (!force && now - lastDrawn < interval) return;
    lastDrawn = now;
    if (tty) stream.write(`\r\x1b[2K${describe()}`);
    else if (now - started >= interval || force) stream.write(`${describe()}\n`);
  };

  return {
    advance(by = 1) {
      done += by;
      draw();
    },
    set(value) {
      done = value;
      draw();
    },
    finish(message) {
      if (finished) return;
      finished = true;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const summary = message ?? `${label} done: ${done.toLocaleString('en-GB')} in ${seconds} s`;
      if (tty) stream.write(`\r\x1b[2K${summary}\n`);
      else stream.write(`${summary}\n`);
    },
  };
}
