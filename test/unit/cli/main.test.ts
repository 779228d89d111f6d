import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { commands } from '../../../src/cli/index.js';
import { runCli, tempProject } from '../../fixtures/cli/run-cli.js';

const project = tempProject();
afterAll(() => project.cleanup());

describe('main: the framework', () => {
  it("returns 2 with commander's message for an unknown command, and suggests a near match", async () => {
    const r = await runCli(['confg', 'show'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'confg'");
    expect(r.stderr).toContain('config');
    expect(r.stdout).toBe('');
  });

  it('returns 2 for an unknown option and a JSON error with --json', async () => {
    const r = await runCli(['config', 'show', '--bogus', '--json'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.json()).toMatchObject({ error: { code: 'MLP_CLI_USAGE' } });
  });

  it('returns 2 and prints help on stderr when called without arguments', async () => {
    const r = await runCli([], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: mlpilot');
  });

  it('prints help with an Examples section and exits 0 for --help on every command and verb', async () => {
    const top = await runCli(['--help'], { cwd: project.dir });
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Examples:');
    for (const command of commands) {
      const r = await runCli([command.name, '--help'], { cwd: project.dir });
      expect(r.code, command.name).toBe(0);
      expect(r.stdout, command.name).toContain('Examples:');
    }
  });

  it('layers configuration: defaults < file < environment < flags, and says where each value came from', async () => {
    const dir = tempProject();
    try {
      writeFileSync(join(dir.dir, 'mlpilot.config.json'), JSON.stringify({ server: { port: 7000, host: '0.0.0.0' }, home: 'from-file' }));
      const r = await runCli(['config', 'show', '--json', '--home', 'from-flag'], { cwd: dir.dir, env: { MLPILOT_SERVER_PORT: '9000' } });
      expect(r.code).toBe(0);
      const settings = r.json<{ settings: Record<string, { value: unknown; source: string }> }>().settings;
      expect(settings['home']).toMatchObject({ value: 'from-flag', source: 'flag' });
      expect(settings['server.port']).toMatchObject({ value: 9000, source: 'env MLPILOT_SERVER_PORT' });
      expect(settings['server.host']).toMatchObject({ value: '0.0.0.0', source: join(dir.dir, 'mlpilot.config.json') });
      expect(settings['jobs.backend']).toMatchObject({ value: 'local', source: 'default' });
      expect(settings['database.url']).toMatchObject({ value: `sqlite:${join(dir.dir, 'from-flag', 'mlpilot.db')}` });
    } finally {
      dir.cleanup();
    }
  });

  it('reads the config file from --config-dir and resolves paths against --cwd', async () => {
    const conf = tempProject();
    try {
      writeFileSync(join(conf.dir, 'mlpilot.config.yaml'), 'log:\n  level: info\n');
      const r = await runCli(['--config-dir', conf.dir, '--cwd', 'sub', 'config', 'show', '--json'], { cwd: project.dir });
      const body = r.json<{ cwd: string; settings: Record<string, { value: unknown }> }>();
      expect(body.cwd).toBe(join(project.dir, 'sub'));
      expect(body.settings['log.level']?.value).toBe('info');
    } finally {
      conf.cleanup();
    }
  });

  it('turns a bad configuration into exit 2 naming the layer and key', async () => {
    const r = await runCli(['config', 'show'], { cwd: project.dir, env: { MLPILOT_SERVER_PORT: 'eighty' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error MLP_CONFIG_INVALID: invalid configuration in environment at server\.port/);
  });

  it('hides the password of a postgres URL in config show', async () => {
    const r = await runCli(['config', 'show', '--json', '--database-url', 'postgres://me:secret@db:5432/ml'], { cwd: project.dir });
    const body = r.json<{ settings: Record<string, { value: unknown }> }>();
    expect(body.settings['database.url']?.value).toBe('postgres://me:***@db:5432/ml');
    expect(r.stdout).not.toContain('secret');
  });
});
