/**
 * The "Issues" screen: the query bar above the issue table, both fed live from the window's
 * database, with designed loading, failure and empty states.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMemo, useRef, useState } from 'react';
import type { AppDatabase } from '../../../shared/core/database';
import { NO_PEOPLE, type PeopleDirectory } from '../../app/people';
import { QueryBar, type QueryBarHandle, type QueryVocabulary } from '../query-bar/QueryBar';
import type { AppliedQuery } from '../query-bar/query-analysis';
import {
  IssueTableEmpty,
  IssueTableError,
  IssueTableLoading,
  IssueTableReading,
} from './IssueTable';
import { IssuesTable } from './IssuesTable';
import type { IssueRow } from './issue-rows';
import { useIssueTableData } from './use-issue-table-data';

export interface IssuesTableViewProps {
  db: AppDatabase;
  onOpenIssue: (id: string) => void;
}

const NO_ROWS: readonly IssueRow[] = [];

/**
 * Names and custom fields in use, offered by the query bar's autocomplete. Worked out from
 * every row (a hundred milliseconds for 50,000), so only when the autocomplete opens, once
 * per list of rows, never as a task of its own that a click could wait behind.
 */
function vocabularyOf(rows: readonly IssueRow[], known: PeopleDirectory): QueryVocabulary {
  // People by what a query finds them by: everyone known here by name (the query bar quotes
  // a name with a space), and those on issues nobody here knows by their ids.
  const people = new Set<string>(known.all.map((person) => person.name));
  const fields = new Set<string>();
  for (const row of rows) {
    if (row.issue.assignee) people.add(known.queryName(row.issue.assignee));
    people.add(known.queryName(row.issue.reporter));
    for (const name in row.issue.customFields) fields.add(name);
  }
  const byText = (a: string, b: string) => a.localeCompare(b);
  return { people: [...people].sort(byText), customFields: [...fields].sort(byText) };
}

export function IssuesTableView({ db, onOpenIssue }: IssuesTableViewProps) {
  const data = useIssueTableData(db);
  const [query, setQuery] = useState<AppliedQuery | null>(null);
  const bar = useRef<QueryBarHandle>(null);
  const rows = data.state === 'ready' ? data.rows : NO_ROWS;
  const people = data.state === 'ready' ? data.rowContext.people : NO_PEOPLE;
  const vocabulary = useMemo(() => {
    let words: QueryVocabulary | undefined;
    return () => (words ??= vocabularyOf(rows, people));
  }, [rows, people]);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, height: '100%', minHeight: 0 }}>
      <Typography variant="h1">Issues</Typography>
      <QueryBar
        ref={bar}
        world={data.state === 'ready' ? data.world : undefined}
        vocabulary={vocabulary}
        onApply={setQuery}
      />
      {data.state === 'loading' && (
        <IssueTableLoading
          {...(data.expected !== undefined && {
            label: `Loading ${data.expected.toLocaleString()} ${data.expected === 1 ? 'issue' : 'issues'}…`,
          })}
        />
      )}
      {data.state === 'failed' && <IssueTableError message={data.message} onRetry={data.retry} />}
      {data.state === 'ready' && data.reading && data.rows.length > 0 && (
        <IssueTableReading loaded={data.reading.loaded} expected={data.reading.expected} />
      )}
      {data.state === 'ready' && !data.reading && data.marksPending && data.rows.length > 0 && (
        <IssueTableReading marks />
      )}
      {data.state === 'ready' && data.reading && data.rows.length === 0 && (
        <IssueTableLoading
          {...(data.reading.expected !== undefined && {
            label: `Loading ${data.reading.expected.toLocaleString()} issues…`,
          })}
        />
      )}
      {data.state === 'ready' && data.rows.length === 0 && !data.reading && <IssueTableEmpty />}
      {data.state === 'ready' && data.rows.length > 0 && (
        <IssuesTable
          rows={data.rows}
          context={data.rowContext}
          query={query}
          onClearQuery={() => bar.current?.clear()}
          onOpenIssue={onOpenIssue}
        />
      )}
    </Box>
  );
}
