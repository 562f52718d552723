/**
 * The query bar above the issue table: the issue query language (shared/query) parsed as the
 * user types, errors underlined in place and explained below, autocomplete with the keyboard,
 * saved filters and a clear button. It reports the query to apply; it filters nothing itself.
 */
import ClearIcon from '@mui/icons-material/Clear';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import FilterListIcon from '@mui/icons-material/FilterList';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputBase from '@mui/material/InputBase';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Paper from '@mui/material/Paper';
import Popper from '@mui/material/Popper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { suggest, type SavedFilter, type Suggestion } from '../../../shared/query';
import { SavedFiltersMenu } from './SavedFiltersMenu';
import {
  analyseQuery,
  applySuggestion,
  errorExcerpt,
  type AppliedQuery,
  type QueryAnalysis,
  type QueryWorld,
} from './query-analysis';
import { readSavedFilters, writeSavedFilters, type FilterStorage } from './saved-filters';

export interface QueryVocabulary {
  people: readonly string[];
  customFields: readonly string[];
}

const NO_VOCABULARY: QueryVocabulary = { people: [], customFields: [] };

export interface QueryBarProps {
  /** Statuses and locations the query is compiled against; undefined while they load. */
  world: QueryWorld | undefined;
  /**
   * Names offered after `assignee` and `reporter`, and custom field names in use (offered as
   * `cf.<name>`). Asked for only when suggestions show: working them out from every issue
   * can take a while.
   */
  vocabulary?: () => QueryVocabulary;
  /** Called with each new query to apply, or null when the bar is cleared. */
  onApply: (query: AppliedQuery | null) => void;
  /** Where saved filters are kept (localStorage by default). */
  storage?: FilterStorage | undefined;
  /** Quiet time after typing before the text is parsed. */
  debounceMs?: number;
  now?: () => number;
  ref?: Ref<QueryBarHandle>;
}

/** What a parent may do to the bar: clear it (as its clear button does) or focus it. */
export interface QueryBarHandle {
  clear(): void;
  focus(): void;
}

const MONO_FONT =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';
const INPUT_PADDING = '9px 0';
const MAX_SUGGESTIONS = 40;
/** Relative dates and now() move with the clock: such queries are compiled again each minute. */
const CLOCK_DEPENDENT = /(?:^|[\s(,=<>~])[+-]\d+[mhdw]\b|now\s*\(/i;

function defaultStorage(): FilterStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

const KIND_LABELS: Record<Suggestion['kind'], string> = {
  field: 'field',
  operator: 'operator',
  value: 'value',
  keyword: 'keyword',
  punctuation: '',
};

export function QueryBar({
  world,
  vocabulary,
  onApply,
  storage: storageProp,
  debounceMs = 250,
  now = Date.now,
  ref,
}: QueryBarProps) {
  const storage = useMemo(() => storageProp ?? defaultStorage(), [storageProp]);
  const inputRef = useRef<HTMLInputElement>(null);
  const anchorRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLSpanElement>(null);
  const listId = useId();
  const errorId = useId();

  const [text, setText] = useState('');
  const [cursor, setCursor] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [analysis, setAnalysis] = useState<QueryAnalysis>({ kind: 'empty' });
  const [analysedText, setAnalysedText] = useState('');
  const [savedFilters, setSavedFilters] = useState<SavedFilter[]>(() => readSavedFilters(storage));
  const pendingCursor = useRef<number | null>(null);
  const onApplyRef = useRef(onApply);
  const nowRef = useRef(now);
  useLayoutEffect(() => {
    onApplyRef.current = onApply;
    nowRef.current = now;
  });

  const lastAnalysed = useRef<{ text: string; world: QueryWorld } | null>(null);
  const analyse = useCallback(
    (value: string) => {
      if (!world) return;
      lastAnalysed.current = { text: value, world };
      const result = analyseQuery(value, world, nowRef.current());
      setAnalysis(result);
      setAnalysedText(value);
      if (result.kind === 'applied') onApplyRef.current(result.query);
      else if (result.kind === 'empty') onApplyRef.current(null);
      // An error keeps the last applied query on screen; the error says why the text is not.
    },
    [world],
  );

  // Parse as the user types, once typing pauses; again when statuses or locations change.
  useEffect(() => {
    if (!world) return;
    const last = lastAnalysed.current;
    if (last && last.text === text && last.world === world) return;
    const timer = setTimeout(() => analyse(text), debounceMs);
    return () => clearTimeout(timer);
  }, [text, world, analyse, debounceMs]);

  useEffect(() => {
    if (!world || !CLOCK_DEPENDENT.test(analysedText)) return;
    const timer = setInterval(() => analyse(analysedText), 60_000);
    return () => clearInterval(timer);
  }, [world, analysedText, analyse]);

  const suggestions = useMemo(() => {
    if (!open) return [];
    const words = vocabulary?.() ?? NO_VOCABULARY;
    const context = {
      statuses: world?.statuses ?? [],
      locations: world?.locations ?? [],
      people: words.people,
      customFields: words.customFields,
    };
    return suggest(text, cursor, context).slice(0, MAX_SUGGESTIONS);
  }, [open, text, cursor, world, vocabulary]);
  const listOpen = open && suggestions.length > 0;

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (pendingCursor.current === null || !input) return;
    input.setSelectionRange(pendingCursor.current, pendingCursor.current);
    pendingCursor.current = null;
    syncOverlay();
  });

  function syncOverlay() {
    const input = inputRef.current;
    const overlay = overlayRef.current;
    if (input && overlay) overlay.style.transform = `translateX(${-input.scrollLeft}px)`;
  }

  function updateText(value: string, caret: number) {
    setText(value);
    setCursor(caret);
    setActive(-1);
  }

  function accept(suggestion: Suggestion) {
    const next = applySuggestion(text, suggestion);
    pendingCursor.current = next.cursor;
    updateText(next.text, next.cursor);
    setOpen(true);
  }

  function applyNow(value = text) {
    setOpen(false);
    analyse(value);
  }

  function clear() {
    pendingCursor.current = 0;
    updateText('', 0);
    setOpen(false);
    analyse('');
    inputRef.current?.focus();
  }

  useImperativeHandle(ref, () => ({ clear, focus: () => inputRef.current?.focus() }));

  function selectError() {
    const input = inputRef.current;
    if (!input || analysis.kind !== 'error') return;
    input.focus();
    input.setSelectionRange(
      analysis.error.start,
      Math.max(analysis.error.end, analysis.error.start),
    );
    setCursor(analysis.error.start);
    syncOverlay();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (listOpen) {
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          setActive((index) => (index + 1) % suggestions.length);
          return;
        case 'ArrowUp':
          event.preventDefault();
          setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
          return;
        case 'Tab': {
          const chosen = suggestions[active >= 0 ? active : 0];
          if (chosen && !event.shiftKey) {
            event.preventDefault();
            accept(chosen);
          }
          return;
        }
        case 'Enter': {
          const chosen = active >= 0 ? suggestions[active] : undefined;
          event.preventDefault();
          if (chosen) accept(chosen);
          else applyNow();
          return;
        }
        case 'Escape':
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setActive(-1);
          return;
      }
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      applyNow();
    } else if (event.key === 'ArrowDown' || (event.key === ' ' && event.ctrlKey)) {
      event.preventDefault();
      setOpen(true);
      setActive(event.key === 'ArrowDown' ? 0 : -1);
    }
  }

  const error = analysis.kind === 'error' && analysedText === text ? analysis.error : undefined;
  const activeSuggestion = listOpen && active >= 0 ? suggestions[active] : undefined;
  const optionId = (index: number) => `${listId}-option-${index}`;

  function loadFilter(filter: SavedFilter) {
    pendingCursor.current = filter.query.length;
    updateText(filter.query, filter.query.length);
    applyNow(filter.query);
    inputRef.current?.focus();
  }

  function changeFilters(next: SavedFilter[]): boolean {
    const stored = writeSavedFilters(storage, next);
    if (stored) setSavedFilters(next);
    return stored;
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'stretch' }}>
        <Paper
          ref={anchorRef}
          variant="outlined"
          sx={{
            flex: 1,
            display: 'flex',
            alignItems: 'center',
            gap: 1,
            pl: 1.5,
            pr: 0.5,
            minWidth: 0,
            borderColor: error ? 'error.main' : undefined,
            '&:focus-within': {
              borderColor: error ? 'error.main' : 'primary.main',
              boxShadow: (theme) =>
                `0 0 0 1px ${error ? theme.palette.error.main : theme.palette.primary.main}`,
            },
          }}
        >
          <FilterListIcon fontSize="small" color="action" aria-hidden />
          <Box sx={{ position: 'relative', flex: 1, minWidth: 0 }}>
            <Box
              aria-hidden
              sx={{
                position: 'absolute',
                inset: 0,
                p: INPUT_PADDING,
                font: 'inherit',
                fontFamily: MONO_FONT,
                fontSize: 14,
                lineHeight: 'normal',
                whiteSpace: 'pre',
                overflow: 'hidden',
                color: 'transparent',
                pointerEvents: 'none',
              }}
            >
              <span ref={overlayRef} style={{ display: 'inline-block' }}>
                {error ? (
                  <>
                    {text.slice(0, error.start)}
                    <Box
                      component="span"
                      data-query-error-token=""
                      sx={{
                        textDecorationLine: 'underline',
                        textDecorationStyle: 'wavy',
                        textDecorationColor: (theme) => theme.palette.error.main,
                        textDecorationSkipInk: 'none',
                        textUnderlineOffset: '3px',
                      }}
                    >
                      {error.end > error.start
                        ? text.slice(error.start, error.end)
                        : '\u00a0\u00a0'}
                    </Box>
                    {text.slice(Math.max(error.start, error.end))}
                  </>
                ) : (
                  text
                )}
              </span>
            </Box>
            <InputBase
              fullWidth
              inputRef={inputRef}
              value={text}
              placeholder="Query, e.g. priority >= High AND status != Closed ORDER BY reportedAt DESC"
              onChange={(event) => {
                updateText(
                  event.target.value,
                  event.target.selectionStart ?? event.target.value.length,
                );
                setOpen(true);
              }}
              onKeyDown={onKeyDown}
              onBlur={() => setOpen(false)}
              onClick={() => setOpen(true)}
              sx={{ p: 0 }}
              slotProps={{
                input: {
                  role: 'combobox',
                  'aria-label': 'Issue query',
                  'aria-autocomplete': 'list',
                  'aria-expanded': listOpen,
                  'aria-controls': listOpen ? listId : undefined,
                  'aria-activedescendant': activeSuggestion ? optionId(active) : undefined,
                  'aria-invalid': error ? true : undefined,
                  'aria-describedby': error ? errorId : undefined,
                  spellCheck: false,
                  autoComplete: 'off',
                  onSelect: (event) => {
                    setCursor(
                      event.currentTarget.selectionStart ?? event.currentTarget.value.length,
                    );
                    syncOverlay();
                  },
                  onScroll: syncOverlay,
                  style: {
                    padding: INPUT_PADDING,
                    fontFamily: MONO_FONT,
                    fontSize: 14,
                    lineHeight: 'normal',
                    height: 'auto',
                  },
                },
              }}
            />
          </Box>
          {text !== '' && (
            <Tooltip title="Clear query">
              <IconButton size="small" aria-label="Clear query" onClick={clear}>
                <ClearIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
        </Paper>
        <SavedFiltersMenu
          filters={savedFilters}
          currentQuery={analysis.kind === 'applied' && analysedText === text ? text : undefined}
          world={world}
          now={now}
          onLoad={loadFilter}
          onChange={changeFilters}
        />
      </Stack>
      <Popper
        open={listOpen}
        anchorEl={anchorRef.current}
        placement="bottom-start"
        sx={{ zIndex: (theme) => theme.zIndex.modal }}
        style={{ width: anchorRef.current?.clientWidth }}
      >
        <Paper elevation={6} sx={{ mt: 0.5, maxHeight: 320, overflow: 'auto' }}>
          {error && (
            // The list covers the explanation below the bar: its first line says it again.
            <Typography
              aria-hidden
              variant="body2"
              color="error"
              sx={{ px: 2, py: 0.75, borderBottom: 1, borderColor: 'divider' }}
            >
              {error.message}
            </Typography>
          )}
          <List id={listId} role="listbox" aria-label="Query suggestions" dense disablePadding>
            {suggestions.map((suggestion, index) => (
              <ListItemButton
                key={`${suggestion.kind}:${suggestion.label}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                selected={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  accept(suggestion);
                  inputRef.current?.focus();
                }}
                sx={{ gap: 2, py: 0.25 }}
              >
                <Box component="span" sx={{ fontFamily: MONO_FONT, fontSize: 14, flex: 1 }}>
                  {suggestion.label}
                </Box>
                <Typography variant="caption" color="text.secondary">
                  {suggestion.detail ?? KIND_LABELS[suggestion.kind]}
                </Typography>
              </ListItemButton>
            ))}
          </List>
        </Paper>
      </Popper>
      {error && (
        <Box
          id={errorId}
          role="alert"
          sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', color: 'error.main', px: 0.5 }}
        >
          <ErrorOutlineIcon fontSize="small" sx={{ mt: '2px' }} aria-hidden />
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="body2" component="p">
              {error.message}{' '}
              <Link component="button" variant="body2" color="inherit" onClick={selectError}>
                {error.end > error.start ? 'Select it' : 'Go there'}
              </Link>
            </Typography>
            <QueryErrorExcerpt text={text} start={error.start} end={error.end} />
          </Box>
        </Box>
      )}
    </Box>
  );
}

function QueryErrorExcerpt({ text, start, end }: { text: string; start: number; end: number }) {
  const excerpt = errorExcerpt(text, { start, end });
  return (
    <Typography
      component="p"
      variant="body2"
      aria-label={`At character ${start + 1}`}
      sx={{ fontFamily: MONO_FONT, fontSize: 13, color: 'text.secondary', whiteSpace: 'pre-wrap' }}
    >
      {excerpt.before}
      <Box
        component="mark"
        sx={{
          bgcolor: 'transparent',
          color: 'error.main',
          fontWeight: 600,
          textDecorationLine: 'underline',
          textDecorationStyle: 'wavy',
          textDecorationSkipInk: 'none',
          textUnderlineOffset: '3px',
        }}
      >
        {excerpt.token === '' ? '\u00a0\u00a0' : excerpt.token}
      </Box>
      {excerpt.after}
    </Typography>
  );
}
