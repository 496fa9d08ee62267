/**
 * Text typed by the public or by applicants, made safe for a spreadsheet: a cell starting with one
 * of these characters would be run as a formula by Excel or LibreOffice, so it gets an apostrophe
 * in front (OWASP "CSV injection"). Every CSV export passes such text through this.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
