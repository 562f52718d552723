/**
 * Which columns the table shows and in what order: a checkbox per column and buttons that move
 * it left or right (keyboard-friendly, no dragging needed), and a way back to the defaults.
 */
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import { useId, useRef, useState } from 'react';
import type { ReactTable, TableState } from '@tanstack/react-table';
import { moveColumn } from './column-prefs';
import { isIssueColumnId } from './issue-columns';
import type { IssueRow } from './issue-rows';
import type { IssueTableFeatures } from './issue-table-columns';

export interface ColumnsMenuProps {
  table: ReactTable<IssueTableFeatures, IssueRow, TableState<IssueTableFeatures>>;
  onReset: () => void;
}

export function ColumnsMenu({ table, onReset }: ColumnsMenuProps) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const columns = table.getAllLeafColumns();
  const order = columns.map((column) => column.id).filter(isIssueColumnId);

  return (
    <>
      <Button
        ref={buttonRef}
        variant="outlined"
        color="inherit"
        startIcon={<ViewColumnIcon />}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        sx={{ borderColor: 'divider', whiteSpace: 'nowrap' }}
      >
        Columns
      </Button>
      <Popover
        open={open}
        anchorEl={buttonRef.current}
        onClose={() => setOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { role: 'dialog', 'aria-labelledby': titleId, sx: { p: 1.5 } } }}
      >
        <Typography id={titleId} variant="subtitle2" sx={{ px: 0.5, pb: 1 }}>
          Columns shown, in order
        </Typography>
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, minWidth: 260 }}>
          {columns.map((column, index) => {
            const label = column.columnDef.meta?.spec.label ?? column.id;
            const id = column.id;
            return (
              <Box
                component="li"
                key={id}
                sx={{ display: 'flex', alignItems: 'center', gap: 0.5, pl: 0.5 }}
              >
                <FormControlLabel
                  sx={{ flex: 1, mr: 0 }}
                  control={
                    <Checkbox
                      size="small"
                      checked={column.getIsVisible()}
                      disabled={!column.getCanHide()}
                      onChange={(event) => column.toggleVisibility(event.target.checked)}
                    />
                  }
                  label={label}
                />
                <IconButton
                  size="small"
                  aria-label={`Move ${label} left`}
                  disabled={index === 0}
                  onClick={() =>
                    isIssueColumnId(id) && table.setColumnOrder(moveColumn(order, id, -1))
                  }
                >
                  <ArrowUpwardIcon fontSize="small" />
                </IconButton>
                <IconButton
                  size="small"
                  aria-label={`Move ${label} right`}
                  disabled={index === columns.length - 1}
                  onClick={() =>
                    isIssueColumnId(id) && table.setColumnOrder(moveColumn(order, id, 1))
                  }
                >
                  <ArrowDownwardIcon fontSize="small" />
                </IconButton>
              </Box>
            );
          })}
        </Box>
        <Divider sx={{ my: 1 }} />
        <Button size="small" startIcon={<RestartAltIcon />} onClick={onReset}>
          Restore the default columns
        </Button>
      </Popover>
    </>
  );
}
