import { type ArtifactStore, LocalArtifactStore } from '../artifacts/index.js';
import { artifactRoot, type Clock, type Config, databaseUrl, type Logger } from '../core/index.js';
import { EventLog } from '../events/index.js';
import { openStore, type Store, type StoreExtension } from '../store/index.js';

/** What a process needs to open a workspace's platform: its project directory and resolved configuration. */
export interface PlatformSettings {
  /** Project directory: relative paths in the configuration resolve against it. */
  readonly cwd: string;
  readonly config: Readonly<Config>;
}

/** The platform services of one workspace. */
export interface Platform {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly events: EventLog;
  readonly clock: Clock;
  readonly settings: PlatformSettings;
}

/**
 * Opens the store (applying the core's and `extensions`' migrations) and the artifact store that `settings`
 * describe.
 * @throws MLP_STORE_UNSUPPORTED_URL, MLP_STORE_UNAVAILABLE, MLP_STORE_SCHEMA_TOO_NEW
 */
export async function openPlatform(
  settings: PlatformSettings,
  options: { clock: Clock; logger: Logger; extensions?: readonly StoreExtension[] },
): Promise<Platform> {
  const store = await openStore({
    url: databaseUrl(settings.config, settings.cwd),
    clock: options.clock,
    logger: options.logger,
    ...(options.extensions === undefined ? {} : { extensions: options.extensions }),
  });
  const artifacts = new LocalArtifactStore(artifactRoot(settings.config, settings.cwd));
  return { store, artifacts, events: new EventLog(store, options.clock), clock: options.clock, settings };
}
