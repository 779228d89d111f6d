import { join } from 'node:path';

import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import { mlpilotPlugin } from '../../eslint-rules/index.js';

// RuleTester declares one vitest test per case through these hooks.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' } });

ruleTester.run('mlpilot/no-wall-clock', mlpilotPlugin.rules['no-wall-clock'], {
  valid: [
    'const t = clock.now();',
    'const d = new Date(clock.now());',
    'const d = new Date(0);',
    "const d = new Date('2026-01-01T00:00:00Z');",
    'const ms = Date.UTC(2026, 0, 1);',
    "const ms = Date.parse('2026-01-01');",
    'const elapsed = monotonic.now() - start;',
    'function f(performance: { now(): number }) { return performance.now(); }',
    'function g(Date: { now(): number }) { return Date.now(); }',
    "import { monitorEventLoopDelay } from 'node:perf_hooks';",
    'const x = obj.performance.now();',
    'const n = process.pid;',
  ],
  invalid: [
    { code: 'const t = Date.now();', errors: [{ messageId: 'dateNow' }] },
    { code: 'const read = Date.now;', errors: [{ messageId: 'dateNow' }] },
    { code: "const t = Date['now']();", errors: [{ messageId: 'dateNow' }] },
    { code: 'const t = globalThis.Date.now();', errors: [{ messageId: 'dateNow' }] },
    { code: 'const d = new Date();', errors: [{ messageId: 'newDate' }] },
    { code: 'const d = new Date;', errors: [{ messageId: 'newDate' }] },
    { code: 'const s = Date();', errors: [{ messageId: 'dateCall' }] },
    { code: 'const t = performance.now();', errors: [{ messageId: 'monotonic', data: { name: 'performance.now' } }] },
    { code: 'const t = globalThis.performance.now();', errors: [{ messageId: 'monotonic' }] },
    { code: 'const t = process.hrtime.bigint();', errors: [{ messageId: 'monotonic', data: { name: 'process.hrtime' } }] },
    { code: 'const t = process.uptime();', errors: [{ messageId: 'monotonic', data: { name: 'process.uptime' } }] },
    {
      code: "import { performance as perf } from 'node:perf_hooks';",
      errors: [{ messageId: 'perfHooks', data: { source: 'node:perf_hooks' } }],
    },
    { code: "import * as hooks from 'perf_hooks';", errors: [{ messageId: 'perfHooks', data: { source: 'perf_hooks' } }] },
    { code: 'const a = Date.now(); const b = new Date();', errors: [{ messageId: 'dateNow' }, { messageId: 'newDate' }] },
  ],
});

/** The `mlpilot/no-wall-clock` messages the project's own ESLint config reports for `code` saved as `file`. */
async function clockMessages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: join(import.meta.dirname, '../..') });
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'mlpilot/no-wall-clock').map((m) => m.message);
}

describe('the project config applies mlpilot/no-wall-clock everywhere but the edges and src/core/clock.ts', () => {
  const code = 'export const t = Date.now() + performance.now();\n';

  it.each(['src/ml/some-learner.ts', 'src/jobs/thread-entry.ts', 'src/core/ids.ts', 'src/workspace/some-service.ts'])(
    'reports both reads in %s',
    async (file) => {
      const messages = await clockMessages(file, code);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toMatch(/^Date\.now\(\) reads the wall clock/);
      expect(messages[1]).toMatch(/^performance\.now reads a timer/);
    },
  );

  it.each([
    'src/cli/commands/some-command.ts',
    'src/server/routes/some-route.ts',
    'src/index.ts',
    'src/core/clock.ts',
    'test/unit/some.test.ts',
  ])('allows them in %s', async (file) => {
    expect(await clockMessages(file, code)).toEqual([]);
  });
});
