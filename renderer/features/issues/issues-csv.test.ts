import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { IssueRowCache, createRowContext } from './issue-rows';
import { CSV_BOM, csvField, csvFileName, csvLine, issuesCsv } from './issues-csv';
import { testIssue } from './issues.test-util';

/** An RFC 4180 reader, to check that what is written reads back the same. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

describe('CSV fields', () => {
  it('quote commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('')).toBe('');
  });

  it('keep text that a spreadsheet would run as a formula as text', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-cmd, x')).toBe(`"'-cmd, x"`);
  });

  it('read back as the same text (after the formula guard)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 1 }), (fields) => {
        const [parsed] = parseCsv(csvLine(fields) + '\r\n');
        expect(parsed).toEqual(fields.map((f) => (/^[=+\-@\t\r]/.test(f) ? `'${f}` : f)));
      }),
    );
  });
});

describe('issue CSV', () => {
  it('has a header of the column labels and one line per row, in the given order', () => {
    const context = createRowContext(
      [DEFAULT_WORKFLOW],
      [{ id: 'line-3', name: 'Line 3', kind: 'line', updatedAt: 0 }],
    );
    const rows = new IssueRowCache(context).rows([
      testIssue({ id: 'b', title: 'Leak, "big"', priority: 'Critical' }),
      testIssue({ id: 'a', title: 'Jam', status: 'in-progress', assignee: 'bob' }),
    ]);
    const text = issuesCsv(rows, ['priority', 'title', 'status', 'assignee', 'location']);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(parseCsv(text.slice(CSV_BOM.length))).toEqual([
      ['Priority', 'Title', 'Status', 'Assignee', 'Location'],
      ['Critical', 'Leak, "big"', 'New', '', 'Line 3'],
      ['High', 'Jam', 'In Progress', 'bob', 'Line 3'],
    ]);
  });

  it('is named after the local date and time', () => {
    expect(csvFileName(new Date(2026, 10, 2, 8, 5))).toBe('issues-2026-11-02-0805.csv');
  });
});
