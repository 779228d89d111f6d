import { userInfo } from 'node:os';

/** The OS user running this process, or undefined when the OS cannot say. */
export function osUserName(): string | undefined {
  try {
    const name = userInfo().username;
    return name.length > 0 ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The actor of writes made from this machine without a token: the OS user, else `local`. */
export function localActor(): string {
  return osUserName() ?? 'local';
}
