// KVS and Jira state of the Forge platform stand-in, kept on disk between starts.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ForgeHost } from '../forge-host';

type Log = (line: string) => void;

/**
 * Settings and links made against a real Atlas CRM are kept apart from the simulator's: the demo
 * credentials must never be sent to the real service.
 */
export function forgeStateFile(stateDir: string, crmBaseUrl: string, simulated: boolean): string {
  return path.join(
    stateDir,
    simulated
      ? 'forge.json'
      : `forge-${new URL(crmBaseUrl).host.replace(/[^a-z0-9.-]/gi, '_')}.json`,
  );
}

/** Loads a saved state into the host; false when there was none (a first start). */
export async function restoreForgeState(host: ForgeHost, file: string, log: Log): Promise<boolean> {
  if (!existsSync(file)) return false;
  try {
    host.restore(JSON.parse(await readFile(file, 'utf8')) as ReturnType<ForgeHost['snapshot']>);
  } catch (error) {
    log(`ignoring unreadable ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return true;
}

export interface ForgeStateSaver {
  /** Writes the state now (after any save already under way). */
  save(): Promise<void>;
  /** Saves shortly, once for a burst of invocations. */
  scheduleSave(): void;
}

export function createForgeStateSaver(host: ForgeHost, file: string, log: Log): ForgeStateSaver {
  let saving: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    saving = saving.then(async () => {
      // Written aside and renamed, so a crash mid-write leaves the previous state whole.
      const tmp = `${file}.tmp`;
      await writeFile(tmp, JSON.stringify(host.snapshot()));
      await rename(tmp, file);
    });
    return saving;
  };
  const scheduleSave = () => {
    if (!timer)
      timer = setTimeout(
        () => void save().catch((e: unknown) => log(`saving state failed: ${String(e)}`)),
        250,
      );
  };
  return { save, scheduleSave };
}
