/**
 * The location hierarchy as an accessible tree: arrow keys move through it (right opens or
 * goes to the first child, left closes or goes to the parent), Home and End jump, Enter or a
 * click selects. One item is in the tab order at a time.
 */
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { kindName, type LocationIndex, type LocationNode } from './location-tree';

export interface LocationTreeProps {
  index: LocationIndex;
  /** Only these nodes (and their ancestors) are shown, e.g. the matches of a search. */
  visibleIds?: ReadonlySet<string>;
  selectedId: string | undefined;
  onSelect: (locationId: string) => void;
}

function flatten(
  nodes: readonly LocationNode[],
  collapsed: ReadonlySet<string>,
  visible: ReadonlySet<string> | undefined,
  out: LocationNode[] = [],
): LocationNode[] {
  for (const node of nodes) {
    if (visible && !visible.has(node.location.id)) continue;
    out.push(node);
    if (!collapsed.has(node.location.id) || visible)
      flatten(node.children, collapsed, visible, out);
  }
  return out;
}

export function LocationTree({ index, visibleIds, selectedId, onSelect }: LocationTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = useState<string | undefined>();
  const refs = useRef(new Map<string, HTMLElement>());
  const rows = useMemo(
    () => flatten(index.roots, collapsed, visibleIds),
    [index, collapsed, visibleIds],
  );
  const tabStop =
    rows.find((n) => n.location.id === focusedId)?.location.id ??
    rows.find((n) => n.location.id === selectedId)?.location.id ??
    rows[0]?.location.id;

  function focus(id: string | undefined) {
    if (id === undefined) return;
    setFocusedId(id);
    refs.current.get(id)?.focus();
  }

  function toggle(id: string, open: boolean) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent, node: LocationNode, position: number) {
    const id = node.location.id;
    const open = node.children.length > 0 && (!collapsed.has(id) || visibleIds !== undefined);
    const keys: Record<string, () => void> = {
      ArrowDown: () => focus(rows[position + 1]?.location.id),
      ArrowUp: () => focus(rows[position - 1]?.location.id),
      Home: () => focus(rows[0]?.location.id),
      End: () => focus(rows[rows.length - 1]?.location.id),
      ArrowRight: () => {
        if (node.children.length === 0) return;
        if (open) focus(node.children[0]?.location.id);
        else toggle(id, true);
      },
      ArrowLeft: () => {
        if (open) toggle(id, false);
        else focus(node.location.parentId);
      },
      Enter: () => onSelect(id),
      ' ': () => onSelect(id),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  }

  return (
    <Box component="ul" role="tree" aria-label="Locations" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {rows.map((node, position) => {
        const id = node.location.id;
        const hasChildren = node.children.length > 0;
        const open = hasChildren && (!collapsed.has(id) || visibleIds !== undefined);
        const selected = id === selectedId;
        return (
          <Box
            component="li"
            key={id}
            role="treeitem"
            aria-label={`${node.location.name}, ${kindName(node.location.kind).toLowerCase()}`}
            aria-level={node.depth + 1}
            aria-selected={selected}
            {...(hasChildren && { 'aria-expanded': open })}
            tabIndex={id === tabStop ? 0 : -1}
            ref={(element: HTMLElement | null) => {
              if (element) refs.current.set(id, element);
              else refs.current.delete(id);
            }}
            onKeyDown={(event) => onKeyDown(event, node, position)}
            onFocus={() => setFocusedId(id)}
            onClick={() => {
              setFocusedId(id);
              onSelect(id);
            }}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 0.5,
              pl: 1 + node.depth * 2.5,
              pr: 1,
              py: 0.5,
              borderRadius: 1,
              cursor: 'pointer',
              bgcolor: selected ? 'action.selected' : 'transparent',
              '&:hover': { bgcolor: selected ? 'action.selected' : 'action.hover' },
              '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 },
            }}
          >
            <Box
              component="span"
              aria-hidden="true"
              onClick={(event) => {
                if (!hasChildren) return;
                event.stopPropagation();
                toggle(id, !open);
              }}
              sx={{ display: 'inline-flex', width: 24, color: 'text.secondary' }}
            >
              {hasChildren &&
                (open ? (
                  <ExpandMoreIcon fontSize="small" />
                ) : (
                  <ChevronRightIcon fontSize="small" />
                ))}
            </Box>
            <Typography
              component="span"
              variant="body2"
              sx={{ fontWeight: node.depth === 0 ? 600 : 400 }}
            >
              {node.location.name}
            </Typography>
            <Typography component="span" variant="caption" color="text.secondary">
              {kindName(node.location.kind)}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
