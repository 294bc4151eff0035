import { useState } from 'react';
import { ApiError, request } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { Async, ErrorMessage, Loading } from '../components/status';
import { formatDate, formatInstant, formatMoney } from '../format';
import { Contribution, DealCell, FlagBadges } from './standing-parts';
import type { ContributionKind } from './standing-words';

const PAGE_SIZE = 20;

/** The first page and every "Load more" page: the same operation, with the cursor of the last page read. */
const CREDITS_RECEIVED = /* GraphQL */ `
  query CreditsReceived($first: Int!, $after: String) {
    me {
      id
      creditsReceived(first: $first, after: $after) {
        nodes {
          id
          kind
          note
          status
          flags
          creditedAt
          creditedBy {
            name
          }
          deal {
            id
            name
            account
            amount
            closedOn
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  }
`;

interface ReceivedCredit {
  id: string;
  kind: ContributionKind;
  note: string;
  status: 'ACTIVE' | 'RETRACTED';
  flags: string[];
  creditedAt: string;
  creditedBy: { name: string };
  deal: { id: string; name: string; account: string; amount: string; closedOn: string | null };
}

interface CreditsPage {
  nodes: ReceivedCredit[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

interface CreditsReceivedData {
  me: { id: string; creditsReceived: CreditsPage } | null;
}

/** The credits I received, newest first as the API orders them, a page at a time. */
export function CreditsReceived() {
  const firstPage = useQuery<CreditsReceivedData>(CREDITS_RECEIVED, { first: PAGE_SIZE });
  return (
    <section className="standing-section" aria-labelledby="credits-title">
      <h2 id="credits-title">Credits I received</h2>
      <Async state={firstPage}>
        {(data) => (data.me ? <CreditPages key={data.me.id} first={data.me.creditsReceived} /> : <p>Your account is not in the directory.</p>)}
      </Async>
    </section>
  );
}

function CreditPages({ first }: { first: CreditsPage }) {
  const [later, setLater] = useState<CreditsPage[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadError, setLoadError] = useState<ApiError>();
  const last = later.at(-1) ?? first;
  const credits = [first, ...later].flatMap((page) => page.nodes);

  async function loadMore() {
    setLoadingMore(true);
    try {
      const data = await request<CreditsReceivedData>(CREDITS_RECEIVED, { first: PAGE_SIZE, after: last.pageInfo.endCursor });
      const page = data.me?.creditsReceived;
      if (page) setLater((pages) => [...pages, page]);
      setLoadError(undefined);
    } catch (caught) {
      setLoadError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setLoadingMore(false);
    }
  }

  if (first.totalCount === 0) return <p>No one has credited you yet. Credits appear here when a rep credits your help on a won deal.</p>;
  return (
    <>
      <p className="hint" aria-live="polite">
        Showing {credits.length} of {last.totalCount}.
      </p>
      <div className="table-scroll">
        <table className="credits-table">
          <caption className="visually-hidden">Credits I received</caption>
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">Contribution</th>
              <th scope="col" className="hide-narrow">
                From
              </th>
              <th scope="col" className="hide-narrow">
                Closed
              </th>
              <th scope="col" className="hide-narrow">
                Credited
              </th>
              <th scope="col" className="number hide-narrow">
                Amount
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {credits.map((credit) => (
              <tr key={credit.id}>
                <DealCell deal={credit.deal} />
                <td>
                  <Contribution credit={credit} />
                </td>
                <td className="hide-narrow">{credit.creditedBy.name}</td>
                <td className="hide-narrow">{formatDate(credit.deal.closedOn)}</td>
                <td className="hide-narrow">{formatInstant(credit.creditedAt)}</td>
                <td className="number hide-narrow">{formatMoney(credit.deal.amount)}</td>
                <td>
                  {credit.status === 'ACTIVE' && credit.flags.length === 0 ? 'Active' : <FlagBadges flags={credit.flags} status={credit.status} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loadError && <ErrorMessage error={loadError} retry={() => void loadMore()} />}
      {last.pageInfo.hasNextPage && (
        <div className="actions">
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore} aria-busy={loadingMore}>
            Load more
          </button>
          {loadingMore && <Loading label="Loading more credits…" />}
        </div>
      )}
    </>
  );
}
