// Longest suites first, so that neither of the two workers is left running a 20-second suite
// alone at the end. Jest does this by itself only with the durations of an earlier run in its
// cache; a fresh clone has none, and jest then goes by file size, which put the short files of
// slow suites (a 1.5 KB suite that runs 20 s) last. Durations measured on the 2-core CI machine,
// in seconds; a suite missing here counts as short. Jest's cached durations, when it has them,
// come first.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

const SECONDS = {
  'e2e/issue-panel': 19,
  'security/slow-jira': 19,
  'faults/mixed-actions': 18,
  'integration/auto-link': 17,
  'integration/consistency': 13,
  'simulator/perf': 10,
  'property/payloads': 9,
  'e2e/suggestions': 8,
  'e2e/create-issue-reporter': 7.5,
  'frontend/search-box': 7,
  'e2e/admin': 6.7,
  'frontend/issue-panel': 6.5,
  'frontend/relations': 5.5,
  'frontend/suggestions': 5.4,
  'frontend/capacity': 5.3,
  'architecture/architecture': 5,
  'e2e/create-issue': 4.9,
  'frontend/panel-behaviour': 4.7,
  'contract/errors-auth': 4.5,
  'e2e/permissions': 4.5,
  'e2e/navigator': 4.2,
  'e2e/renderer': 4,
  'e2e/state': 3.6,
  'frontend/open-sales': 3.4,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const cost = new Map();
    for (const test of tests) {
      const suite = path
        .relative(path.join(test.context.config.rootDir, 'test'), test.path)
        .replace(/\.test\.tsx?$/, '');
      const size = test.context.hasteFS.getSize(test.path) ?? 0;
      // Milliseconds; an unknown suite by its size (1 ms per 100 bytes: it sorts after the list).
      cost.set(test, this.time(test) ?? (SECONDS[suite] ?? 0) * 1000 + size / 100);
    }
    return [...tests].sort((a, b) => cost.get(b) - cost.get(a));
  }
}

module.exports = LongestFirst;
