// Runs before every test file. Test files that need the UI bridge install it themselves.
import { installEgressGate } from '../../sandbox/forge-host/egress';

process.env.TZ = 'UTC';
// Before any test file imports @forge/api, which keeps the global fetch it finds: so the app's
// requests meet the installed ForgeHost's egress rules even where src/ is imported statically.
installEgressGate();
