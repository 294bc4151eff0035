import { useEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { ApiError, request } from '../../api/graphql';
import { Field } from '../../components/form';
import type { Colleague } from '../deals/types';

const SEARCH_EMPLOYEES = /* GraphQL */ `
  query SearchEmployees($search: String!) {
    employees(search: $search, first: 8) {
      id
      name
      title
      department
      active
    }
  }
`;

const TYPING_PAUSE_MS = 250;

type Search = { state: 'idle' } | { state: 'searching' } | { state: 'done'; matches: Colleague[] } | { state: 'failed'; error: ApiError };

const describe = (colleague: Colleague) => [colleague.title, colleague.department].filter(Boolean).join(', ');

/**
 * "Contributor": a combobox that searches the directory as one types (after a short pause) and offers
 * up to eight matches; arrows move through them, Enter chooses, Escape closes the list.
 */
export function ContributorSearch({
  chosen,
  onChoose,
  error,
  inputRef,
}: {
  chosen: Colleague | null;
  onChoose: (colleague: Colleague | null) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const [text, setText] = useState(chosen?.name ?? '');
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);
  const query = text.trim();
  const typing = !!query && query !== chosen?.name;

  useEffect(() => {
    const ticket = ++latest.current;
    if (!typing) {
      setSearch({ state: 'idle' });
      return;
    }
    setSearch({ state: 'searching' });
    const timer = setTimeout(() => {
      request<{ employees: Colleague[] }>(SEARCH_EMPLOYEES, { search: query }).then(
        ({ employees }) => ticket === latest.current && setSearch({ state: 'done', matches: employees }),
        (caught: unknown) =>
          ticket === latest.current &&
          setSearch({ state: 'failed', error: caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT') }),
      );
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query, typing]);

  const matches = search.state === 'done' ? search.matches : [];
  const expanded = open && typing && matches.length > 0;

  function choose(colleague: Colleague) {
    setText(colleague.name);
    setOpen(false);
    setActive(-1);
    onChoose(colleague);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (matches.length === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + matches.length) % matches.length);
    } else if (event.key === 'Enter' && expanded && active >= 0) {
      // Choosing from the open list must not submit the form.
      event.preventDefault();
      choose(matches[active]);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
    }
  }

  const hint = chosen
    ? `Chosen: ${chosen.name}${describe(chosen) ? ` (${describe(chosen)})` : ''}`
    : 'Type part of a name, then choose the person from the list.';
  return (
    <Field id="credit-contributor" label="Contributor" error={error} hint={hint}>
      <input
        ref={inputRef}
        id="credit-contributor"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls="credit-contributor-options"
        aria-activedescendant={expanded && active >= 0 ? `credit-contributor-option-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error && 'credit-contributor-error', 'credit-contributor-hint', 'credit-contributor-status'].filter(Boolean).join(' ')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
          if (chosen) onChoose(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id="credit-contributor-options" role="listbox" aria-label="Matching colleagues" className="contributor-options" hidden={!expanded}>
        {matches.map((colleague, index) => (
          <li
            key={colleague.id}
            id={`credit-contributor-option-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            // Keeps focus in the input, so the blur does not close the list before the click lands.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(colleague)}
          >
            <strong>{colleague.name}</strong>
            <span>
              {describe(colleague)}
              {!colleague.active && ' · inactive'}
            </span>
          </li>
        ))}
      </ul>
      <small id="credit-contributor-status" className="hint" role="status" aria-live="polite">
        {typing && <SearchStatus search={search} query={query} />}
      </small>
    </Field>
  );
}

function SearchStatus({ search, query }: { search: Search; query: string }) {
  switch (search.state) {
    case 'idle':
      return null;
    case 'searching':
      return <>Searching…</>;
    case 'failed':
      return <span className="field-error">The directory search failed: {search.error.message}</span>;
    case 'done':
      if (search.matches.length === 0) return <>No one matches “{query}”.</>;
      return <>{search.matches.length === 1 ? '1 match' : `${search.matches.length} matches`}; use the arrow keys or click to choose.</>;
  }
}
