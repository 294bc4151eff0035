import { useState } from 'react';
import { Link } from 'react-router-dom';
import { request, type ApiError } from '../../api/graphql';
import { ConfirmDialog } from '../../components/form';
import { ErrorMessage } from '../../components/status';
import { failureOf } from './errors';

const OPEN_PROGRAM = /* GraphQL */ `
  mutation OpenAwardProgram($programId: ID!) {
    openAwardProgram(programId: $programId) {
      id
      status
    }
  }
`;

const FINALIZE_PROGRAM = /* GraphQL */ `
  mutation FinalizeAwardProgram($programId: ID!) {
    finalizeAwardProgram(programId: $programId) {
      id
      status
    }
  }
`;

type Step = 'open' | 'finalize';

const STEPS: Record<Step, { mutation: string; button: string; title: string; confirm: string; done: string }> = {
  open: {
    mutation: OPEN_PROGRAM,
    button: 'Open program',
    title: 'Open this program?',
    confirm: 'Yes, open it',
    done: 'The program is open: standings are live for its audience.',
  },
  finalize: {
    mutation: FINALIZE_PROGRAM,
    button: 'Finalize program',
    title: 'Finalize this program?',
    confirm: 'Yes, finalize and record winners',
    done: 'The program is finalized: its ranked winners are recorded.',
  },
};

function Consequence({ step, version }: { step: Step; version: number }) {
  if (step === 'open') {
    return (
      <p>
        Opening makes the program live: standings are computed for its audience and people can see their progress. You can still revise the criteria
        afterwards, with a reason.
      </p>
    );
  }
  return (
    <>
      <p>
        Finalizing records the ranked winners under criteria version {version}, as the ledger stands now.
      </p>
      <p>
        <strong>This cannot be undone.</strong> Later deals, credits or clawbacks will not change the winners, and the criteria can no longer be revised.
      </p>
    </>
  );
}

/** Moves a program along DRAFT → OPEN → FINALIZED, each step confirmed with what it means. */
export function ProgramLifecycle({ program, onChanged }: { program: { id: string; status: string; criteria: { version: number } }; onChanged: () => Promise<void> }) {
  const [pending, setPending] = useState<Step>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const next: Step | undefined = program.status === 'DRAFT' ? 'open' : program.status === 'OPEN' ? 'finalize' : undefined;

  async function confirm(step: Step) {
    setBusy(true);
    setError(undefined);
    try {
      await request(STEPS[step].mutation, { programId: program.id });
      setDone(STEPS[step].done);
      await onChanged();
    } catch (caught) {
      const failure = failureOf(caught, []);
      setError('form' in failure ? failure.form : undefined);
      // Someone else moved the program on: show where it stands now, next to the refusal.
      if ('form' in failure && failure.form.code === 'INVALID_STATE') await onChanged();
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  }

  return (
    <section aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Status</h2>
      {program.status === 'DRAFT' && <p>This program is a draft: nobody sees standings yet. Open it when its criteria are ready.</p>}
      {program.status === 'OPEN' && <p>This program is open. Finalize it at the end of its period to record the winners.</p>}
      {program.status === 'FINALIZED' && (
        <p>
          This program is finalized: its winners are recorded and its criteria are fixed. <Link to={`/programs/${program.id}`}>See the winners</Link>.
        </p>
      )}
      {done && (
        <p className="program-saved" role="status">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      {next && (
        <div className="actions">
          <button type="button" className={next === 'finalize' ? 'danger' : 'primary'} onClick={() => setPending(next)}>
            {STEPS[next].button}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={pending !== undefined}
        title={pending ? STEPS[pending].title : ''}
        confirmLabel={pending ? STEPS[pending].confirm : ''}
        busy={busy}
        onCancel={() => setPending(undefined)}
        onConfirm={() => pending && void confirm(pending)}
      >
        {pending && <Consequence step={pending} version={program.criteria.version} />}
      </ConfirmDialog>
    </section>
  );
}
