import { useQuery } from '../../api/use-query';
import { formatNumber } from '../../format';
import { CONTRIBUTION_KINDS, KIND_LABELS, type ContributionKind } from '../deals/types';

/** What each kind of contribution means, in the words a rep would use to decide which to give. */
export const KIND_MEANINGS: Record<ContributionKind, string> = {
  DEAL_ASSIST: 'Helped move the deal forward: a call, a demo, an introduction.',
  POC_SUPPORT: 'Ran or supported the proof of concept or the technical evaluation.',
  ESCALATION: 'Defused an escalation that put the deal at risk.',
  ROADMAP_BRIEFING: "Briefed the customer's team on the product roadmap.",
  RFP_RESPONSE: 'Answered the RFP or the security questionnaire.',
  COMPETITIVE_INTEL: 'Brought what we know of a competitor to win against them.',
};

const OPEN_PROGRAM_POINTS = /* GraphQL */ `
  query OpenProgramPoints {
    awardPrograms(status: OPEN) {
      id
      name
      criteria {
        rankBy
        thresholds {
          metric
        }
        kindPoints {
          kind
          points
        }
      }
    }
  }
`;

interface OpenProgram {
  id: string;
  name: string;
  criteria: { rankBy: string; thresholds: { metric: string }[]; kindPoints: { kind: ContributionKind; points: number }[] };
}

/** A kind's points in each open program that counts points (a kind a program does not weigh counts 1, as the rules say). */
export interface KindPoints {
  program: string;
  points: Record<ContributionKind, number>;
}

export function useKindPoints(): KindPoints[] {
  const state = useQuery<{ awardPrograms: OpenProgram[] }>(OPEN_PROGRAM_POINTS);
  const countsPoints = (program: OpenProgram) => program.criteria.rankBy === 'POINTS' || program.criteria.thresholds.some((threshold) => threshold.metric === 'POINTS');
  return (state.data?.awardPrograms ?? []).filter(countsPoints).map((program) => ({
    program: program.name,
    points: Object.fromEntries(
      CONTRIBUTION_KINDS.map((kind) => [kind, program.criteria.kindPoints.find((entry) => entry.kind === kind)?.points ?? 1]),
    ) as Record<ContributionKind, number>,
  }));
}

/** One sentence for the chosen kind: what it means, and what it is worth where points count. */
export function kindExplanation(kind: ContributionKind, programs: KindPoints[]): string {
  const worth = programs.map((program) => `${pointsText(program.points[kind])} in ${program.program}`).join('; ');
  return worth ? `${KIND_MEANINGS[kind]} Worth ${worth}.` : KIND_MEANINGS[kind];
}

const pointsText = (points: number) => `${formatNumber(points)} ${points === 1 ? 'point' : 'points'}`;

/** Every kind side by side, for choosing between them. */
export function KindGuide({ programs }: { programs: KindPoints[] }) {
  return (
    <details className="kind-guide">
      <summary>What each kind means{programs.length > 0 && ' and is worth'}</summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="What each contribution means">
        <table>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Means</th>
              {programs.map((program) => (
                <th key={program.program} scope="col" className="number">
                  Points in {program.program}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CONTRIBUTION_KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">{KIND_LABELS[kind]}</th>
                <td>{KIND_MEANINGS[kind]}</td>
                {programs.map((program) => (
                  <td key={program.program} className="number">
                    {formatNumber(program.points[kind])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
