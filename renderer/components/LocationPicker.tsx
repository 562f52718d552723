/**
 * Picks a location from the site → area → line tree: a searchable list (every word typed
 * must appear in the location's path), indented by depth, each option named by its path.
 */
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import {
  kindName,
  searchLocations,
  type LocationIndex,
  type LocationNode,
} from '../features/locations/location-tree';

export interface LocationPickerProps {
  index: LocationIndex;
  value: string | null;
  onChange: (locationId: string | null) => void;
  label: string;
  /** Shown in the empty field, e.g. "All locations". */
  emptyText?: string;
  error?: boolean;
  helperText?: string;
  required?: boolean;
  disabled?: boolean;
  size?: 'small' | 'medium';
  id?: string;
  onBlur?: () => void;
  autoFocus?: boolean;
  /** Accessible name when the label alone is not enough. */
  ariaLabel?: string;
}

export function LocationPicker(props: LocationPickerProps) {
  const { index } = props;
  const selected = useMemo(
    () =>
      props.value === null ? null : (index.flat.find((n) => n.location.id === props.value) ?? null),
    [index, props.value],
  );
  return (
    <Autocomplete<LocationNode, false, false, false>
      {...(props.id !== undefined && { id: props.id })}
      options={index.flat}
      value={selected}
      onChange={(_event, node) => props.onChange(node ? node.location.id : null)}
      {...(props.onBlur && { onBlur: props.onBlur })}
      getOptionLabel={(node) => index.pathName(node.location.id)}
      getOptionKey={(node) => node.location.id}
      isOptionEqualToValue={(a, b) => a.location.id === b.location.id}
      filterOptions={(_options, state) => searchLocations(index, state.inputValue)}
      noOptionsText="No location matches"
      disabled={props.disabled ?? false}
      size={props.size ?? 'medium'}
      autoHighlight
      renderOption={({ key, ...optionProps }, node) => (
        <Box component="li" key={key} {...optionProps}>
          <Box sx={{ pl: node.depth * 2, display: 'flex', alignItems: 'baseline', gap: 1 }}>
            <Typography component="span">{node.location.name}</Typography>
            <Typography component="span" variant="caption" color="text.secondary">
              {kindName(node.location.kind)}
            </Typography>
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          required={props.required ?? false}
          error={props.error ?? false}
          helperText={props.helperText}
          placeholder={props.emptyText}
          autoFocus={props.autoFocus ?? false}
          slotProps={{
            ...params.slotProps,
            // With an empty-choice text, the label stays up so the text can be read.
            ...(props.emptyText !== undefined && { inputLabel: { shrink: true } }),
            htmlInput: {
              ...params.slotProps.htmlInput,
              ...(props.ariaLabel !== undefined && { 'aria-label': props.ariaLabel }),
            },
          }}
        />
      )}
    />
  );
}
