import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES, withWorkspace } from '../fixtures/cli/seed.js';

// User text with terminal control sequences: retitle the window (OSC 0 … BEL), clear the screen (CSI 2J), the
// 8-bit CSI (U+009B) and a carriage return that would overwrite the start of the line.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b1A\rX';
const ESCAPED = '\\x1b]0;pwned\\x07\\x1b[2J\\x9b1A\\x0dX';
// eslint-disable-next-line no-control-regex -- the test looks for control characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
let runId: string;

beforeAll(async () => {
  expect((await cli('data', 'add', `${EXAMPLES}/iris.csv`, '--name', 'iris', '--description', HOSTILE)).code).toBe(0);
  expect((await cli('experiments', 'create', 'exp', '--description', HOSTILE)).code).toBe(0);
  expect((await cli('models', 'create', 'evil', '--description', HOSTILE)).code).toBe(0);
  runId = await withWorkspace(project.dir, (ws) =>
    ws.tracker().withRun({ experiment: 'exp', name: 'hostile', params: { p: HOSTILE }, tags: { t: HOSTILE } }, async (run) => {
      await run.logMetric('auc', 1);
      return run.id;
    }),
  );
  expect((await cli('runs', 'tag', runId, 'note', HOSTILE)).code).toBe(0);
});
afterAll(() => project.cleanup());

describe('human output escapes terminal control characters in user text', () => {
  it.each([
    ['models show evil', ['models', 'show', 'evil']],
    ['models list', ['models', 'list']],
    ['runs show', ['runs', 'show', '<run>']],
    ['runs list --columns', ['runs', 'list', '--columns', 'params.p,tags.t']],
    ['runs search --columns', ['runs', 'search', '--order-by', 'tags.t', '--columns', 'params.p']],
    ['runs compare', ['runs', 'compare', '<run>', '<run>']],
    ['experiments list', ['experiments', 'list']],
    ['data list', ['data', 'list']],
    ['events list', ['events', 'list']],
  ])('%s prints the sequences as visible \\x escapes', async (_name, argv) => {
    const r = await cli(...argv.map((a) => (a === '<run>' ? runId : a)));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stderr).not.toMatch(CONTROL);
    // Either escaped by the output layer (\x1b) or already JSON-quoted by the command (\u001b, event payloads).
    expect(r.stdout).toMatch(/\\(x1b|u001b)\]0;pwned\\(x07|u0007)/);
  });

  it('runs tag echoes the value escaped', async () => {
    const r = await cli('runs', 'tag', runId, 'again', HOSTILE);
    expect(r.stdout).toContain(ESCAPED);
    expect(r.stdout).not.toMatch(CONTROL);
  });

  it('error messages quoting the input are escaped too (catalog errors and commander usage errors)', async () => {
    const notFound = await cli('data', 'add', `missing${HOSTILE}.csv`, '--name', 'missing');
    expect(notFound.code).toBe(4);
    expect(notFound.stderr).toContain('\\x1b]0;pwned\\x07');
    expect(notFound.stderr).not.toMatch(CONTROL);
    const usage = await cli('runs', 'list', `--bogus${HOSTILE}`);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('\\x1b]0;pwned\\x07');
    expect(usage.stderr).not.toMatch(CONTROL);
  });

  it('--json keeps the exact text (the parsed document holds the raw characters) with no raw control character', async () => {
    const r = await cli('models', 'show', 'evil', '--json');
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.json<{ description: string }>().description).toBe(HOSTILE);
  });
});
