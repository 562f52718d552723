/**
 * The issue table: a toolbar (search, count, columns, CSV export), sortable and filterable
 * column headers, and a virtualised body in which only the rows in view are rendered, so
 * 50,000 issues scroll as smoothly as 50.
 *
 * TanStack Table (v9, `useTable`) owns the table's state and column model; the rows are
 * filtered and sorted by the plain-array stages of issue-view.ts, each memoised on its own
 * inputs, and TanStack Table is handed only the rows in view (like a page of a manually
 * paginated table) so that building its row model costs nothing per scroll step.
 */
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import type { Theme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import {
  FlexRender,
  functionalUpdate,
  useTable,
  type ColumnFiltersState,
  type ColumnOrderState,
  type ColumnVisibilityState,
  type Row,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { AppliedQuery } from '../query-bar/query-analysis';
import { ColumnFilterControl } from './ColumnFilterControl';
import { ColumnsMenu } from './ColumnsMenu';
import { IssueTableNoMatch } from './IssueTable';
import {
  browserStorage,
  defaultColumnPrefs,
  readColumnPrefs,
  writeColumnPrefs,
  type ColumnPrefs,
  type PrefsStorage,
} from './column-prefs';
import { isIssueColumnId, type IssueColumnSpec } from './issue-columns';
import type { IssueRow, RowContext } from './issue-rows';
import {
  issueCellStyles,
  issueTableColumns,
  issueTableFeatures,
  type IssueTableFeatures,
} from './issue-table-columns';
import { byId, filterByColumns, isActiveFilterValue, searchRows, sortRows } from './issue-view';
import { csvFileName, downloadText, issuesCsv } from './issues-csv';

export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;
const FILTER_ROW_HEIGHT = 40;
const HEAD_HEIGHT = HEADER_HEIGHT + FILTER_ROW_HEIGHT;
const OVERSCAN = 12;
/** More than the rows a window ever holds, so that keys by place never repeat in one. */
const ROW_SLOTS = 256;

export interface IssuesTableProps {
  /** Every issue, as rows (the query narrows them here). */
  rows: readonly IssueRow[];
  context: RowContext;
  /** The query bar's query, or null for none. */
  query: AppliedQuery | null;
  onClearQuery: () => void;
  onOpenIssue: (id: string) => void;
  /** Where column choices are remembered (localStorage by default). */
  storage?: PrefsStorage | undefined;
  /** Offers the CSV text as a file (a Blob download by default). */
  onDownload?: (fileName: string, text: string) => void;
}

function downloadCsv(fileName: string, text: string): void {
  downloadText(fileName, text, 'text/csv;charset=utf-8');
}

/** The smallest width a grid track takes, from `120px` or `minmax(240px, 3fr)`. */
function trackMinWidth(track: string): number {
  const match = /(\d+)px/.exec(track);
  return match ? Number(match[1]) : 100;
}

function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** A minute clock, running only while something (a time-window filter) depends on it. */
function useMinuteClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

export function IssuesTable({
  rows,
  context,
  query,
  onClearQuery,
  onOpenIssue,
  storage: storageProp,
  onDownload = downloadCsv,
}: IssuesTableProps) {
  const storage = useMemo(() => storageProp ?? browserStorage(), [storageProp]);
  const [prefs, setPrefs] = useState<ColumnPrefs>(() => readColumnPrefs(storage));
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [globalFilter, setGlobalFilter] = useState('');
  const [activeId, setActiveId] = useState<string | undefined>();
  const gridId = useId();
  const openRef = useRef(onOpenIssue);
  useLayoutEffect(() => {
    openRef.current = onOpenIssue;
  });
  const openIssue = useCallback((id: string) => {
    setActiveId(id);
    openRef.current(id);
  }, []);

  // Column choices are remembered once they change (not when merely read back).
  const readPrefs = useRef(prefs);
  useEffect(() => {
    if (prefs !== readPrefs.current) writeColumnPrefs(storage, prefs);
  }, [prefs, storage]);
  const changePrefs = useCallback(
    (change: (prefs: ColumnPrefs) => ColumnPrefs) => setPrefs(change),
    [],
  );
  const onColumnVisibilityChange = useCallback(
    (updater: Updater<ColumnVisibilityState>) =>
      changePrefs((current) => ({
        ...current,
        visibility: {
          ...current.visibility,
          ...functionalUpdate(updater, current.visibility as ColumnVisibilityState),
        },
      })),
    [changePrefs],
  );
  const onColumnOrderChange = useCallback(
    (updater: Updater<ColumnOrderState>) =>
      changePrefs((current) => ({
        ...current,
        order: functionalUpdate(updater, current.order).filter(isIssueColumnId),
      })),
    [changePrefs],
  );

  // The view, stage by stage; typing in a filter keeps the input responsive while it computes.
  const deferredFilters = useDeferredValue(columnFilters);
  const deferredSearch = useDeferredValue(globalFilter);
  const timeFiltered = deferredFilters.some(
    (filter) => issueSpec(filter.id)?.filter.kind === 'date' && isActiveFilterValue(filter.value),
  );
  const now = useMinuteClock(timeFiltered);
  // Sorted before it is filtered: typing in a filter or the search box then only filters an
  // ordered list (order is kept by filtering), and only a new order or new issues sort.
  // Every order breaks ties by id: rows arrive in id order from the live query; if they ever
  // do not, they are put in it once here, not at every sort.
  const ordered = useMemo(() => byId(rows), [rows]);
  const queried = useMemo(
    () => (query ? ordered.filter((row) => query.matches(row.issue)) : ordered),
    [ordered, query],
  );
  const queryOrder = query?.ordered ? query.compiled.compare : undefined;
  const sorted = useMemo(
    () => sortRows(queried, sorting, queryOrder),
    [queried, sorting, queryOrder],
  );
  const view = useMemo(
    () =>
      searchRows(filterByColumns(sorted, deferredFilters, context, now), deferredSearch, ordered),
    [sorted, deferredFilters, context, now, deferredSearch, ordered],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // No item keys: rows have one fixed height, and a key function that changes with the
    // view would make the virtualizer measure all 50,000 rows again at every render.
    overscan: OVERSCAN,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    initialRect: { width: 1200, height: 12 * ROW_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length > 0 ? items[items.length - 1]!.index : -1;
  const windowRows = useMemo(() => view.slice(first, last + 1), [view, first, last]);

  const table = useTable({
    features: issueTableFeatures,
    columns: issueTableColumns,
    data: windowRows,
    getRowId: (row) => row.id,
    state: {
      sorting,
      columnFilters,
      globalFilter,
      columnVisibility: prefs.visibility,
      columnOrder: prefs.order,
    },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    onColumnVisibilityChange,
    onColumnOrderChange,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: true,
    isMultiSortEvent: (event) => (event as { shiftKey?: boolean }).shiftKey === true,
  });

  const visibleColumns = table.getVisibleLeafColumns();
  const template = visibleColumns.map((column) => specOf(column).width).join(' ');
  const minWidth = visibleColumns.reduce(
    (sum, column) => sum + trackMinWidth(specOf(column).width),
    0,
  );
  const columnsKey = visibleColumns.map((column) => column.id).join(',');
  const rowsById = table.getRowModel().rowsById;

  const narrowed =
    columnFilters.some((filter) => isActiveFilterValue(filter.value)) || globalFilter.trim() !== '';
  const setFilter = useCallback((columnId: string, value: unknown) => {
    setColumnFilters((filters) => {
      const others = filters.filter((filter) => filter.id !== columnId);
      return isActiveFilterValue(value) ? [...others, { id: columnId, value }] : others;
    });
  }, []);
  const clearFilters = useCallback(() => {
    setColumnFilters([]);
    setGlobalFilter('');
  }, []);

  const activeIndex = useMemo(
    () => (activeId === undefined ? -1 : view.findIndex((row) => row.id === activeId)),
    [view, activeId],
  );

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(view.length - 1, index));
    const row = view[target];
    if (!row) return;
    setActiveId(row.id);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  function onGridKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget || view.length === 0) return;
    const page = Math.max(
      1,
      Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEAD_HEIGHT) / ROW_HEIGHT),
    );
    const at = activeIndex;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(at < 0 ? 0 : at + 1);
        break;
      case 'ArrowUp':
        moveTo(at < 0 ? 0 : at - 1);
        break;
      case 'PageDown':
        moveTo(at < 0 ? 0 : at + page);
        break;
      case 'PageUp':
        moveTo(at < 0 ? 0 : at - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(view.length - 1);
        break;
      case 'Enter':
      case ' ': {
        const row = view[at];
        if (row) openIssue(row.id);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  const activeRendered = activeIndex >= first && activeIndex <= last && activeIndex >= 0;
  const total = rows.length;
  const count =
    view.length === total
      ? `${total.toLocaleString()} ${total === 1 ? 'issue' : 'issues'}`
      : `${view.length.toLocaleString()} of ${total.toLocaleString()} issues`;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, minHeight: 0, flex: 1 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          size="small"
          type="search"
          value={globalFilter}
          onChange={(event) => table.setGlobalFilter(event.target.value)}
          placeholder="Search title, description, people, location"
          sx={{ flex: '1 1 280px', maxWidth: 440 }}
          slotProps={{
            htmlInput: { 'aria-label': 'Search issues' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
        <Typography
          color="text.secondary"
          aria-live="polite"
          data-issue-count=""
          sx={{ flex: 1, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        >
          {count}
          {sorting.length === 0 && queryOrder && (
            <Box component="span" sx={{ ml: 1 }}>
              · in the query’s order
            </Box>
          )}
        </Typography>
        {narrowed && (
          <Button onClick={clearFilters} sx={{ whiteSpace: 'nowrap' }}>
            Clear filters
          </Button>
        )}
        <ColumnsMenu table={table} onReset={() => changePrefs(() => defaultColumnPrefs())} />
        <Button
          variant="outlined"
          color="inherit"
          startIcon={<FileDownloadIcon />}
          disabled={view.length === 0}
          onClick={() =>
            onDownload(
              csvFileName(new Date()),
              issuesCsv(view, visibleColumns.map((column) => column.id).filter(isIssueColumnId)),
            )
          }
          sx={{ borderColor: 'divider', whiteSpace: 'nowrap' }}
        >
          Export CSV
        </Button>
      </Stack>
      <Paper
        variant="outlined"
        ref={scrollRef}
        id={gridId}
        role="grid"
        aria-label="Issues"
        aria-rowcount={view.length + 2}
        aria-colcount={visibleColumns.length}
        aria-activedescendant={
          activeRendered && activeId !== undefined ? domId(gridId, activeId) : undefined
        }
        tabIndex={0}
        onKeyDown={onGridKeyDown}
        onFocus={(event) => {
          if (event.target === event.currentTarget && activeIndex < 0 && view[0]) {
            setActiveId(view[0].id);
          }
        }}
        sx={{
          flex: '1 1 0',
          minHeight: 320,
          // However the page around it is laid out, never render more rows than fit a screen.
          maxHeight: '100vh',
          overflow: 'auto',
          position: 'relative',
          '&:focus-visible': {
            outline: '2px solid',
            outlineColor: 'primary.main',
            outlineOffset: -2,
          },
        }}
      >
        <Box
          role="rowgroup"
          sx={{
            position: 'sticky',
            top: 0,
            zIndex: 2,
            bgcolor: 'background.paper',
            borderBottom: 1,
            borderColor: 'divider',
            minWidth,
          }}
        >
          <Box
            role="row"
            aria-rowindex={1}
            sx={{ display: 'grid', gridTemplateColumns: template, height: HEADER_HEIGHT }}
          >
            {table.getHeaderGroups()[0]?.headers.map((header, index) => {
              const column = header.column;
              const sorted = column.getIsSorted();
              const sortIndex = sorting.length > 1 ? column.getSortIndex() : -1;
              return (
                <Box
                  key={header.id}
                  role="columnheader"
                  aria-colindex={index + 1}
                  aria-sort={
                    sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                  }
                  sx={{ display: 'flex', alignItems: 'center', px: 1.5, minWidth: 0 }}
                >
                  <TableSortLabel
                    active={sorted !== false}
                    direction={sorted === false ? column.getFirstSortDir() : sorted}
                    onClick={column.getToggleSortingHandler()}
                    title="Sort (Shift-click to sort by several columns)"
                    sx={{ fontWeight: 600, fontSize: 14, minWidth: 0, whiteSpace: 'nowrap' }}
                  >
                    <table.FlexRender header={header} />
                    {sortIndex >= 0 && (
                      <Box component="span" sx={{ fontSize: 11, ml: 0.5, color: 'text.secondary' }}>
                        {sortIndex + 1}
                      </Box>
                    )}
                  </TableSortLabel>
                </Box>
              );
            })}
          </Box>
          <Box
            role="row"
            aria-rowindex={2}
            sx={{
              display: 'grid',
              gridTemplateColumns: template,
              height: FILTER_ROW_HEIGHT,
              alignItems: 'center',
            }}
          >
            {visibleColumns.map((column, index) => (
              <Box
                key={column.id}
                role="gridcell"
                aria-colindex={index + 1}
                sx={{ px: 1, minWidth: 0 }}
              >
                <ColumnFilterControl
                  spec={specOf(column)}
                  value={column.getFilterValue()}
                  onChange={setFilter}
                  context={context}
                />
              </Box>
            ))}
          </Box>
        </Box>
        {view.length === 0 ? (
          <Box sx={{ p: 2, position: 'sticky', left: 0 }}>
            <IssueTableNoMatch
              total={total}
              onClearFilters={narrowed ? clearFilters : undefined}
              onClearQuery={query ? onClearQuery : undefined}
            />
          </Box>
        ) : (
          <Box role="rowgroup" sx={bodySx} style={{ height: virtualizer.getTotalSize(), minWidth }}>
            {items.map((item) => {
              const issueRow = view[item.index]!;
              const row = rowsById[issueRow.id];
              if (!row) return null;
              return (
                <IssueGridRow
                  // Keyed by place in the window, not by issue: a new order fills the same
                  // row elements with other issues instead of replacing every element.
                  key={item.index % ROW_SLOTS}
                  domId={domId(gridId, issueRow.id)}
                  row={row}
                  issueRow={issueRow}
                  columnsKey={columnsKey}
                  template={template}
                  index={item.index}
                  top={item.start - HEAD_HEIGHT}
                  active={item.index === activeIndex}
                  onOpen={openIssue}
                />
              );
            })}
          </Box>
        )}
      </Paper>
    </Box>
  );
}

type IssueTableRow = Row<IssueTableFeatures, IssueRow>;

function specOf(column: { id: string; columnDef: { meta?: { spec: IssueColumnSpec } } }) {
  const spec = column.columnDef.meta?.spec ?? issueSpec(column.id);
  if (!spec) throw new Error(`The issue table has no column '${column.id}'.`);
  return spec;
}

function issueSpec(id: string): IssueColumnSpec | undefined {
  return issueTableColumns.find((column) => column.id === id)?.meta?.spec;
}

interface IssueGridRowProps {
  domId: string;
  row: IssueTableRow;
  issueRow: IssueRow;
  /** The visible columns in order: a change re-renders the row. */
  columnsKey: string;
  template: string;
  index: number;
  top: number;
  active: boolean;
  onOpen: (id: string) => void;
}

/** Rows, cells and pills are styled here once, not one styled component each. */
const bodySx = (theme: Theme) => ({
  position: 'relative',
  fontSize: 14,
  '& > [role="row"]': {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    display: 'grid',
    alignItems: 'center',
    borderBottom: `1px solid ${theme.palette.divider}`,
    cursor: 'pointer',
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&[aria-selected="true"]': {
      backgroundColor: theme.palette.action.selected,
      boxShadow: `inset 3px 0 0 ${theme.palette.primary.main}`,
    },
  },
  '& [role="gridcell"]': {
    padding: '0 12px',
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
  },
  ...issueCellStyles(theme),
});

/**
 * One row. Re-renders only when its issue, its place, its columns or whether it is the active
 * row change: not when the table scrolls elsewhere or another row changes.
 */
const IssueGridRow = memo(
  function IssueGridRow({
    domId,
    row,
    issueRow,
    template,
    index,
    top,
    active,
    onOpen,
  }: IssueGridRowProps) {
    return (
      <div
        id={domId}
        role="row"
        aria-rowindex={index + 3}
        aria-selected={active}
        data-issue-id={issueRow.id}
        onClick={() => onOpen(issueRow.id)}
        style={{ transform: `translateY(${top}px)`, gridTemplateColumns: template }}
      >
        {row.getVisibleCells().map((cell, column) => (
          <div key={cell.column.id} role="gridcell" aria-colindex={column + 1}>
            <FlexRender cell={cell} />
          </div>
        ))}
      </div>
    );
  },
  (before, after) =>
    before.issueRow === after.issueRow &&
    before.columnsKey === after.columnsKey &&
    before.template === after.template &&
    before.index === after.index &&
    before.top === after.top &&
    before.active === after.active &&
    before.domId === after.domId,
);
