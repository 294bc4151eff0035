import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

export type Direction = 'ASC' | 'DESC';

export interface ListView<Field extends string> {
  search: string;
  department: string;
  sort: { field: Field; direction: Direction } | null;
}

/** A heading pressed: order by `field`, the other way if the list is ordered by it already, else `first`. */
export interface SortPress<Field extends string> {
  field: Field;
  first: Direction;
}

/** A change to a list's view: a new search or department, or a sort heading pressed. */
export type ListChange<Field extends string> = Partial<Pick<ListView<Field>, 'search' | 'department'>> & { press?: SortPress<Field> };

/**
 * A list's search, department and order, kept in the address (`?q=…&department=…&sort=NAME.DESC`), so a view can be
 * shared and reloads the same. `prefix` keeps two lists on one page apart.
 */
export function useListView<Field extends string>(fields: readonly Field[], prefix = ''): [ListView<Field>, (next: ListChange<Field>) => void] {
  const [params, setParams] = useSearchParams();
  const sortIn = (from: URLSearchParams): ListView<Field>['sort'] => {
    const [field, direction] = (from.get(`${prefix}sort`) ?? '').split('.');
    return fields.includes(field as Field) ? { field: field as Field, direction: direction === 'DESC' ? 'DESC' : 'ASC' } : null;
  };
  const view = { search: params.get(`${prefix}q`) ?? '', department: params.get(`${prefix}department`) ?? '', sort: sortIn(params) };
  const change = (next: ListChange<Field>) =>
    setParams(
      () => {
        // From the address as it is now, not as this render saw it: the address changes at once and the render after
        // it later (react-router hands a functional update the params of the last render), so two changes before the
        // next render (a department cleared, then a sort chosen; a heading pressed twice) would undo the first.
        const updated = new URLSearchParams(window.location.search);
        const put = (key: string, value: string) => (value ? updated.set(`${prefix}${key}`, value) : updated.delete(`${prefix}${key}`));
        if (next.search !== undefined) put('q', next.search);
        if (next.department !== undefined) put('department', next.department);
        if (next.press) {
          const now = sortIn(updated);
          const direction = now?.field === next.press.field ? (now.direction === 'ASC' ? 'DESC' : 'ASC') : next.press.first;
          put('sort', `${next.press.field}.${direction}`);
        }
        return updated;
      },
      { replace: true },
    );
  return [view, change];
}

/** The list's order as the API's `orderBy` argument, absent for the list's own order. */
export const orderByOf = <Field extends string>(sort: ListView<Field>['sort']) => (sort ? { field: sort.field, direction: sort.direction } : undefined);

/** A search box that asks once typing pauses, not at every key. */
export function SearchBox({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => changed.current(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="field list-search" role="search">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={text} placeholder={placeholder} onChange={(event) => setText(event.target.value)} />
    </div>
  );
}

/** A department filter over the directory's departments, "All departments" first. */
export function DepartmentFilter({ departments, value, onChange }: { departments: string[]; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field list-filter">
      <label htmlFor={id}>Department</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All departments</option>
        {departments.map((department) => (
          <option key={department} value={department}>
            {department}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A column heading that orders the list by its field: first ascending (or `first`), then the other way. Screen
 * readers hear the order from `aria-sort`; the button says what pressing it does.
 */
export function SortHeader<Field extends string>({
  field,
  label,
  sort,
  onSort,
  first = 'ASC',
  className,
}: {
  field: Field;
  label: string;
  sort: ListView<Field>['sort'];
  onSort: (press: SortPress<Field>) => void;
  first?: Direction;
  className?: string;
}) {
  const active = sort?.field === field;
  const next: Direction = active ? (sort.direction === 'ASC' ? 'DESC' : 'ASC') : first;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort({ field, first })}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.direction === 'ASC' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
        <span className="visually-hidden">, order {next === 'ASC' ? 'ascending' : 'descending'}</span>
      </button>
    </th>
  );
}
