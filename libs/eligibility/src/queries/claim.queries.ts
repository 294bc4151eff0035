import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { CreditLocator, hasRole, type Actor } from '@club-ledger/domain';
import type { SqlClient } from '@club-ledger/kernel';
import { SQL_CLIENT } from '../storage/storage.module';
import { claimsById, claimsPage, reportsOf, uncreditedTeamDeals, type ClaimRecord } from './claims';
import { disputesById, disputesPage, type DisputeRecord } from './disputes';

/** The claims, disputes and team read models behind the resolvers; also where a dispute's credit is found. */
@Injectable()
export class ClaimQueries extends CreditLocator {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {
    super();
  }

  claims(actor: Actor, filter: { status?: string; waitingForMe: boolean }, page: { offset: number; limit: number }) {
    const hr = hasRole(actor, 'HR', 'ADMIN');
    const viewer = hr ? { everyone: true as const, id: actor.id, hr } : { everyone: false as const, id: actor.id, hr: false as const };
    return claimsPage(this.sql, viewer, filter, page);
  }

  claimsLoader(): DataLoader<string, ClaimRecord | null> {
    return new DataLoader(async (ids: readonly string[]) => {
      const byId = new Map((await claimsById(this.sql, ids)).map((claim) => [claim.id, claim]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  disputes(filter: { raisedBy?: string; status?: string }, page: { offset: number; limit: number }) {
    return disputesPage(this.sql, filter, page);
  }

  async dispute(id: string): Promise<DisputeRecord | undefined> {
    return (await disputesById(this.sql, [id]))[0];
  }


  reportsOf(managerId: string): Promise<string[]> {
    return reportsOf(this.sql, managerId);
  }

  uncreditedTeamDeals(managerId: string, limit: number): Promise<string[]> {
    return uncreditedTeamDeals(this.sql, managerId, limit);
  }

  async dealOf(creditId: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ deal_id: string }>(`SELECT deal_id FROM credits WHERE id = $1`, [creditId]);
    return rows[0]?.deal_id;
  }
}
