import { formatNumber, humanize } from '../../format';
interface Person {
  id: string;
  name: string;
  department: string;
}

interface StandingFacts {
  qualifies: boolean;
  rank: number | null;
  score: number;
}

export interface CriteriaPreview {
  standings: { employee: { id: string; name: string }; qualifies: boolean; rank: number | null; progress: number }[];
  gained: Person[];
  lost: Person[];
  changes: { employee: { id: string }; before: StandingFacts | null; after: StandingFacts | null }[];
}

/** The fields of a preview, the same whether it revises a program or previews one not yet drafted. */
export const PREVIEW_FIELDS = /* GraphQL */ `
  fragment PreviewFields on CriteriaPreview {
    standings {
      employee {
        id
        name
      }
      qualifies
      rank
      progress
    }
    gained {
      id
      name
      department
    }
    lost {
      id
      name
      department
    }
    changes {
      employee {
        id
      }
      before {
        qualifies
        rank
        score
      }
      after {
        qualifies
        rank
        score
      }
    }
  }
`;

export const PREVIEW_CRITERIA = /* GraphQL */ `
  query PreviewCriteria($programId: ID!, $criteria: CriteriaInput!) {
    previewCriteria(programId: $programId, criteria: $criteria) {
      ...PreviewFields
    }
  }
  ${PREVIEW_FIELDS}
`;

export const PREVIEW_PROGRAM = /* GraphQL */ `
  query PreviewProgram($input: DraftAwardProgramInput!) {
    previewProgram(input: $input) {
      ...PreviewFields
    }
  }
  ${PREVIEW_FIELDS}
`;

const standingText = (standing: StandingFacts | null, rankBy: string) => {
  if (!standing) return 'Not in the program';
  const score = `${rankBy} ${formatNumber(standing.score)}`;
  return standing.rank !== null ? `Rank ${standing.rank} · ${score}` : `Unranked · ${score}`;
};

function People({ title, people, id, changes, rankBy }: { title: string; people: Person[]; id: string; changes: CriteriaPreview['changes']; rankBy: string }) {
  const change = new Map(changes.map((entry) => [entry.employee.id, entry]));
  return (
    <div>
      <h4 id={id}>
        {title} ({people.length})
      </h4>
      {people.length === 0 ? (
        <p className="hint">Nobody.</p>
      ) : (
        <div className="table-scroll">
          <table className="preview-people" aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Now</th>
                <th scope="col">Under these criteria</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id}>
                  <th scope="row">
                    {person.name} <span className="hint">· {person.department}</span>
                  </th>
                  <td>{standingText(change.get(person.id)?.before ?? null, rankBy)}</td>
                  <td>{standingText(change.get(person.id)?.after ?? null, rankBy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** What the proposed criteria would do, next to what the criteria in force do today; nothing is recorded. */
export function PreviewResult({ preview, stale, rankBy, drafted = true }: { preview: CriteriaPreview; stale: boolean; rankBy: string; drafted?: boolean }) {
  const wouldQualify = preview.standings.filter((standing) => standing.qualifies).length;
  // gained and lost are the difference from today's qualifiers, so today's count follows from them.
  const qualifyToday = wouldQualify - preview.gained.length + preview.lost.length;
  const unchanged = preview.gained.length === 0 && preview.lost.length === 0;
  return (
    <div className={`preview${stale ? ' preview-stale' : ''}`} role="region" aria-labelledby="preview-title">
      <h3 id="preview-title">Preview</h3>
      {stale && (
        <p className="preview-stale-note" role="status">
          Out of date: the criteria changed since this preview. Preview again before saving.
        </p>
      )}
      <p role="status">
        <strong>{wouldQualify}</strong> would qualify under these criteria
        {drafted ? (
          <>
            {' '}
            ({qualifyToday} under the criteria in force). {unchanged ? <strong>No change</strong> : `${preview.gained.length} gained, ${preview.lost.length} lost.`}
          </>
        ) : (
          ', counting everything the ledger holds for the period.'
        )}
      </p>
      {!unchanged && (
        <div className="grid-2">
          <People title={drafted ? 'Gained' : 'Would qualify'} people={preview.gained} id="preview-gained" changes={preview.changes} rankBy={humanize(rankBy)} />
          {drafted && <People title="Lost" people={preview.lost} id="preview-lost" changes={preview.changes} rankBy={humanize(rankBy)} />}
        </div>
      )}
    </div>
  );
}
