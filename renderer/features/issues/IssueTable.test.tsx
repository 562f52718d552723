import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { IssueTable, IssueTableError, IssueTableLoading } from './IssueTable';
import type { IssueRow } from './issue-rows';

const rows: IssueRow[] = [
  {
    id: 'i-1',
    title: 'Hydraulic leak under press 2',
    statusName: 'In Progress',
    statusCategory: 'in-progress',
    priority: 'Critical',
    reportedAt: Date.UTC(2026, 10, 2, 8, 30),
  },
];

describe('the issue table', () => {
  it('lists each issue’s title, status and priority', () => {
    const html = renderToStaticMarkup(<IssueTable rows={rows} />);
    for (const text of [
      'Title',
      'Status',
      'Priority',
      'Hydraulic leak under press 2',
      'In Progress',
      'Critical',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('explains an empty list instead of showing an empty table', () => {
    const html = renderToStaticMarkup(<IssueTable rows={[]} />);
    expect(html).toContain('No issues yet');
    expect(html).not.toContain('<table');
  });

  it('marks the loading table busy and the failure with its reason', () => {
    expect(renderToStaticMarkup(<IssueTableLoading />)).toContain('aria-busy="true"');
    const failed = renderToStaticMarkup(
      <IssueTableError message="disk full" onRetry={() => undefined} />,
    );
    expect(failed).toContain('The issues could not be shown');
    expect(failed).toContain('disk full');
    expect(failed).toContain('Try again');
  });
});
