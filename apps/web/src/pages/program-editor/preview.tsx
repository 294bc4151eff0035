interface Person {
  id: string;
  name: string;
  department: string;
}

export interface CriteriaPreview {
  standings: { employee: { id: string; name: string }; qualifies: boolean; rank: number | null; progress: number }[];
  gained: Person[];
  lost: Person[];
}

export const PREVIEW_CRITERIA = /* GraphQL */ `
  query PreviewCriteria($programId: ID!, $criteria: CriteriaInput!) {
    previewCriteria(programId: $programId, criteria: $criteria) {
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
    }
  }
`;

function People({ title, people, id }: { title: string; people: Person[]; id: string }) {
  return (
    <div>
      <h4 id={id}>
        {title} ({people.length})
      </h4>
      {people.length === 0 ? (
        <p className="hint">Nobody.</p>
      ) : (
        <ul className="preview-people" aria-labelledby={id}>
          {people.map((person) => (
            <li key={person.id}>
              {person.name} <span className="hint">· {person.department}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the proposed criteria would do, next to what the criteria in force do today; nothing is recorded. */
export function PreviewResult({ preview, stale }: { preview: CriteriaPreview; stale: boolean }) {
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
        <strong>{wouldQualify}</strong> would qualify under these criteria ({qualifyToday} under the criteria in force).{' '}
        {unchanged ? <strong>No change</strong> : `${preview.gained.length} gained, ${preview.lost.length} lost.`}
      </p>
      {!unchanged && (
        <div className="grid-2">
          <People title="Gained" people={preview.gained} id="preview-gained" />
          <People title="Lost" people={preview.lost} id="preview-lost" />
        </div>
      )}
    </div>
  );
}
