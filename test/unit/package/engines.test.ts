/**
 * package.json's `engines.node` is true to what `npm ci` installs: every Node version it accepts is accepted by
 * every package in package-lock.json that states an engine (no EBADENGINE warning on a supported Node).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

type Version = readonly [number, number, number];

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Whether `version` satisfies a node-semver range as packages write their engines: comparator sets joined by `||`,
 * each `*`, `>=V`, `^V`, a bare (partial) version `V` / `V.x`, or several of those joined by spaces (all must hold).
 * Anything else throws, so a new form in the lock file is noticed rather than misread.
 */
function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((set) => {
    const parts = set.trim().replace(/>=\s+/g, '>=').split(/\s+/);
    return parts.every((part) => {
      if (part === '*' || part === '') return true;
      const match = /^(>=|\^)?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(part);
      if (match === null) throw new Error(`unsupported engine range ${JSON.stringify(range)}`);
      const [, op, major, minor, patch] = match;
      const low: Version = [
        Number(major),
        minor === undefined || minor === 'x' ? 0 : Number(minor),
        patch === undefined || patch === 'x' ? 0 : Number(patch),
      ];
      if (op === '>=') return compare(version, low) >= 0;
      if (op === '^') return version[0] === low[0] && compare(version, low) >= 0;
      // A bare version: that major (and minor, when given) only.
      return version[0] === low[0] && (minor === undefined || minor === 'x' || version[1] === low[1]);
    });
  });
}

describe('the Node.js engine requirement', () => {
  it('reads the forms of range it meets the way node-semver does', () => {
    expect(satisfies([20, 19, 0], '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies([20, 18, 9], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([22, 11, 0], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([23, 0, 0], '^20.19.0 || ^22.13.0 || >=24')).toBe(false);
    expect(satisfies([21, 0, 0], '18 || 20 || >=22')).toBe(false);
    expect(satisfies([20, 3, 1], '20.x || 22.x')).toBe(true);
    expect(satisfies([16, 0, 0], '>= 10.13.0')).toBe(true);
    expect(satisfies([9, 0, 0], '*')).toBe(true);
  });

  it('is accepted by every package npm ci installs, for every Node version package.json accepts', () => {
    const pkg = readJson('package.json') as { engines: { node: string } };
    const lock = readJson('package-lock.json') as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const stated = Object.entries(lock.packages).flatMap(([path, entry]) =>
      entry.engines !== undefined && !Array.isArray(entry.engines) && typeof entry.engines.node === 'string'
        ? [{ name: `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'}`, range: entry.engines.node }]
        : [],
    );
    expect(stated.length).toBeGreaterThan(20);
    const refused: string[] = [];
    for (let major = 18; major <= 30; major++) {
      for (let minor = 0; minor <= 40; minor++) {
        const version: Version = [major, minor, 0];
        if (!satisfies(version, pkg.engines.node)) continue;
        for (const { name, range } of stated)
          if (!satisfies(version, range)) refused.push(`${name} (${range}) refuses Node ${version.join('.')}`);
      }
    }
    expect(refused.slice(0, 10)).toEqual([]);
  });
});
