import { describe, expect, it } from 'vitest';

import { API_ROLES, bearerSecret, roleBelow, roleSatisfies } from '../../../src/server/roles.js';

describe('roles', () => {
  it('orders viewer < editor < deployer < admin', () => {
    expect(API_ROLES).toEqual(['viewer', 'editor', 'deployer', 'admin']);
    const table: Array<[(typeof API_ROLES)[number], (typeof API_ROLES)[number], boolean]> = [
      ['viewer', 'viewer', true],
      ['viewer', 'editor', false],
      ['editor', 'viewer', true],
      ['editor', 'deployer', false],
      ['deployer', 'editor', true],
      ['deployer', 'admin', false],
      ['admin', 'deployer', true],
      ['admin', 'admin', true],
    ];
    for (const [actual, required, ok] of table) expect(roleSatisfies(actual, required), `${actual} for ${required}`).toBe(ok);
    for (const role of API_ROLES) expect(roleSatisfies(role, 'public')).toBe(true);
  });

  it('names the role just below', () => {
    expect(roleBelow('viewer')).toBeUndefined();
    expect(roleBelow('editor')).toBe('viewer');
    expect(roleBelow('deployer')).toBe('editor');
    expect(roleBelow('admin')).toBe('deployer');
  });

  it('reads a bearer secret and refuses anything else with MLP_AUTH_UNAUTHENTICATED', () => {
    expect(bearerSecret('Bearer abc.def_123')).toBe('abc.def_123');
    expect(bearerSecret('bearer   xyz  ')).toBe('xyz');
    for (const header of [undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Token abc']) {
      expect(() => bearerSecret(header), String(header)).toThrow(expect.objectContaining({ code: 'MLP_AUTH_UNAUTHENTICATED' }));
    }
  });
});
