/** The saved filters button: load one, save the current query under a name, delete one. */
import BookmarkAddIcon from '@mui/icons-material/BookmarkAdd';
import BookmarkBorderIcon from '@mui/icons-material/BookmarkBorder';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useId, useRef, useState } from 'react';
import type { SavedFilter } from '../../../shared/query';
import { SaveFilterDialog } from './SaveFilterDialog';
import type { QueryWorld } from './query-analysis';
import { removeSavedFilter } from './saved-filters';

export interface SavedFiltersMenuProps {
  filters: readonly SavedFilter[];
  /** The query text to save, when the bar holds a valid query. */
  currentQuery: string | undefined;
  world: QueryWorld | undefined;
  now: () => number;
  onLoad: (filter: SavedFilter) => void;
  /** Stores a new list; false when it could not be stored. */
  onChange: (filters: SavedFilter[]) => boolean;
}

export function SavedFiltersMenu({
  filters,
  currentQuery,
  world,
  now,
  onLoad,
  onChange,
}: SavedFiltersMenuProps) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const [menuOpen, setMenuOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [deleteFailed, setDeleteFailed] = useState(false);

  return (
    <>
      <Button
        ref={buttonRef}
        variant="outlined"
        color="inherit"
        startIcon={<BookmarkBorderIcon />}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? menuId : undefined}
        onClick={() => {
          setDeleteFailed(false);
          setMenuOpen(true);
        }}
        sx={{ whiteSpace: 'nowrap', flexShrink: 0, borderColor: 'divider' }}
      >
        Saved filters
      </Button>
      <Menu
        id={menuId}
        anchorEl={buttonRef.current}
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { minWidth: 280, maxWidth: 480 } } }}
      >
        <MenuItem
          disabled={currentQuery === undefined}
          onClick={() => {
            setMenuOpen(false);
            setSaving(true);
          }}
        >
          <ListItemIcon>
            <BookmarkAddIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText
            primary="Save current query…"
            secondary={currentQuery === undefined ? 'Type a valid query first' : undefined}
          />
        </MenuItem>
        <Divider />
        {filters.length === 0 && (
          <MenuItem disabled>
            <ListItemText
              primary="No saved filters yet"
              secondary="Saved queries are kept on this device."
            />
          </MenuItem>
        )}
        {filters.map((filter) => (
          <MenuItem
            key={filter.name}
            onClick={() => {
              setMenuOpen(false);
              onLoad(filter);
            }}
            sx={{ gap: 1 }}
          >
            <ListItemText
              primary={filter.name}
              secondary={filter.query}
              slotProps={{
                secondary: {
                  sx: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
                },
              }}
              sx={{ minWidth: 0 }}
            />
            <IconButton
              size="small"
              edge="end"
              aria-label={`Delete saved filter ${filter.name}`}
              onClick={(event) => {
                event.stopPropagation();
                setDeleteFailed(!onChange(removeSavedFilter(filters, filter.name)));
              }}
            >
              <DeleteOutlineIcon fontSize="small" />
            </IconButton>
          </MenuItem>
        ))}
        {deleteFailed && (
          <MenuItem disabled>
            <ListItemText
              primary="The filter could not be deleted"
              secondary="This device refused to store the change."
            />
          </MenuItem>
        )}
      </Menu>
      {saving && currentQuery !== undefined && (
        <SaveFilterDialog
          query={currentQuery}
          filters={filters}
          world={world}
          now={now}
          onCancel={() => setSaving(false)}
          onSave={(next) => {
            const stored = onChange(next);
            if (stored) setSaving(false);
            return stored;
          }}
        />
      )}
    </>
  );
}
