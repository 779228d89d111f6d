import { describe, expect, it } from 'vitest';

import { isId, ManualClock, newId } from '../../../src/core/index.js';

describe('newId', () => {
  it('makes unique ids that sort by creation time', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      ids.push(newId(clock));
      clock.advance(1);
    }
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every(isId)).toBe(true);
    expect(isId('../../etc/passwd')).toBe(false);
  });
});
