import { Readable } from 'node:stream';
import { ProgramQueries, type Moment } from '@club-ledger/eligibility';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Headers, HttpException, Inject, Param, Query, Res } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { hasRole, type Actor } from '@club-ledger/domain';
import { neutraliseCell } from '@club-ledger/kernel';
import { TOKEN_VERIFIER } from '../auth/auth.guard';
import { InvalidTokenError, type TokenVerifier } from '../auth/token-verifier';
import { ExportRows } from './export-rows';

const refuse = (status: number, code: string, message: string) => new HttpException({ code, message }, status);

/** An optional instant of the query string, or a 400 naming it. */
function instantOf(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !value.includes('T') || Number.isNaN(Date.parse(value))) throw refuse(400, 'BAD_USER_INPUT', `${name} must be an ISO-8601 instant`);
  return new Date(value);
}

/**
 * Standings, a program's evidence and the audit trail as CSV, for those who read them in the API (HR, EXECUTIVE,
 * ADMIN), with the same bearer token; streamed as read, each cell a spreadsheet could run neutralised.
 */
@Controller('exports')
export class ExportsController {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
    private readonly programs: ProgramQueries,
    private readonly rows: ExportRows,
  ) {}

  @Get('programs/:id/standings.csv')
  async standings(@Headers('authorization') authorization: unknown, @Param('id') id: string, @Query('asOf') asOf: unknown, @Query('knownAt') knownAt: unknown, @Res() res: Response) {
    await this.readerOfEverything(authorization);
    const program = await this.program(id);
    await send(res, `${id}-standings.csv`, this.rows.standingRows(program, this.moment(asOf, knownAt)));
  }

  @Get('programs/:id/evidence.csv')
  async evidence(@Headers('authorization') authorization: unknown, @Param('id') id: string, @Query('asOf') asOf: unknown, @Query('knownAt') knownAt: unknown, @Res() res: Response) {
    await this.readerOfEverything(authorization);
    const program = await this.program(id);
    await send(res, `${id}-evidence.csv`, this.rows.evidenceRows(program, this.moment(asOf, knownAt)));
  }

  @Get('audit.csv')
  async audit(@Headers('authorization') authorization: unknown, @Query('from') from: unknown, @Query('to') to: unknown, @Res() res: Response) {
    await this.readerOfEverything(authorization);
    await send(res, 'audit.csv', this.rows.auditRows(instantOf(from, 'from'), instantOf(to, 'to')));
  }

  private moment(asOf: unknown, knownAt: unknown): Moment {
    const [business, record] = [instantOf(asOf, 'asOf'), instantOf(knownAt, 'knownAt')];
    return { ...(business && { asOf: business }), ...(record && { knownAt: record }) };
  }

  private async program(id: string) {
    const program = await this.programs.program(id);
    if (!program) throw refuse(404, 'NOT_FOUND', `No award program ${id}`);
    return program;
  }

  /** 401 without a valid token, 403 for anyone but HR, executives and admins (as `standings` and the audit trail in the API). */
  private async readerOfEverything(authorization: unknown): Promise<Actor> {
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match) throw refuse(401, 'UNAUTHENTICATED', 'Sign in: send Authorization: Bearer <token>');
    let actor: Actor;
    try {
      actor = await this.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw refuse(401, 'UNAUTHENTICATED', error.message);
      throw error;
    }
    if (!hasRole(actor, 'HR', 'EXECUTIVE', 'ADMIN')) throw refuse(403, 'FORBIDDEN', 'Only HR, executives and admins export standings, evidence and the audit trail');
    return actor;
  }
}

/** Streams the rows as CSV, each text cell neutralised; a failure after the first byte ends the download cut short. */
async function send(res: Response, filename: string, rows: AsyncIterable<(string | number | boolean | null)[]>): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  const cells = async function* () {
    for await (const row of rows) yield row.map((cell) => (typeof cell === 'string' ? neutraliseCell(cell) : cell));
  };
  await pipeline(Readable.from(cells()), stringify({ cast: { boolean: (value) => String(value) } }), res);
}
