// The app's UI bundles in dist/: built in the background, because @forge/bundler can take
// minutes on a slow machine; module frames show a "building" note until they are ready.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST, buildUi, uiBuildReason, withBuildLock } from './build';

export type UiBuildMode = 'auto' | 'never' | 'always';
export type UiBuildState = { status: 'building' | 'ready' } | { status: 'failed'; message: string };

export interface UiBuild {
  /** Read at each request: the build finishes while the server runs. */
  state(): UiBuildState;
  /** Settles when the build is over, whether it succeeded or not. */
  ready: Promise<void>;
  /** Stops a running build: its child process must not outlive the sandbox. */
  stop(): void;
}

export function startUiBuild(mode: UiBuildMode, log: (line: string) => void): UiBuild {
  let state: UiBuildState = { status: 'building' };
  const stopBuild = new AbortController();
  const ready = withBuildLock(async () => {
    const reason =
      mode === 'always' ? 'requested' : mode === 'auto' ? await uiBuildReason() : undefined;
    if (!reason) return;
    log(
      `building the UI bundles with @forge/bundler (${reason}); the page fills in when they are ready...`,
    );
    const started = Date.now();
    await buildUi(log, stopBuild.signal);
    log(`UI bundles ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }).then(
    () => {
      state = { status: 'ready' };
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      state = { status: 'failed', message };
      log(message);
    },
  );
  return { state: () => state, ready, stop: () => stopBuild.abort() };
}

/** Script files of a @forge/bundler artifact, in the order its index.html loads them. */
export async function bundleScripts(resource: string): Promise<string[]> {
  const html = await readFile(path.join(DIST, resource, 'index.html'), 'utf8');
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
    const src = match[1]!;
    if (/^(https?:)?\/\//.test(src)) continue;
    scripts.push(src.replace(/^\.?\//, ''));
  }
  return scripts;
}
