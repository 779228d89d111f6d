import type { Workspace } from '../../workspace/index.js';
import { routeFactory, type ApiRoute } from '../define-route.js';

/** What every resource handler receives as `ctx.deps`. */
export interface ServerDeps {
  readonly workspace: Workspace;
}

/** A resource route of the mlpilot API. */
export type ServerRoute = ApiRoute<ServerDeps>;

/** `defineRoute({ method, url, role, summary, tags, params?, query?, body?, response, handler })`. */
export const defineRoute = routeFactory<ServerDeps>();
