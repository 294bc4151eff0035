import { Field, describedBy } from '../../components/form';
import { humanize } from '../../format';
import {
  DEAL_TYPES,
  KINDS,
  METRICS,
  domId,
  emptyProduct,
  kindLabel,
  emptyThreshold,
  metricHint,
  type CriteriaDraft,
  type FieldErrors,
  type Kind,
  type Metric,
  type ThresholdDraft,
} from './criteria';

interface Props {
  draft: CriteriaDraft;
  onChange: (draft: CriteriaDraft) => void;
  errors: FieldErrors;
}

/** Moves focus to a control rendered on the next frame (a row just added). */
const focusSoon = (field: string) => requestAnimationFrame(() => document.getElementById(domId(field))?.focus());

/** An error that belongs to a group of controls (e.g. "needs at least one threshold") rather than to one. */
function GroupError({ field, errors }: { field: string; errors: FieldErrors }) {
  if (!errors[field]) return null;
  return (
    <p id={domId(field)} className="field-error" role="alert">
      {errors[field]}
    </p>
  );
}

function MetricOptions() {
  return METRICS.map((metric) => (
    <option key={metric} value={metric}>
      {humanize(metric)}
    </option>
  ));
}

function Thresholds({ draft, onChange, errors }: Props) {
  const thresholds = draft.thresholds;
  const update = (index: number, patch: Partial<ThresholdDraft>) =>
    onChange({ ...draft, thresholds: thresholds.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  return (
    <fieldset className="criteria-group">
      <legend>Thresholds — all must hold</legend>
      <GroupError field="criteria.thresholds" errors={errors} />
      {thresholds.map((row, index) => {
        const path = `criteria.thresholds.${index}`;
        const hint = metricHint(row.metric);
        return (
          <fieldset key={row.key} className="criteria-row">
            <legend className="visually-hidden">Threshold {index + 1}</legend>
            <Field id={domId(`${path}.metric`)} label="Metric">
              <select
                {...describedBy(domId(`${path}.metric`))}
                value={row.metric}
                onChange={(event) => {
                  const metric = event.target.value as Metric;
                  update(index, { metric, kind: metric === 'CREDITS' ? row.kind : '' });
                }}
              >
                <MetricOptions />
              </select>
            </Field>
            <Field id={domId(`${path}.atLeast`)} label="At least" error={errors[`${path}.atLeast`]} hint={hint}>
              <input
                {...describedBy(domId(`${path}.atLeast`), errors[`${path}.atLeast`], hint)}
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                required
                value={row.atLeast}
                onChange={(event) => update(index, { atLeast: event.target.value })}
              />
            </Field>
            <Field id={domId(`${path}.kind`)} label="Kind" error={errors[`${path}.kind`]}>
              <select
                {...describedBy(domId(`${path}.kind`), errors[`${path}.kind`])}
                value={row.kind}
                disabled={row.metric !== 'CREDITS'}
                onChange={(event) => update(index, { kind: event.target.value as Kind | '' })}
              >
                <option value="">Any kind</option>
                {KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {kindLabel(kind)}
                  </option>
                ))}
              </select>
            </Field>
            <button type="button" className="criteria-remove" onClick={() => onChange({ ...draft, thresholds: thresholds.filter((_, at) => at !== index) })}>
              Remove<span className="visually-hidden"> threshold {index + 1}</span>
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => {
          onChange({ ...draft, thresholds: [...thresholds, emptyThreshold()] });
          focusSoon(`criteria.thresholds.${thresholds.length}.metric`);
        }}
      >
        Add threshold
      </button>
    </fieldset>
  );
}

/** Blank numbers stand for the server's defaults, so each input says what blank means. */
function NumbersPerValue<Key extends string>(props: {
  legend: string;
  group: 'kindPoints' | 'dealTypeMultipliers';
  keys: readonly Key[];
  labelOf: (key: Key) => string;
  values: Record<Key, string>;
  hint: string;
  errors: FieldErrors;
  onChange: (values: Record<Key, string>) => void;
}) {
  const { legend, group, keys, labelOf, values, hint, errors, onChange } = props;
  return (
    <fieldset className="criteria-group">
      <legend>{legend}</legend>
      <p className="hint">{hint}</p>
      <GroupError field={`criteria.${group}`} errors={errors} />
      <div className="form-grid">
        {keys.map((key) => {
          const path = `criteria.${group}.${key}`;
          return (
            <Field key={key} id={domId(path)} label={labelOf(key)} error={errors[path]}>
              <input
                {...describedBy(domId(path), errors[path])}
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                placeholder="Default: 1"
                value={values[key]}
                onChange={(event) => onChange({ ...values, [key]: event.target.value })}
              />
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}

function ProductMultipliers({ draft, onChange, errors }: Props) {
  const rows = draft.productMultipliers;
  const update = (index: number, patch: Partial<(typeof rows)[number]>) =>
    onChange({ ...draft, productMultipliers: rows.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  return (
    <fieldset className="criteria-group">
      <legend>Product multipliers</legend>
      <p className="hint">A credit counts the largest multiplier among its deal&apos;s products; products not listed count 1.</p>
      <GroupError field="criteria.productMultipliers" errors={errors} />
      {rows.map((row, index) => {
        const path = `criteria.productMultipliers.${index}`;
        return (
          <fieldset key={row.key} className="criteria-row product-row">
            <legend className="visually-hidden">Product multiplier {index + 1}</legend>
            <Field id={domId(`${path}.product`)} label="Product" error={errors[`${path}.product`]}>
              <input
                {...describedBy(domId(`${path}.product`), errors[`${path}.product`])}
                value={row.product}
                required
                onChange={(event) => update(index, { product: event.target.value })}
              />
            </Field>
            <Field id={domId(`${path}.multiplier`)} label="Multiplier" error={errors[`${path}.multiplier`]}>
              <input
                {...describedBy(domId(`${path}.multiplier`), errors[`${path}.multiplier`])}
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                required
                value={row.multiplier}
                onChange={(event) => update(index, { multiplier: event.target.value })}
              />
            </Field>
            <button type="button" className="criteria-remove" onClick={() => onChange({ ...draft, productMultipliers: rows.filter((_, at) => at !== index) })}>
              Remove<span className="visually-hidden"> product multiplier {index + 1}</span>
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => {
          onChange({ ...draft, productMultipliers: [...rows, emptyProduct()] });
          focusSoon(`criteria.productMultipliers.${rows.length}.product`);
        }}
      >
        Add product multiplier
      </button>
    </fieldset>
  );
}

const NO_CAP = 'Blank: everyone who qualifies wins.';

/** Every part of a program's criteria; the caller disables it (a <fieldset disabled>) when it is read-only. */
export function CriteriaFields({ draft, onChange, errors }: Props) {
  const set = (patch: Partial<CriteriaDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <Thresholds draft={draft} onChange={onChange} errors={errors} />
      <div className="form-grid">
        <Field id={domId('criteria.rankBy')} label="Rank by" error={errors['criteria.rankBy']}>
          <select {...describedBy(domId('criteria.rankBy'), errors['criteria.rankBy'])} value={draft.rankBy} onChange={(event) => set({ rankBy: event.target.value as Metric })}>
            <MetricOptions />
          </select>
        </Field>
        <Field id={domId('criteria.maxWinners')} label="Max winners" error={errors['criteria.maxWinners']} hint={NO_CAP}>
          <input
            {...describedBy(domId('criteria.maxWinners'), errors['criteria.maxWinners'], NO_CAP)}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={draft.maxWinners}
            onChange={(event) => set({ maxWinners: event.target.value })}
          />
        </Field>
      </div>
      <NumbersPerValue
        legend="Points per credit kind"
        group="kindPoints"
        keys={KINDS}
        labelOf={kindLabel}
        values={draft.kindPoints}
        hint="Used by the Points metric. Blank means the default of 1 point."
        errors={errors}
        onChange={(kindPoints) => set({ kindPoints })}
      />
      <NumbersPerValue
        legend="Deal-type multipliers"
        group="dealTypeMultipliers"
        keys={DEAL_TYPES}
        labelOf={humanize}
        values={draft.dealTypeMultipliers}
        hint="Multiply a credit's points by its deal's type. Blank means 1."
        errors={errors}
        onChange={(dealTypeMultipliers) => set({ dealTypeMultipliers })}
      />
      <ProductMultipliers draft={draft} onChange={onChange} errors={errors} />
      <div className="criteria-checks">
        <label>
          <input
            type="checkbox"
            aria-describedby="exclude-flagged-hint"
            checked={draft.excludeFlaggedDeals}
            onChange={(event) => set({ excludeFlaggedDeals: event.target.checked })}
          />
          Exclude flagged deals
        </label>
        <small id="exclude-flagged-hint" className="hint">
          Deals opened and closed the same day, and late credits, stop counting.
        </small>
        <label>
          <input type="checkbox" aria-describedby="require-active-hint" checked={draft.requireActive} onChange={(event) => set({ requireActive: event.target.checked })} />
          Require active employees
        </label>
        <small id="require-active-hint" className="hint">
          Offboarded people do not qualify.
        </small>
      </div>
    </>
  );
}
