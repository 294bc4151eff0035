/** What a spreadsheet would read as the start of a formula (or a command, through DDE). */
const FORMULA_LEADS = ['=', '+', '-', '@', '\t', '\r'];

/** A cell a spreadsheet shows as text, never runs: one that starts like a formula gets a leading `'`. */
export function neutraliseCell(value: string): string {
  return FORMULA_LEADS.some((lead) => value.startsWith(lead)) ? `'${value}` : value;
}
