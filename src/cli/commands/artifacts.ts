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
      usage: 'get <digest>',
      summary: 'copy a blob to a file, verifying its sha256 on the way',
      examples: ['mlpilot artifacts get 3f2a…e9 --out profile.json'],
      options: (c) => c.requiredOption('--out <file>', 'where to write it (replaced atomically)'),
    },
    async () => (await actions()).getArtifact,
  );
};
