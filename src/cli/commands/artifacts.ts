import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/artifacts.js');

/** `mlpilot artifacts gc|get`: the content-addressed blob store. */
export const artifactsVerbs: VerbRegistrar = (artifacts, session) => {
  verb(
    artifacts,
    session,
    {
      usage: 'gc',
      summary: 'find blobs no run, dataset or model version refers to; a dry run unless --delete',
      examples: ['mlpilot artifacts gc', 'mlpilot artifacts gc --delete --json'],
      options: (c) => c.option('--delete', 'really delete them (recorded as an artifacts.collected event)'),
    },
    async () => (await actions()).collectGarbage,
  );

  verb(
    artifacts,
    session,
    {
      usage: 'get <ref> [path]',
      summary:
        "copy an artifact to a file, verifying its sha256 on the way: REF PATH is a run's artifact by its logical path, REF " +
        'alone a blob by its sha256 digest or a unique prefix of it (at least 8 hex characters)',
      examples: [
        'mlpilot artifacts get 01JD3Z8Q6W9X profile.json --out profile.json',
        'mlpilot artifacts get 01JD3Z8Q6W9X model/manifest.json --out manifest.json --json',
        'mlpilot artifacts get 3f2a9c1e --out profile.json',
      ],
      options: (c) => c.requiredOption('--out <file>', 'where to write it (replaced atomically)'),
    },
    async () => (await actions()).getArtifact,
  );
};
