import { randomBytes } from 'node:crypto';

import type { Clock } from './clock.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * A new 26-character id that sorts by creation time (48-bit milliseconds + 80 random bits, ULID layout),
 * so ids double as a stable creation order in every store.
 */
export function newId(clock: Clock): string {
  let time = Math.floor(clock.now());
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = (ALPHABET[time % 32] as string) + out;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  for (let i = 0; i < 16; i++) out += ALPHABET[(random[i] as number) % 32];
  return out;
}

const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** True when `value` has the shape of an id made by {@link newId}. */
export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
