import { useState } from 'react';
import { ApiError, request } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { Async, ErrorMessage, Loading } from '../../components/status';
import { SearchBox, orderByOf, useListView, type ListView, type SortPress } from '../../components/list-controls';
import { CreditTable, type CreditOrder } from '../standing/parts';
import { kindLabel, type ContributionKind } from '../standing/words';
import { DisputeButton } from '../claims/dispute-button';

const PAGE_SIZE = 20;

/** The first page and every "Load more" page: the same operation, with the cursor of the last page read. */
const CREDITS_RECEIVED = /* GraphQL */ `
  query CreditsReceived($first: Int!, $after: String, $search: String, $orderBy: CreditOrder) {
    me {
      id
      creditsReceived(first: $first, after: $after, search: $search, orderBy: $orderBy) {
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

const ORDERS = ['CREDITED_AT', 'DEAL', 'DEAL_CLOSED_ON', 'KIND'] as const;

/** The credits I received, oldest first unless ordered otherwise, found by deal or creditor, a page at a time. */
export function CreditsReceived() {
  const [view, changeView] = useListView<CreditOrder>(ORDERS, 'credits-');
  const variables = { first: PAGE_SIZE, ...(view.search && { search: view.search }), orderBy: orderByOf(view.sort) };
  const firstPage = useQuery<CreditsReceivedData>(CREDITS_RECEIVED, variables);
  return (
    <section className="standing-section" aria-labelledby="credits-title">
      <h2 id="credits-title">Credits I received</h2>
      <div className="toolbar list-controls">
        <SearchBox label="Find a credit" placeholder="Deal, account or who credited you" value={view.search} onChange={(search) => changeView({ search })} />
      </div>
      <Async state={firstPage}>
        {(data) =>
          data.me ? (
            <CreditPages
              key={`${data.me.id}|${JSON.stringify(variables)}`}
              first={data.me.creditsReceived}
              variables={variables}
              view={view}
              onSort={(press) => changeView({ press })}
            />
          ) : (
            <p>Your account is not in the directory.</p>
          )
        }
      </Async>
    </section>
  );
}

function CreditPages({
  first,
  variables,
  view,
  onSort,
}: {
  first: CreditsPage;
  variables: Record<string, unknown>;
  view: ListView<CreditOrder>;
  onSort: (press: SortPress<CreditOrder>) => void;
}) {
  const [later, setLater] = useState<CreditsPage[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadError, setLoadError] = useState<ApiError>();
  const last = later.at(-1) ?? first;
  const credits = [first, ...later].flatMap((page) => page.nodes);

  async function loadMore() {
    setLoadingMore(true);
    try {
      const data = await request<CreditsReceivedData>(CREDITS_RECEIVED, { ...variables, after: last.pageInfo.endCursor });
      const page = data.me?.creditsReceived;
      if (page) setLater((pages) => [...pages, page]);
      setLoadError(undefined);
    } catch (caught) {
      setLoadError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setLoadingMore(false);
    }
  }

  if (first.totalCount === 0 && view.search) return <p>No credit matches “{view.search}”.</p>;
  if (first.totalCount === 0) return <p>No one has credited you yet. Credits appear here when a rep credits your help on a won deal.</p>;
  return (
    <>
      <p className="hint" aria-live="polite">
        Showing {credits.length} of {last.totalCount}.
      </p>
      <CreditTable credits={credits} caption="Credits I received" sorting={{ sort: view.sort, onSort }} />
      <RetractedCredits credits={credits.filter((credit) => credit.status === 'RETRACTED')} />
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

/** A retraction I think wrong is disputed here; HR decides, and a credit restored counts again. */
function RetractedCredits({ credits }: { credits: ReceivedCredit[] }) {
  if (credits.length === 0) return null;
  return (
    <>
      <h3>Retracted credits</h3>
      <ul className="claims">
        {credits.map((credit) => (
          <li key={credit.id}>
            {kindLabel(credit.kind)} on {credit.deal.name}
            <DisputeButton about={{ subject: 'RETRACTED_CREDIT', creditId: credit.id }} label={`Dispute the retraction of ${kindLabel(credit.kind)} on ${credit.deal.name}`} />
          </li>
        ))}
      </ul>
    </>
  );
}
