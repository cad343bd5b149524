// Unpacks the Chromium that @sparticuz/chromium ships inside its npm package (brotli archives)
// into the directory named by the first argument. A script of its own because the package is
// ESM only and the jest harness that needs it runs as CommonJS.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [target] = process.argv.slice(2);
if (!target) throw new Error('usage: node unpack-chromium.mjs <directory>');
// The package unpacks into os.tmpdir(), which follows TMPDIR.
process.env.TMPDIR = target;

const { inflate } = await import('@sparticuz/chromium');
const bin = path.join(
  path.dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))),
  '..',
  'bin',
);
// The browser, its fonts, its software GL, and the NSS/expat libraries it links against (built
// for Amazon Linux 2023, they run on any glibc-based Linux), so no system library is assumed.
for (const archive of ['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br'])
  await inflate(path.join(bin, archive));
