/** One CSV cell: its text, and whether it came from text a user typed (guarded against formula injection). */
export interface CsvCell {
  text: string;
  typed: boolean;
}

/** Starts a spreadsheet reads as a formula (OWASP "CSV injection"): = + - @, tab and carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break (quotes doubled).
 * Typed text that a spreadsheet would run as a formula is prefixed with `'`, which shows it as text; numbers,
 * dates and booleans the engine printed itself are left alone (so -5 stays a number).
 */
export function csvCell(cell: CsvCell): string {
  const text = cell.typed && FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The byte-order mark that tells Excel the file is UTF-8 (without it, Chinese comes out garbled). */
export const UTF8_BOM = '\uFEFF';
