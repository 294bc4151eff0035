/** What a spreadsheet would run as a formula when a cell starts with it (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell any CSV the product writes can carry safely: one a spreadsheet would read as a formula gets a leading `'`,
 * which makes it text; every other cell is left as it is.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
