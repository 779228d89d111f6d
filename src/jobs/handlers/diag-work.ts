import { createHash } from 'node:crypto';

import { z } from 'zod';

import { JobFailedError } from '../../core/index.js';
import { defineJobHandler } from '../handler.js';

/**
 * `diag-work`: a real CPU-bound diagnostic job used to check a worker fleet end to end. It fills a buffer of
 * `bytes` bytes with sha256(seed) repeated, then `rounds` times hashes the buffer and writes the digest over
 * its first 32 bytes. The result is the last digest (hex), so any machine can check it; it also names the
 * attempt and worker that produced it, which makes a duplicate completion visible.
 */
export const diagWorkHandler = defineJobHandler({
  id: 'diag-work',
  title: 'Diagnostic CPU work (rounds of sha256)',
  payloadSchema: z.strictObject({
    rounds: z.number().int().min(1).max(100_000_000).default(1000),
    bytes: z
      .number()
      .int()
      .min(32)
      .max(16 * 1024 * 1024)
      .default(4096),
    /** Report progress every this many rounds. */
    progressEvery: z.number().int().min(1).default(100),
    seed: z.string().max(1024).default(''),
    /** Throw at this round, to check how a fleet reports failures. */
    failAtRound: z.number().int().min(1).optional(),
  }),
  run: (payload, ctx) => {
    const buffer = Buffer.alloc(payload.bytes);
    const seedDigest = createHash('sha256').update(payload.seed, 'utf8').digest();
    for (let offset = 0; offset < buffer.length; offset += seedDigest.length) seedDigest.copy(buffer, offset);
    let digest = seedDigest;
    for (let round = 1; round <= payload.rounds; round++) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (round === payload.failAtRound) {
        throw JobFailedError({ jobId: ctx.jobId, type: 'diag-work', reason: `asked to fail at round ${round} (payload.failAtRound)` });
      }
      digest = createHash('sha256').update(buffer).digest();
      digest.copy(buffer, 0);
      if (round % payload.progressEvery === 0) ctx.progress(round / payload.rounds, `round ${round}/${payload.rounds}`);
    }
    return { digest: digest.toString('hex'), rounds: payload.rounds, attempt: ctx.attempt, workerId: ctx.workerId };
  },
});
