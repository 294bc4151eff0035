import { useQuery } from '../../api/use-query';
import { Async } from '../../components/status';
import { CreditsReceived } from './credits-received';
import { inAudience, ProgramStandingCard, type Contributor, type ProgramSummary } from './program-card';
import './recognition.css';

const ME_AND_PROGRAMS = /* GraphQL */ `
  query MyRecognition {
    me {
      id
      name
      title
      department
      active
    }
    awardPrograms {
      id
      name
      status
      periodStart
      periodEnd
      audienceDepartments
    }
  }
`;

interface MeAndPrograms {
  me: (Contributor & { name: string; title: string | null }) | null;
  awardPrograms: ProgramSummary[];
}

/** "My recognition": who I am, my standing in every running program, and the credits I received. */
export function Recognition() {
  const state = useQuery<MeAndPrograms>(ME_AND_PROGRAMS);
  return (
    <>
      <h1>My recognition</h1>
      <Async state={state}>
        {({ me, awardPrograms }) =>
          me ? (
            <>
              <p className="who">
                <strong>{me.name}</strong>
                <span>{[me.title, me.department].filter(Boolean).join(' · ')}</span>
              </p>
              <Programs programs={awardPrograms} me={me} />
              <CreditsReceived />
            </>
          ) : (
            <p>Your account is not in the directory, so it has no credits or standings.</p>
          )
        }
      </Async>
    </>
  );
}

function Programs({ programs, me }: { programs: ProgramSummary[]; me: Contributor }) {
  // A draft is HR's work in progress: nobody stands anywhere in it yet.
  const running = programs.filter((program) => program.status !== 'DRAFT');
  // The programs I can win come first; those for other departments follow.
  const mineFirst = [...running.filter((program) => inAudience(program, me.department)), ...running.filter((program) => !inAudience(program, me.department))];
  return (
    <section aria-labelledby="programs-title" className="plain-section">
      <h2 id="programs-title">My standing in award programs</h2>
      {running.length === 0 ? (
        <p>There is no open award program right now.</p>
      ) : (
        <div className="program-cards">
          {mineFirst.map((program) => (
            <ProgramStandingCard key={program.id} program={program} me={me} />
          ))}
        </div>
      )}
    </section>
  );
}
