import DataLoader from 'dataloader';
import {
  auditEntryView, canReadDeal, creditView, dealStream, dealView, readsEverything, standingView,
  type Actor, type DealFacts, type View,
} from '@club-ledger/domain';
import type { ClaimQueries, DealQueries } from '@club-ledger/eligibility';

/** The shapes the read policy looks at: whatever resolver produced them, these are the objects of each type. */
interface DealSource { id: string; ownerId: string; restricted?: boolean }
interface CreditSource { dealId: string; contributorId: string; creditedById: string }
interface StandingSource { employeeId: string; winner?: boolean }
interface AuditSource { stream: string }

/**
 * One caller within one request: the facts the read policy needs beyond the token (the deals crediting them, the
 * people they manage), each read once and batched, and the view of each object decided once.
 */
export class Reader {
  private readonly views = new WeakMap<object, View | Promise<View>>();
  private readonly crediting: DataLoader<string, boolean>;
  private reports: Promise<Set<string>> | undefined;

  constructor(
    readonly actor: Actor,
    private readonly deals: DealQueries,
    private readonly claims: ClaimQueries,
    private readonly dealLoader: DataLoader<string, DealSource | null>,
  ) {
    this.crediting = new DataLoader(async (ids) => {
      const credited = await deals.dealsCrediting(actor.id, ids);
      return ids.map((id) => credited.has(id));
    });
  }

  get readsEverything(): boolean {
    return readsEverything(this.actor);
  }

  /** Whether the caller manages this employee, directly or through the chain. */
  async manages(employeeId: string): Promise<boolean> {
    this.reports ??= this.claims.reportsOf(this.actor.id).then((ids) => new Set(ids));
    return employeeId !== this.actor.id && (await this.reports).has(employeeId);
  }

  async dealFacts(deal: DealSource): Promise<DealFacts> {
    const [credited, managesOwner] = await Promise.all([this.crediting.load(deal.id), this.manages(deal.ownerId)]);
    return { credited, managesOwner, throughClaim: deal.restricted === true };
  }

  async readsDeal(deal: DealSource): Promise<boolean> {
    return canReadDeal(this.actor, deal.ownerId, await this.dealFacts(deal));
  }

  /** The fields of `source`, an object of the GraphQL type `type`, this caller may read; decided once per object. */
  viewOf(type: ProtectedType, source: object): View | Promise<View> {
    const known = this.views.get(source);
    if (known !== undefined) return known;
    const deciding = this.decide(type, source).then((view) => {
      this.views.set(source, view);
      return view;
    });
    this.views.set(source, deciding);
    return deciding;
  }

  private async decide(type: ProtectedType, source: object): Promise<View> {
    switch (type) {
      case 'Deal': {
        const deal = source as DealSource;
        return dealView(this.actor, deal, await this.dealFacts(deal));
      }
      case 'Credit': {
        const credit = source as CreditSource;
        const deal = await this.dealLoader.load(credit.dealId);
        const [readsDeal, managesThem] = await Promise.all([deal ? this.readsDeal(deal) : false, this.manages(credit.contributorId)]);
        return creditView(this.actor, credit, { readsDeal, managesThem });
      }
      case 'Standing': {
        const standing = source as StandingSource;
        return standingView(this.actor, standing, { managesThem: await this.manages(standing.employeeId) });
      }
      case 'AuditEntry': {
        const { stream } = source as AuditSource;
        const prefix = dealStream('');
        const deal = stream.startsWith(prefix) ? await this.dealLoader.load(stream.slice(prefix.length)) : null;
        return auditEntryView(this.actor, { readsDealOfStream: deal !== null && (await this.readsDeal(deal)) });
      }
      default: {
        const unknown: never = type;
        throw new Error(`No read policy for ${String(unknown)}`);
      }
    }
  }
}

/** The GraphQL types whose every field the read policy decides. */
export const PROTECTED_TYPES = ['Deal', 'Credit', 'Standing', 'AuditEntry'] as const;
export type ProtectedType = (typeof PROTECTED_TYPES)[number];
