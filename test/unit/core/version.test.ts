import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, it } from 'vitest';

import { MLPILOT_VERSION } from '../../../src/core/index.js';

it('MLPILOT_VERSION equals the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
  expect(MLPILOT_VERSION).toBe(pkg.version);
});
