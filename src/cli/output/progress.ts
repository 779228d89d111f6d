import { SingleBar } from 'cli-progress';

import type { OutStream } from '../io.js';
import { escapeControls } from './sanitize.js';

/** A progress indicator for long work: a bar on a terminal's stderr, nothing otherwise. */
export interface Progress {
  /** `fraction` in 0..1; `message` replaces the label. */
  update(fraction: number, message?: string): void;
  stop(): void;
  /** True when a bar is actually drawn. */
  readonly visible: boolean;
}

const hidden: Progress = { update: () => undefined, stop: () => undefined, visible: false };

/**
 * A progress bar on `stderr` (cli-progress), shown only when stderr is a terminal and the output is not
 * `--json`; otherwise a no-op, so scripts and logs never see cursor codes.
 */
export function createProgress(options: { stderr: OutStream; json: boolean; label: string }): Progress {
  if (options.json || options.stderr.isTTY !== true) return hidden;
  const bar = new SingleBar({
    stream: options.stderr as unknown as NodeJS.WritableStream,
    format: `${escapeControls(options.label)} [{bar}] {percentage}% {message}`,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 30,
    fps: 10,
  });
  bar.start(100, 0, { message: '' });
  let stopped = false;
  return {
    visible: true,
    update(fraction, message) {
      if (stopped) return;
      const value = Math.round(Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * 100);
      bar.update(value, { message: escapeControls(message ?? '') });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
