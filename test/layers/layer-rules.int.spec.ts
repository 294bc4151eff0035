import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Files written into the tree for one check, each importing what it is given; removed afterwards. */
function plant(imports: Record<string, string>): string[] {
  return Object.entries(imports).map(([path, target]) => {
    writeFileSync(join(root, path), `import '${target}';\n`);
    return path;
  });
}

async function violationsOf(paths: string[]): Promise<Violation[]> {
  const run = promisify(execFile)(depcruise, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...paths], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  // depcruise exits non-zero when it finds a violation; its report is on stdout either way.
  const { stdout } = await run.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the layer rules (dependency-cruiser)', () => {
  jest.setTimeout(120_000);
  const tag = `planted-${process.pid}`;
  const at = (folder: string, name: string) => relative(root, join(root, folder, `${tag}-${name}.ts`));
  const planted = {
    domainByPath: at('libs/domain/src', 'a'),
    domainByName: at('libs/domain/src', 'b'),
    domainGraphql: at('libs/domain/src', 'c'),
    eventStore: at('libs/event-store/src', 'd'),
    cli: at('apps/cli/src', 'e'),
    readSide: at('libs/eligibility/src', 'f'),
    cycleA: at('libs/kernel/src', 'g'),
    cycleB: at('libs/kernel/src', 'h'),
    allowed: at('apps/projector/src', 'i'),
  };
  let violations: Violation[] = [];

  beforeAll(async () => {
    const paths = plant({
      [planted.domainByPath]: '../../eligibility/src/read-model',
      [planted.domainByName]: '@club-ledger/eligibility',
      [planted.domainGraphql]: '@nestjs/graphql',
      [planted.eventStore]: '../../domain/src/shared/ids',
      [planted.cli]: '../../api/src/app',
      [planted.readSide]: '../../../apps/api/src/app',
      [planted.cycleA]: `./${tag}-h`,
      [planted.cycleB]: `./${tag}-g`,
      [planted.allowed]: '@club-ledger/kernel',
    });
    try {
      violations = await violationsOf(paths);
    } finally {
      for (const path of paths) rmSync(join(root, path), { force: true });
    }
  });

  const rulesBrokenBy = (from: string) => violations.filter((violation) => violation.from === from).map((violation) => violation.rule.name);

  it('refuses the domain importing the read side, by relative path or by package name', () => {
    expect(rulesBrokenBy(planted.domainByPath)).toContain('domain-stays-pure');
    expect(rulesBrokenBy(planted.domainByName)).toContain('domain-stays-pure');
  });

  it("refuses the domain importing Nest's GraphQL", () => {
    expect(rulesBrokenBy(planted.domainGraphql)).toEqual(['domain-stays-pure']);
  });

  it('refuses the event store importing a domain', () => {
    expect(rulesBrokenBy(planted.eventStore)).toEqual(['event-store-knows-no-domain']);
  });

  it('refuses the CLI importing the API', () => {
    expect(rulesBrokenBy(planted.cli)).toEqual(['cli-and-projector-not-to-api']);
  });

  it('refuses a lib importing an app', () => {
    expect(rulesBrokenBy(planted.readSide)).toEqual(['libs-not-to-apps']);
  });

  it('refuses an import cycle', () => {
    expect(rulesBrokenBy(planted.cycleA)).toEqual(['no-circular']);
  });

  it('lets an app import a lib', () => {
    expect(rulesBrokenBy(planted.allowed)).toEqual([]);
  });
});
