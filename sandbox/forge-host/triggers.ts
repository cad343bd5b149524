// The app's product-event triggers as manifest.yml declares them (trigger module -> function ->
// handler `file.export` under src/), loaded the way Forge resolves a function's handler.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { TriggerHandler } from './invoke';

export interface TriggerModule {
  /** The trigger module's key, e.g. atlas-crm-issue-created. */
  key: string;
  /** The function module's key, e.g. auto-link. */
  functionKey: string;
  /** e.g. index.autoLinkOnCreate */
  handler: string;
  events: string[];
}

interface Manifest {
  modules?: {
    trigger?: { key?: unknown; function?: unknown; events?: unknown }[];
    function?: { key?: unknown; handler?: unknown }[];
  };
}

/** The trigger modules of the app in `appDir` (its manifest.yml) subscribed to `eventType`. */
export function triggersFor(appDir: string, eventType: string): TriggerModule[] {
  const manifest = parse(readFileSync(path.join(appDir, 'manifest.yml'), 'utf8')) as Manifest;
  const functions = new Map(
    (manifest.modules?.function ?? []).map((f) => [String(f.key), String(f.handler)]),
  );
  return (manifest.modules?.trigger ?? []).flatMap((t) => {
    const events = Array.isArray(t.events) ? t.events.map(String) : [];
    const handler = functions.get(String(t.function));
    if (!events.includes(eventType) || !handler) return [];
    return [{ key: String(t.key), functionKey: String(t.function), handler, events }];
  });
}

/** `index.autoLinkOnCreate` -> the export autoLinkOnCreate of src/index, as Forge finds it. */
export async function loadTriggerHandler(appDir: string, handler: string): Promise<TriggerHandler> {
  const dot = handler.lastIndexOf('.');
  const file = path.join(appDir, 'src', handler.slice(0, dot));
  const exported = handler.slice(dot + 1);
  const mod = (await import(file)) as Record<string, unknown>;
  const fn = mod[exported];
  if (typeof fn !== 'function')
    throw new Error(`manifest.yml names handler ${handler}, but ${file} exports no ${exported}`);
  return fn as TriggerHandler;
}
