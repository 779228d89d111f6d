// Runs the CLI from the unbundled build (dist/cli/index.js) — what bin/mlpilot.js runs from dist/bundle/ — so the
// module recorder can tell which of mlpilot's folders and which packages a command loads.
import { main } from '../../dist/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
