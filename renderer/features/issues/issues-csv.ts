/**
 * CSV export of what the table shows: its rows in their order, its visible columns in their
 * order. RFC 4180 text (CRLF line ends, fields with a comma, quote or line break quoted, quotes
 * doubled), preceded by a byte order mark so spreadsheet programs read it as UTF-8.
 */
import { issueColumn, type IssueColumnId } from './issue-columns';
import type { IssueRow } from './issue-rows';

export const CSV_BOM = '\uFEFF';

/**
 * Text that a spreadsheet would run as a formula is prefixed with an apostrophe, so that an
 * issue title like `=HYPERLINK(…)` stays text when the file is opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

export function issuesCsv(rows: readonly IssueRow[], columnIds: readonly IssueColumnId[]): string {
  const columns = columnIds.map((id) => issueColumn(id)).filter((c) => c !== undefined);
  const lines = [csvLine(columns.map((column) => column.label))];
  for (const row of rows) lines.push(csvLine(columns.map((column) => column.text(row))));
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

/** `issues-2026-11-02-0830.csv`, in local time. */
export function csvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `issues-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}.csv`
  );
}

/** Offers `text` as a file download through an object URL. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // After the click has been handled: revoking at once can cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
