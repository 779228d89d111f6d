#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (build with `npm run build`).
import { main } from '../dist/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
