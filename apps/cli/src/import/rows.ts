import {
  CONTRIBUTION_KINDS, DEAL_TYPES, DealMessage, DomainError, EmployeeMessage, QuotaMessage,
  decideDeal, evolveDeal, noDeal, type Actor, type BulkCommand, type CommandContext, type ContributionKind, type DealType,
} from '@club-ledger/domain';

export const IMPORT_KINDS = ['employees', 'deals', 'credits', 'quotas'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type Row = Record<string, string | undefined>;

/** The columns each export must have (any order, more are ignored); optional ones may be left empty. */
export const COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  employees: { required: ['id', 'name', 'email', 'department'], optional: ['title', 'managerId'] },
  deals: { required: ['id', 'name', 'account', 'ownerId', 'type', 'amount', 'openedOn'], optional: ['products', 'outcome', 'closedOn', 'closedAmount'] },
  credits: { required: ['dealId', 'contributorId', 'kind', 'note', 'creditedBy'], optional: ['creditedOn'] },
  quotas: { required: ['employeeId', 'periodStart', 'periodEnd', 'amount'], optional: [] },
};

/** The idempotency key of a row's command: the same row always names the same events (and the same credit). */
export const importKey = (kind: ImportKind, key: string): string => `import:${kind}:${key}`;
export const creditKey = (dealId: string, contributorId: string, kind: string): string => importKey('credits', `${dealId}|${contributorId}|${kind}`);

/** The feed of an HRIS or a CRM: it keeps the directory, quotas and deals, as the domain allows INTEGRATION to. */
const integration: Actor = { id: 'import', roles: ['INTEGRATION'] };

/**
 * The commands one row stands for, each with an idempotency key derived from the row, so importing the
 * same file twice appends nothing new. Returns a DomainError for a row that cannot become commands.
 */
export function commandsOf(kind: ImportKind, row: Row, correlationId: string): BulkCommand[] | DomainError {
  const missing = COLUMNS[kind].required.find((column) => !row[column]?.trim());
  if (missing) return new DomainError('BAD_USER_INPUT', `${missing} is missing`, missing);
  const value = (column: string) => (row[column] ?? '').trim();
  const context = (key: string, actor = integration): CommandContext => ({ actor, correlationId, idempotencyKey: importKey(kind, key) });
  switch (kind) {
    case 'employees': {
      const id = value('id');
      const details = { name: value('name'), email: value('email'), department: value('department'), ...(value('title') && { title: value('title') }), ...(value('managerId') && { managerId: value('managerId') }) };
      return [new EmployeeMessage({ type: 'RegisterEmployee', id, details }, context(JSON.stringify([id, details])))];
    }
    case 'quotas': {
      const input = { employeeId: value('employeeId'), periodStart: value('periodStart'), periodEnd: value('periodEnd'), amount: value('amount') };
      return [new QuotaMessage({ type: 'SetQuota', ...input }, context(Object.values(input).join('|')))];
    }
    case 'credits': {
      const kindOf = value('kind').toUpperCase();
      if (!(CONTRIBUTION_KINDS as readonly string[]).includes(kindOf)) return new DomainError('BAD_USER_INPUT', `kind must be one of ${CONTRIBUTION_KINDS.join(', ')}`, 'kind');
      const creditedOn = value('creditedOn');
      const input = { dealId: value('dealId'), contributorId: value('contributorId'), kind: kindOf as ContributionKind, note: value('note'), ...(creditedOn && { creditedOn }) };
      // A credit with its original date is history carried over: the import feeds it as an integration would.
      const creditor: Actor = { id: value('creditedBy'), roles: creditedOn ? ['INTEGRATION'] : [] };
      const backfilled = creditedOn ? { occurredAt: `${creditedOn}T00:00:00.000Z` } : {};
      return [new DealMessage({ type: 'CreditContribution', ...input }, { actor: creditor, correlationId, idempotencyKey: creditKey(input.dealId, input.contributorId, input.kind), ...backfilled })];
    }
    case 'deals':
      return dealCommands(value, context);
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown import kind ${String(unknown)}`);
    }
  }
}

/**
 * Opening and closing a deal are two commands; the close is decided in advance on the deal as the open
 * would leave it, so a row whose close breaks a rule writes nothing rather than half a deal.
 */
function dealCommands(value: (column: string) => string, context: (key: string) => CommandContext): BulkCommand[] | DomainError {
  const type = value('type').toUpperCase();
  if (!(DEAL_TYPES as readonly string[]).includes(type)) return new DomainError('BAD_USER_INPUT', `type must be one of ${DEAL_TYPES.join(', ')}`, 'type');
  const open = {
    dealId: value('id'), name: value('name'), account: value('account'), ownerId: value('ownerId'), dealType: type as DealType,
    amount: value('amount'), products: value('products').split(';').map((product) => product.trim()).filter(Boolean), openedOn: value('openedOn'),
  };
  // Keyed by the whole row: the same row again is a no-op, a different row for the same deal is refused.
  const commands: BulkCommand[] = [new DealMessage({ type: 'OpenDeal', ...open }, context(JSON.stringify(['open', open])))];
  const outcome = value('outcome').toUpperCase();
  if (!outcome) return commands;
  if (outcome !== 'WON' && outcome !== 'LOST') return new DomainError('BAD_USER_INPUT', 'outcome must be WON, LOST or empty', 'outcome');
  const close = { dealId: open.dealId, outcome, closedOn: value('closedOn'), ...(value('closedAmount') && { amount: value('closedAmount') }) } as const;
  const actor = context('').actor;
  const opened = decideDeal({ type: 'OpenDeal', actor, ...open, owner: { registered: true, active: true } }, noDeal);
  if (opened instanceof DomainError) return opened;
  const closed = decideDeal({ type: 'CloseDeal', actor, ...close }, opened.reduce(evolveDeal, noDeal));
  if (closed instanceof DomainError) return closed;
  return [...commands, new DealMessage({ type: 'CloseDeal', ...close }, context(JSON.stringify(['close', close])))];
}
