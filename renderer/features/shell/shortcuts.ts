/**
 * Single-key shortcuts (C: report an issue). They never fire while the user types in a
 * field, holds a modifier, or works in a dialog or menu.
 */
import { useEffect, useRef } from 'react';

const TYPING_ROLES = new Set([
  'textbox',
  'combobox',
  'searchbox',
  'spinbutton',
  'listbox',
  'menu',
  'menuitem',
  'option',
  'slider',
]);

/** True when a key pressed on `target` belongs to what the user is typing or choosing. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) {
    return true;
  }
  const role = target.getAttribute('role');
  if (role !== null && TYPING_ROLES.has(role)) return true;
  // Inside a dialog or menu the keys belong to it.
  return (
    target.closest('[role="dialog"][aria-modal="true"], [role="menu"], [role="listbox"]') !== null
  );
}

/** True when the keyboard event is the plain key `key` (case-insensitive), meant for us. */
export function isShortcut(event: KeyboardEvent, key: string): boolean {
  if (event.defaultPrevented || event.repeat || event.isComposing) return false;
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.key.toLowerCase() !== key.toLowerCase()) return false;
  return !isTypingTarget(event.target);
}

/** Calls `action` when the plain key is pressed anywhere in the window, outside of fields. */
export function useShortcut(key: string, action: () => void, enabled = true): void {
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isShortcut(event, key)) return;
      event.preventDefault();
      latest.current();
    };
    globalThis.addEventListener('keydown', onKeyDown);
    return () => globalThis.removeEventListener('keydown', onKeyDown);
  }, [key, enabled]);
}
