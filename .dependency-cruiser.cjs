// The layer rules of DESIGN.md ("Shape"), checked in `npm test`: arrows point down only, apps → libs, and no cycles.
// Paths are resolved before the rules apply, so a relative import and an `@club-ledger/*` name are caught alike.
const lib = (name) => `^libs/${name}/`;
const apps = '^apps/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules so that neither can be read, tested or moved without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Arrows point down: apps use libs, never the other way (the read side included).',
      from: { path: '^libs/' },
      to: { path: apps },
    },
    {
      name: 'cli-and-projector-not-to-api',
      severity: 'error',
      comment: 'The CLI and the projector use libs only; what they share with the API lives in a lib.',
      from: { path: '^apps/(cli|projector)/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment: 'The domain knows no read side, notifications, app, GraphQL or SQL.',
      from: { path: lib('domain') },
      to: {
        path: [lib('eligibility'), lib('notifications'), apps, '(^|/)node_modules/(@nestjs/graphql|@nestjs/apollo|graphql|pg|@electric-sql|drizzle-orm)/'],
      },
    },
    {
      name: 'event-store-knows-no-domain',
      severity: 'error',
      comment: 'The event store carries any events; it knows no domain, read side, notifications or framework.',
      from: { path: lib('event-store'), pathNot: '\\.spec\\.ts$' },
      to: { path: [lib('domain'), lib('eligibility'), lib('notifications'), '(^|/)node_modules/@nestjs/'] },
    },
    {
      name: 'notifications-beside-the-read-side',
      severity: 'error',
      comment: 'Notifications read events and their own tables: no read-side code, app or framework (the projector takes them as its companion).',
      from: { path: lib('notifications'), pathNot: '\\.spec\\.ts$' },
      to: { path: [lib('eligibility'), apps, '(^|/)node_modules/@nestjs/'] },
    },
    {
      name: 'kernel-is-the-bottom',
      severity: 'error',
      comment: 'Everything depends on the kernel; it depends on no other lib.',
      from: { path: lib('kernel') },
      to: { path: [lib('event-store'), lib('domain'), lib('eligibility'), lib('notifications')] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^data/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
