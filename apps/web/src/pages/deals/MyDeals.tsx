import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, request } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { Async, ErrorMessage } from '../../components/status';
import { formatDate, formatMoney, formatNumber, humanize } from '../../format';
import { DealStatusBadge } from './badges';
import type { CreditStatus, DealStatus, DealType, PageInfo } from './types';
import './deals.css';

const PAGE_SIZE = 25;

/** The signed-in employee's deals, won first (the server orders them), a page at a time. */
const MY_DEALS = /* GraphQL */ `
  query MyDeals($first: Int!, $after: String) {
    me {
      id
      deals(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          name
          account
          type
          amount
          status
          closedOn
          credits {
            id
            status
          }
        }
      }
    }
  }
`;

interface DealRow {
  id: string;
  name: string;
  account: string;
  type: DealType;
  amount: string;
  status: DealStatus;
  closedOn: string | null;
  credits: { id: string; status: CreditStatus }[];
}

interface DealPage {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: DealRow[];
}

interface MyDealsAnswer {
  me: { id: string; deals: DealPage } | null;
}

export function MyDeals() {
  const firstPage = useQuery<MyDealsAnswer>(MY_DEALS, { first: PAGE_SIZE });
  return (
    <div className="deal-page">
      <h1>My deals</h1>
      <Async state={firstPage}>
        {({ me }) => (me ? <DealList key={me.id} firstPage={me.deals} /> : <p>This sign-in is not an employee, so it has no deals.</p>)}
      </Async>
    </div>
  );
}

/** The first page from the page's query, then each "Load more" appends the next page after it. */
function DealList({ firstPage }: { firstPage: DealPage }) {
  const [later, setLater] = useState<DealPage[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();
  const pages = [firstPage, ...later];
  const deals = pages.flatMap((page) => page.nodes);
  const { pageInfo } = pages[pages.length - 1];

  async function loadMore() {
    setLoadingMore(true);
    try {
      const answer = await request<MyDealsAnswer>(MY_DEALS, { first: PAGE_SIZE, after: pageInfo.endCursor });
      const next = answer.me?.deals;
      if (next) setLater((loaded) => [...loaded, next]);
      setMoreError(undefined);
    } catch (caught) {
      setMoreError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setLoadingMore(false);
    }
  }

  if (firstPage.totalCount === 0) {
    return (
      <section className="empty-state">
        <h2>No deals yet</h2>
        <p>
          Deals you own appear here once they are recorded, by you or by the CRM feed. When a deal is won, open it from this list to credit the
          colleagues who helped you win it.
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="deals-heading">
      <h2 id="deals-heading">Deals you own</h2>
      <p className="hint">Won deals come first. Open a won deal to credit the colleagues who helped.</p>
      <div className="table-scroll">
        <table className="deal-table">
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col" className="hide-narrow">
                Account
              </th>
              <th scope="col" className="hide-narrow">
                Type
              </th>
              <th scope="col" className="number hide-narrow">
                Amount
              </th>
              <th scope="col">Status</th>
              <th scope="col" className="hide-narrow">
                Closed
              </th>
              <th scope="col" className="number">
                Credits
              </th>
            </tr>
          </thead>
          <tbody>
            {deals.map((deal) => (
              <DealRowView key={deal.id} deal={deal} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">Credits counts active credits; retracted ones are listed on the deal.</p>
      <p role="status" aria-live="polite">
        Showing {formatNumber(deals.length)} of {formatNumber(firstPage.totalCount)} deals.
      </p>
      {moreError && <ErrorMessage error={moreError} retry={() => void loadMore()} />}
      {pageInfo.hasNextPage && (
        <div className="actions">
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore} aria-busy={loadingMore}>
            {loadingMore ? 'Loading more…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function DealRowView({ deal }: { deal: DealRow }) {
  const active = deal.credits.filter((credit) => credit.status === 'ACTIVE').length;
  return (
    <tr>
      <th scope="row">
        <Link to={`/deals/${encodeURIComponent(deal.id)}`}>{deal.name}</Link>
        <span className="deal-row-account">
          {deal.account} · {formatMoney(deal.amount)}
        </span>
      </th>
      <td className="hide-narrow">{deal.account}</td>
      <td className="hide-narrow">{humanize(deal.type)}</td>
      <td className="number hide-narrow">{formatMoney(deal.amount)}</td>
      <td>
        <DealStatusBadge status={deal.status} />
      </td>
      <td className="hide-narrow deal-closed">{formatDate(deal.closedOn)}</td>
      <td className="number">{formatNumber(active)}</td>
    </tr>
  );
}
