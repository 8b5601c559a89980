/**
 * One CSV line (RFC 4180, CRLF) from cell values. Safe to open in a spreadsheet: a text cell that
 * begins with = + - @ or a tab/carriage return (a formula to Excel, LibreOffice and Google Sheets)
 * gets a leading apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
