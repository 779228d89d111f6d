// Import direction (DESIGN.md §2): a folder under src/ may import only folders listed before it, and only
// through their index.ts. `npm run lint` fails on any violation.
const layers = [
  'core',
  'store',
  'artifacts',
  'events',
  'platform',
  'jobs',
  'data',
  'ml',
  'automl',
  'analysis',
  'checks',
  'explain',
  'monitor',
  'serving',
  'delivery',
  'insights',
  'pipeline',
  'workspace',
  'server',
  'cli',
  'ui',
];

const upward = layers.map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `src/${layer} may import only folders above it in DESIGN.md §2's table.`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${layers.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'only-through-index',
      comment: "Another folder's public surface is its index.ts; do not reach past it.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-unknown-folder',
      comment: 'Every folder under src/ must be a layer listed in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/(${layers.join('|')})/`, '^src/index\\.ts$'] },
      to: {},
    },
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules)/' },
  },
};
