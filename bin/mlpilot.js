#!/usr/bin/env node
// The installed entry point: runs the bundled CLI (`npm run build` compiles dist/ and bundles it into dist/bundle/).
import { main } from '../dist/bundle/mlpilot.js';

process.exitCode = await main(process.argv.slice(2));
