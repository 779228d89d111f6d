import { defineCommand, verb } from '../define-command.js';
import { intOption } from '../parse.js';

const actions = () => import('../actions/server.js');

/** `mlpilot server`: the REST API (and dashboard) until SIGINT/SIGTERM. */
export const serverCommand = defineCommand({
  name: 'server',
  summary: 'serve the REST API and dashboard until stopped',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'server',
        summary: 'serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) until SIGINT/SIGTERM',
        examples: [
          'mlpilot server',
          'mlpilot server --port 9000',
          'MLPILOT_SERVER_AUTH_ENABLED=true mlpilot server --host 0.0.0.0    # other hosts need auth: mlpilot tokens create',
        ],
        options: (c) =>
          c
            .option('--host <host>', 'interface to listen on (default: server.host, 127.0.0.1); non-loopback needs auth enabled')
            .option('--port <port>', 'TCP port (default: server.port, 8080; 0 picks a free one)', intOption(0, 65535)),
      },
      async () => (await actions()).serve,
    );
  },
});
