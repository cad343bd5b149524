// `npm start`: the whole app locally. Flags: --fresh (or FRESH=1) wipes .sandbox-state/;
// --list-fields omit makes the simulator's list answers carry no fields, as the API reference shows.
// PORT picks the port (default 3000); ATLAS_CRM_BASE_URL points at a real Atlas CRM instead of
// the simulator (then enter real credentials on the admin page). As on Forge, the app reaches only
// hosts manifest.yml lists; the simulator stands in for the listed https://atlascrm.avisi-apps.com.
import { LIST_FIELDS, type ListFields } from '../crm-simulator';
import { startSandbox } from './server';

function listFieldsOption(argv: string[]): ListFields | undefined {
  const at = argv.indexOf('--list-fields');
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (!(LIST_FIELDS as readonly (string | undefined)[]).includes(value))
    throw new Error(`--list-fields must be ${LIST_FIELDS.join(' or ')}, got ${value ?? 'nothing'}`);
  return value as ListFields;
}

async function main(): Promise<void> {
  const started = Date.now();
  const fresh = process.argv.includes('--fresh') || process.env.FRESH === '1';
  const port = process.env.PORT ? Number(process.env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  const crmBaseUrl = process.env.ATLAS_CRM_BASE_URL?.trim() || undefined;
  const listFields = listFieldsOption(process.argv);
  if (fresh) console.log('starting fresh: .sandbox-state/ wiped');
  const sandbox = await startSandbox({
    port,
    fresh,
    crmBaseUrl,
    ...(listFields ? { listFields } : {}),
    hostname: process.env.HOST ?? '127.0.0.1',
  });
  console.log(
    sandbox.simulator
      ? `Atlas CRM simulator: ${sandbox.simulator.baseUrl}, standing in for ${sandbox.crmBaseUrl} (demo credentials configured; list answers ${listFields === 'omit' ? 'without' : 'with'} fields)`
      : `Atlas CRM: ${sandbox.crmBaseUrl} (enter credentials on the admin page)`,
  );
  console.log(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s; state in .sandbox-state/ (--fresh to reset)`,
  );
  console.log(`Atlas CRM for Jira sandbox: ${sandbox.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // second Ctrl-C: give up waiting
    stopping = true;
    console.log(`\n${signal}: saving state and stopping...`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(
      `Port ${process.env.PORT ?? 3000} is in use: stop the other server or start with PORT=3001 npm start`,
    );
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
