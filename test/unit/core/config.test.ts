import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { configLeaves, databaseUrl, readConfigFile, resolveConfig } from '../../../src/core/index.js';

describe('resolveConfig', () => {
  it('gives the embedded defaults', () => {
    const config = resolveConfig({});
    expect(config).toMatchObject({ home: '.mlpilot', jobs: { backend: 'local' }, server: { host: '127.0.0.1', auth: { enabled: false } } });
    expect(databaseUrl(config, '/p')).toBe('sqlite:/p/.mlpilot/mlpilot.db');
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('layers defaults < file < environment < flags', () => {
    const config = resolveConfig({
      file: { source: 'mlpilot.config.yaml', values: { server: { port: 1000, host: 'file-host' }, log: { level: 'info' } } },
      env: { MLPILOT_SERVER_PORT: '2000', MLPILOT_SERVER_AUTH_ENABLED: 'true', HOME: '/root' },
      flags: { server: { port: 3000 } },
    });
    expect(config.server).toEqual({ host: 'file-host', port: 3000, auth: { enabled: true }, allowedHosts: [], allowedOrigins: [] });
    expect(config.log.level).toBe('info');
  });

  it('reads the server guard lists comma-separated from the environment and refuses entries that are not hosts or origins', () => {
    const config = resolveConfig({
      env: {
        MLPILOT_SERVER_ALLOWED_HOSTS: 'Box.lan, [::1]:9000 ,',
        MLPILOT_SERVER_ALLOWED_ORIGINS: 'http://Box.lan:5173,https://dash.example',
      },
    });
    expect(config.server.allowedHosts).toEqual(['box.lan', '[::1]:9000']);
    expect(config.server.allowedOrigins).toEqual(['http://box.lan:5173', 'https://dash.example']);
    expect(() => resolveConfig({ flags: { server: { allowedOrigins: ['http://x.example/path'] } } })).toThrowError(
      /server\.allowedOrigins\.0: must be an origin/,
    );
    expect(() => resolveConfig({ flags: { server: { allowedOrigins: ['file:///etc'] } } })).toThrowError(/server\.allowedOrigins\.0/);
    expect(() => resolveConfig({ env: { MLPILOT_SERVER_ALLOWED_HOSTS: 'http://box' } })).toThrowError(/server\.allowedHosts\.0/);
  });

  it('rejects unknown keys with their dotted path and source', () => {
    expect(() => resolveConfig({ file: { source: 'mlpilot.config.json', values: { server: { auth: { enable: true } } } } })).toThrowError(
      /mlpilot\.config\.json at server\.auth\.enable: unknown key/,
    );
    expect(() => resolveConfig({ env: { MLPILOT_SERVR_PORT: '1' } })).toThrowError(/environment at MLPILOT_SERVR_PORT: unknown variable/);
  });

  it('blames a bad value on the layer that set it', () => {
    expect(() => resolveConfig({ env: { MLPILOT_SERVER_PORT: 'eighty' } })).toThrowError(/environment at server\.port/);
    expect(() => resolveConfig({ flags: { jobs: { backend: 'celery' } } })).toThrowError(/command-line flags at jobs\.backend/);
  });

  it('maps every leaf to an MLPILOT_* variable', () => {
    const envs = configLeaves().map((leaf) => leaf.env);
    expect(envs).toContain('MLPILOT_DATABASE_URL');
    expect(envs).toContain('MLPILOT_SERVER_AUTH_ENABLED');
    expect(envs).toContain('MLPILOT_JOBS_BACKEND');
  });

  it('reads YAML and JSON config files and reports parse errors with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-cfg-'));
    expect(readConfigFile(dir)).toBeUndefined();
    writeFileSync(join(dir, 'mlpilot.config.yaml'), 'server:\n  port: 9000\n');
    expect(readConfigFile(dir)?.values).toEqual({ server: { port: 9000 } });
    const bad = mkdtempSync(join(tmpdir(), 'mlp-cfg-'));
    writeFileSync(join(bad, 'mlpilot.config.json'), '{ "server": ');
    expect(() => readConfigFile(bad)).toThrowError(/mlpilot\.config\.json.*cannot parse/);
  });

  it('reports a config file that exists but cannot be read as MLP_CONFIG_INVALID with the errno', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-cfg-'));
    mkdirSync(join(dir, 'mlpilot.config.yaml'));
    let caught: unknown;
    try {
      readConfigFile(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'MLP_CONFIG_INVALID',
      details: { source: join(dir, 'mlpilot.config.yaml'), problem: 'the file cannot be read: EISDIR (it is a directory)' },
    });
  });
});
