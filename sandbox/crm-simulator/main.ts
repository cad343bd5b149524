// CLI: `tsx sandbox/crm-simulator/main.ts --port 4010 [...]`; prints base URL and credentials.
import { parseCli, USAGE } from './cli';
import { startSimulator } from './server';

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator(options);
  console.log(`Atlas CRM simulator listening on ${sim.baseUrl}`);
  console.log(`  API base:      ${sim.baseUrl}/api/1.0`);
  console.log(`  client id:     ${sim.clientId}`);
  console.log(`  client secret: ${sim.clientSecret}`);
  console.log(
    `  list answers:  ${sim.control.listFields() === 'omit' ? 'without fields (as documented)' : 'with fields'}`,
  );
  console.log(`  control:       ${sim.baseUrl}/__sim/stats`);

  const stop = (signal: string) => {
    console.log(`${signal}: closing simulator`);
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(1);
});
