import { defineError, ExitCode } from './define-error.js';

/** Errors of the content-addressed artifact store (src/artifacts). */

export const ArtifactNotFoundError = defineError<{ digest: string }>('MLP_ARTIFACT_NOT_FOUND', {
  message: (d) => `artifact sha256:${d.digest} is not in the artifact store.`,
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

export const ArtifactIoError = defineError<{ path: string; operation: string; errno: string; reason: string }>('MLP_ARTIFACT_IO', {
  message: (d) =>
    `the artifact store could not ${d.operation} ${d.path}: ${d.errno} (${d.reason}). ` +
    'Check the permissions, disk and file-descriptor limits of the artifact directory.',
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const ArtifactCorruptError = defineError<{ digest: string; actual: string }>('MLP_ARTIFACT_CORRUPT', {
  message: (d) =>
    `artifact sha256:${d.digest} is corrupt: its content hashes to sha256:${d.actual}. Restore it from a backup or re-log it.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const InvalidDigestError = defineError<{ field: string; value: string; prefix?: boolean }>('MLP_ARTIFACT_INVALID_DIGEST', {
  message: (d) =>
    `${d.field} ${JSON.stringify(d.value)} is not a sha256 digest (64 lowercase hex characters)` +
    (d.prefix === true ? ' or a prefix of one (at least 8 hex characters).' : '.'),
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const AmbiguousDigestError = defineError<{ prefix: string; candidates: string[]; more: boolean }>('MLP_ARTIFACT_AMBIGUOUS_DIGEST', {
  message: (d) =>
    `digest prefix ${d.prefix} matches more than one artifact: ${d.candidates.join(', ')}${d.more ? ', …' : ''}. ` +
    'Give more characters of the digest.',
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});
