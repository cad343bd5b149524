// `npm run lint:forge`: the checks `forge lint` runs on this machine (@forge/lint's client-side
// linters), offline. Left out: the PermissionLinter, which downloads Jira's OpenAPI description.
// Prints how many source files the linters parsed and fails when a file under src/ was skipped
// (forge lint only parses TypeScript files that tsconfig.json's `include` names).
import path from 'node:path';
import {
  ConfigFile,
  FileSystemReader,
  FileSystemWriter,
  StatsigReader,
  listGitIgnoreFiles,
  type StatsigService,
} from '@forge/cli-shared';
import {
  getClientSideLintersOnly,
  lint,
  parseSourceFile,
  PermissionLinter,
  reportLintResults,
} from '@forge/lint';

const ROOT = path.resolve(__dirname, '..');
const SOURCE = /\.[cm]?[jt]sx?$/;

/** Feature flags are fetched from Atlassian when online; offline, every flag takes its default. */
class DefaultFlags extends StatsigReader {
  checkGate(): Promise<boolean | null> {
    return Promise.resolve(null);
  }
  getDynamicConfig(): Promise<null> {
    return Promise.resolve(null);
  }
}

async function main(): Promise<void> {
  process.chdir(ROOT); // forge lint reads manifest.yml and tsconfig.json from the app directory
  const reader = new FileSystemReader();
  const config = new ConfigFile(reader, new FileSystemWriter());
  const manifest = await config.readConfig();
  // The files forge lint hands to the linters: everything under src/ (less .gitignore'd files).
  const exclude = [...(await listGitIgnoreFiles(reader)), '.git', 'node_modules'];
  const files = await reader.recursiveReadDir('./src', exclude);
  const sources = files.filter((file) => SOURCE.test(file));

  const logger = { info: (line: string) => console.log(line) };
  // The linters' signatures ask for the online service, but they only read flags through the
  // StatsigReader methods this class implements.
  const flags = new DefaultFlags() as unknown as StatsigService;
  const linters = (await getClientSideLintersOnly(manifest, 'development', logger, flags)).filter(
    (linter) => !(linter instanceof PermissionLinter),
  );
  const parsed = new Set<string>();
  const results = await lint(files, manifest, 'development', logger, flags, {
    linter: { mode: 'client-side' },
    linters,
    parseFunction: (file, parser, read) => {
      parsed.add(file);
      return parseSourceFile(file, parser, read);
    },
  });

  reportLintResults(logger, results);
  const skipped = sources.filter((file) => !parsed.has(file));
  console.log(
    `forge lint (offline, ${linters.length} linters): parsed ${parsed.size} of ${sources.length} source files under src/`,
  );
  if (skipped.length > 0) {
    console.error(`not parsed (missing from tsconfig.json "include"):\n  ${skipped.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
