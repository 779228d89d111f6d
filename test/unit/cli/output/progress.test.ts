import { describe, expect, it } from 'vitest';

import { createProgress } from '../../../../src/cli/output/progress.js';
import { Capture } from '../../../fixtures/cli/run-cli.js';

describe('createProgress', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const stderr = new Capture(false);
    const progress = createProgress({ stderr, json: false, label: 'job' });
    progress.update(0.5, 'half');
    progress.stop();
    expect(progress.visible).toBe(false);
    expect(stderr.text).toBe('');
  });

  it('draws nothing with --json even on a terminal', () => {
    const stderr = new Capture(true);
    const progress = createProgress({ stderr, json: true, label: 'job' });
    progress.update(1);
    progress.stop();
    expect(progress.visible).toBe(false);
    expect(stderr.text).toBe('');
  });

  it('draws a bar with the percentage and message on a terminal', () => {
    const stderr = new Capture(true);
    const progress = createProgress({ stderr, json: false, label: 'job' });
    progress.update(0.42, 'training');
    progress.stop();
    expect(progress.visible).toBe(true);
    expect(stderr.text).toContain('job [');
    expect(stderr.text).toContain('42% training');
  });
});
