/**
 * The assignee of an issue: picked by name from the people who may be given work (disabled
 * people are not offered), or typed. A typed name of someone offered stands for them; other
 * text is kept as typed, as before anyone of the team is known here.
 */
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useMemo, useState } from 'react';
import { NAME_MAX } from '../../../shared/domain';
import type { Actor } from '../../../shared/domain';
import {
  assigneeChoices,
  assigneeOfText,
  type AssigneeChoice,
  type PeopleDirectory,
} from '../../app/people';

export interface AssigneeFieldProps {
  id?: string;
  /** Who is known here, by name. */
  people: PeopleDirectory;
  /** The acting user, offered even before they are known here. */
  self?: Actor;
  size?: 'small' | 'medium';
  /** The stored assignee: a person's id, typed text, or '' for nobody. */
  value: string;
  onChange: (assignee: string) => void;
  onBlur?: () => void;
  error?: string | undefined;
  helperText?: string | undefined;
}

export function AssigneeField(props: AssigneeFieldProps) {
  const { people, self } = props;
  const choices = useMemo(() => assigneeChoices(people, self), [people, self]);
  // What the field shows: the assignee's name, live, unless the user is typing it.
  const [typed, setTyped] = useState<{ value: string; text: string } | null>(null);
  const text =
    typed !== null && typed.value === props.value
      ? typed.text
      : props.value === ''
        ? ''
        : people.nameOf(props.value);
  const selected = choices.find((choice) => choice.id === props.value) ?? null;

  function set(value: string, typedText: string | null) {
    setTyped(typedText === null ? null : { value, text: typedText });
    props.onChange(value);
  }

  return (
    <Autocomplete<AssigneeChoice, false, false, true>
      {...(props.id !== undefined && { id: props.id })}
      freeSolo
      size={props.size ?? 'medium'}
      options={choices}
      value={selected}
      inputValue={text}
      onInputChange={(_event, input, reason) => {
        if (reason === 'input') set(assigneeOfText(input, choices), input);
        if (reason === 'clear') set('', null);
      }}
      onChange={(_event, choice) => {
        if (choice === null) set('', null);
        else if (typeof choice === 'string') set(assigneeOfText(choice, choices), choice);
        else set(choice.id, null);
      }}
      {...(props.onBlur && { onBlur: props.onBlur })}
      getOptionLabel={(choice) => (typeof choice === 'string' ? choice : choice.name)}
      getOptionKey={(choice) => (typeof choice === 'string' ? choice : choice.id)}
      isOptionEqualToValue={(a, b) => typeof b !== 'string' && a.id === b.id}
      autoHighlight
      renderInput={(params) => (
        <TextField
          {...params}
          label="Assignee"
          error={props.error !== undefined}
          helperText={props.error ?? props.helperText}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, maxLength: NAME_MAX * 2 },
          }}
        />
      )}
    />
  );
}
