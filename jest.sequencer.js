const { default: Sequencer } = require('@jest/test-sequencer');

const KIND_ORDER = ['.e2e-spec.ts', '.int.spec.ts', '.unit.spec.ts'];
const kindOf = (path) => {
  const kind = KIND_ORDER.findIndex((suffix) => path.endsWith(suffix));
  return kind === -1 ? KIND_ORDER.length : kind;
};

/**
 * Jest's order (failed first, then longest first by the last run's timings), except on a checkout with no timings,
 * as in CI: there jest goes by file size alone, and a long end-to-end suite could start last and hold the run open
 * alone. End-to-end suites go first, then integration, then unit, each largest first.
 */
class EndToEndFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    return [...sorted].sort((a, b) => kindOf(a.path) - kindOf(b.path));
  }
}

module.exports = EndToEndFirst;
