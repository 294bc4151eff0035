import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { Async, ProgressBar } from '../../components/status';
import { formatDate, formatMoney, formatPercent } from '../../format';
import { kindLabel, type ContributionKind } from '../standing/words';
import '../claims/claims.css';

const TEAM = /* GraphQL */ `
  query MyTeam {
    myTeam {
      reports {
        id
        name
        title
      }
      pendingClaims {
        id
        kind
        claimant {
          name
        }
        approver {
          name
        }
        deal {
          id
          name
        }
      }
      uncreditedDeals {
        id
        name
        account
        amount
        closedOn
        owner {
          name
        }
      }
    }
    awardPrograms(status: OPEN) {
      id
      name
    }
  }
`;

const STANDINGS = /* GraphQL */ `
  query ReportStandings($employeeId: ID!) {
    awardPrograms(status: OPEN) {
      id
      name
      standing(employeeId: $employeeId) {
        qualifies
        rank
        progress
      }
    }
  }
`;

interface TeamData {
  myTeam: {
    reports: { id: string; name: string; title: string | null }[];
    pendingClaims: { id: string; kind: ContributionKind; claimant: { name: string }; approver: { name: string }; deal: { id: string; name: string } }[];
    uncreditedDeals: { id: string; name: string; account: string; amount: string; closedOn: string | null; owner: { name: string } }[];
  };
  awardPrograms: { id: string; name: string }[];
}

/** A manager's team: each report's standing in every open program, their pending claims, and won deals nobody was credited on. */
export function MyTeam() {
  const state = useQuery<TeamData>(TEAM);
  return (
    <>
      <h1>My team</h1>
      <Async state={state}>
        {({ myTeam }) =>
          myTeam.reports.length === 0 ? (
            <p>No one reports to you in the directory.</p>
          ) : (
            <>
              <section aria-labelledby="reports-title">
                <h2 id="reports-title">Standings</h2>
                <ul className="claims">
                  {myTeam.reports.map((report) => (
                    <li key={report.id}>
                      <strong>{report.name}</strong> {report.title && <span className="hint">{report.title}</span>}
                      <ReportStandings employeeId={report.id} name={report.name} />
                    </li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="team-claims-title">
                <h2 id="team-claims-title">Pending claims</h2>
                {myTeam.pendingClaims.length === 0 ? (
                  <p>None.</p>
                ) : (
                  <ul>
                    {myTeam.pendingClaims.map((claim) => (
                      <li key={claim.id}>
                        {claim.claimant.name} asks for {kindLabel(claim.kind)} on <Link to={`/deals/${claim.deal.id}`}>{claim.deal.name}</Link>; {claim.approver.name} decides
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section aria-labelledby="uncredited-title">
                <h2 id="uncredited-title">Won deals nobody was credited on</h2>
                {myTeam.uncreditedDeals.length === 0 ? (
                  <p>None: every won deal in the team credits someone.</p>
                ) : (
                  <ul>
                    {myTeam.uncreditedDeals.map((deal) => (
                      <li key={deal.id}>
                        <Link to={`/deals/${deal.id}`}>{deal.name}</Link> ({deal.account}, {formatMoney(deal.amount)}) won {formatDate(deal.closedOn)} by {deal.owner.name}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </>
          )
        }
      </Async>
    </>
  );
}

function ReportStandings({ employeeId, name }: { employeeId: string; name: string }) {
  const state = useQuery<{ awardPrograms: { id: string; name: string; standing: { qualifies: boolean; rank: number | null; progress: number } | null }[] }>(STANDINGS, { employeeId });
  return (
    <Async state={state}>
      {({ awardPrograms }) =>
        awardPrograms.length === 0 ? (
          <p className="hint">No open program.</p>
        ) : (
          <ul>
            {awardPrograms.map((program) => (
              <li key={program.id}>
                <Link to={`/programs/${program.id}/people/${employeeId}`}>{program.name}</Link>:{' '}
                {program.standing
                  ? `${program.standing.qualifies ? 'qualifies' : 'not yet'}${program.standing.rank ? `, rank ${program.standing.rank}` : ''}, ${formatPercent(program.standing.progress)}`
                  : 'not in this program'}
                {program.standing && <ProgressBar value={program.standing.progress} label={`${name} in ${program.name}`} />}
              </li>
            ))}
          </ul>
        )
      }
    </Async>
  );
}
