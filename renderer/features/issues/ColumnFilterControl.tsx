/** The filter under a column's header: text, a choice of values, a time window or yes/no. */
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Checkbox from '@mui/material/Checkbox';
import InputBase from '@mui/material/InputBase';
import Select from '@mui/material/Select';
import { memo, useMemo } from 'react';
import { DATE_PRESETS, type FilterOption, type IssueColumnSpec } from './issue-columns';
import { formatLocationPath } from '../locations/location-tree';
import type { RowContext } from './issue-rows';

export interface ColumnFilterControlProps {
  spec: IssueColumnSpec;
  value: unknown;
  /** Called with the column's id and its new filter value. */
  onChange: (columnId: string, value: unknown) => void;
  context: RowContext;
}

const controlSx = {
  width: '100%',
  fontSize: 13,
  bgcolor: 'background.paper',
  border: 1,
  borderColor: 'divider',
  borderRadius: 1,
  '&.Mui-focused': { borderColor: 'primary.main' },
  '& .MuiInputBase-input': { py: '3px', px: 1 },
  '& .MuiSelect-select': { py: '3px', pl: 1, minHeight: 0 },
} as const;

/** Status names in workflow order, each once. */
function statusOptions(context: RowContext): FilterOption[] {
  const names = new Set<string>();
  for (const workflow of context.workflows) {
    for (const status of workflow.statuses) names.add(status.name);
  }
  return [...names].map((name) => ({ value: name, label: name }));
}

interface LocationOption extends FilterOption {
  depth: number;
  path: string;
}

/** Locations in tree order (by path), each with its depth for indentation. */
function locationOptions(context: RowContext): LocationOption[] {
  return context.locations
    .map((location) => {
      const names = context.locationNames(location.id) ?? [location.name];
      return {
        value: location.id,
        label: location.name,
        depth: names.length - 1,
        path: formatLocationPath(names),
        key: names.map((name) => name.toLowerCase()).join('\u0001'),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function summary(selected: readonly string[], options: readonly FilterOption[]): string {
  if (selected.length === 0) return 'All';
  if (selected.length > 2) return `${selected.length} selected`;
  return selected.map((value) => options.find((o) => o.value === value)?.label ?? value).join(', ');
}

/** Memoised: sorting or scrolling the table does not render the filters again. */
export const ColumnFilterControl = memo(function ColumnFilterControl({
  spec,
  value,
  onChange: onColumnChange,
  context,
}: ColumnFilterControlProps) {
  const onChange = (next: unknown) => onColumnChange(spec.id, next);
  const filter = spec.filter;
  const label = `Filter by ${spec.label}`;
  const options = useMemo((): readonly FilterOption[] => {
    if (filter.kind === 'options') return filter.options ?? statusOptions(context);
    if (filter.kind === 'location') return locationOptions(context);
    return [];
  }, [filter, context]);

  switch (filter.kind) {
    case 'text':
      return (
        <InputBase
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          inputProps={{ 'aria-label': label }}
          sx={controlSx}
        />
      );
    case 'options':
    case 'location': {
      const selected = Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : [];
      return (
        <Select<string[]>
          multiple
          value={selected}
          onChange={(event) => {
            const next = event.target.value;
            onChange(typeof next === 'string' ? next.split(',') : next);
          }}
          renderValue={(chosen) => summary(chosen, options)}
          displayEmpty
          variant="standard"
          input={<InputBase sx={controlSx} />}
          inputProps={{ 'aria-label': label }}
          MenuProps={{ slotProps: { paper: { sx: { maxHeight: 360 } } } }}
        >
          {options.map((option) => (
            <MenuItem key={option.value} value={option.value} dense>
              <Checkbox
                size="small"
                checked={selected.includes(option.value)}
                sx={{ p: 0.5, mr: 1 }}
              />
              <ListItemText
                primary={option.label}
                sx={{ pl: 'depth' in option ? (option as LocationOption).depth * 2 : 0 }}
              />
            </MenuItem>
          ))}
        </Select>
      );
    }
    case 'date':
      return (
        <Select<string>
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          displayEmpty
          variant="standard"
          input={<InputBase sx={controlSx} />}
          inputProps={{ 'aria-label': label }}
        >
          <MenuItem value="" dense>
            Any time
          </MenuItem>
          {DATE_PRESETS.map((preset) => (
            <MenuItem key={preset.value} value={preset.value} dense>
              {preset.label}
            </MenuItem>
          ))}
        </Select>
      );
    case 'flag':
      return (
        <Select<string>
          value={value === 'yes' || value === 'no' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          displayEmpty
          variant="standard"
          input={<InputBase sx={controlSx} />}
          inputProps={{ 'aria-label': label }}
        >
          <MenuItem value="" dense>
            All
          </MenuItem>
          <MenuItem value="yes" dense>
            {filter.yes}
          </MenuItem>
          <MenuItem value="no" dense>
            {filter.no}
          </MenuItem>
        </Select>
      );
  }
});
