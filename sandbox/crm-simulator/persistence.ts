// Optional state file: loaded at start, saved (debounced, atomically via tmp + rename) after writes.
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { PersistedState } from './store';

export function loadStateFile(path: string): PersistedState | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<PersistedState>;
  if (parsed.version !== 1 || !Array.isArray(parsed.entities))
    throw new Error(`${path} is not an Atlas CRM simulator state file (version 1)`);
  return {
    version: 1,
    entities: parsed.entities,
    links: parsed.links ?? [],
    issues: parsed.issues ?? {},
    comments: parsed.comments ?? {},
  };
}

/** Coalesces bursts of writes into one save; saves never overlap. */
export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => PersistedState,
    private readonly debounceMs = 100,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  /** Writes now if anything changed; resolves when the file is on disk. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.running = this.running.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.snapshot()));
      await rename(tmp, this.path);
    });
    return this.running;
  }
}
