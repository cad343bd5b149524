// Which Chromium the browser tests drive, found without any install step beyond `npm install`:
// CHROMIUM_PATH when set, else a system Chromium or Chrome, else the Chromium that the npm
// package @sparticuz/chromium carries (unpacked once into node_modules/.cache).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export interface Chromium {
  executablePath: string;
  /** Extra environment the browser process needs. */
  env: Record<string, string>;
  /** Where it came from, for error messages. */
  origin: string;
}

export async function findChromium(): Promise<Chromium> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return { executablePath: chosen, env: {}, origin: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_BROWSERS.find((file) => existsSync(file));
  if (system) return { executablePath: system, env: {}, origin: 'system' };
  return packagedChromium();
}

/** The npm package's Chromium, unpacked on first use (about 3 s, 230 MB). */
async function packagedChromium(): Promise<Chromium> {
  const packageDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = path.join(ROOT, 'node_modules', '.cache', `sparticuz-chromium-${version}`);
  if (!existsSync(path.join(dir, 'chromium'))) await unpackInto(dir);
  return {
    executablePath: path.join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: path.join(dir, 'al2023', 'lib'),
      FONTCONFIG_PATH: path.join(dir, 'fonts'),
    },
    origin: `@sparticuz/chromium ${version}`,
  };
}

/**
 * Unpacks into a private directory, then renames it into place: parallel test workers never
 * see a half-written browser, and the loser of a race keeps the winner's copy.
 */
async function unpackInto(dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  const staging = await mkdtemp(`${dir}.tmp-`);
  try {
    await promisify(execFile)(
      process.execPath,
      [path.join(__dirname, 'unpack-chromium.mjs'), staging],
      { cwd: ROOT },
    );
    await writeFile(path.join(staging, 'fonts', 'fonts.conf'), fontsConf(dir));
    await rename(staging, dir).catch((error: unknown) => {
      if (!existsSync(path.join(dir, 'chromium'))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The package's fonts.conf names /tmp paths; this one names where the fonts are, plus the system's. */
function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(dir, 'fonts', 'fonts')}</dir>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}
