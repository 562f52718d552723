/**
 * Material icons drawn as plain `<svg>` elements, for places that show the same few icons
 * many times over: every card on the board has three or four. As SvgIcon components each
 * would be a styled component of its own (five components deep, its styles serialized and
 * hashed on every render): the board's 160 icons were a third of everything React rendered
 * for its first screen.
 *
 * The drawing (the paths the icon was created with) is read once from the
 * @mui/icons-material component itself; the look SvgIcon gives (a square of 1em in the
 * text's colour) comes from one rule, `plainIconStyles`, added by the caller's styles.
 */
import type SvgIcon from '@mui/material/SvgIcon';
import { isValidElement, type ReactElement, type ReactNode } from 'react';

/** An icon component of @mui/icons-material. */
export type MaterialIcon = typeof SvgIcon;

/** How createSvgIcon builds an icon: a memo of a forwardRef rendering SvgIcon with the paths. */
interface CreatedIcon {
  type?: { render?: (props: object, ref: null) => unknown };
}

/**
 * The paths an icon of @mui/icons-material draws (what it was created with), or undefined
 * when the component is not built the way createSvgIcon builds icons.
 */
export function iconDrawing(icon: MaterialIcon): ReactNode | undefined {
  const render = (icon as unknown as CreatedIcon).type?.render;
  if (typeof render !== 'function') return undefined;
  const element = render({}, null);
  if (!isValidElement<{ children?: ReactNode }>(element)) return undefined;
  return element.props.children ?? undefined;
}

/**
 * The icon as a plain svg element with the `plain-icon` class and any given, hidden from
 * assistive technology (it decorates text that says the same). Should the drawing not be
 * readable, the icon component itself, as before.
 */
export function plainIcon(icon: MaterialIcon, className?: string): ReactElement {
  const drawing = iconDrawing(icon);
  if (drawing === undefined) {
    const Icon = icon;
    return <Icon className={className} aria-hidden />;
  }
  return (
    <svg
      className={className === undefined ? 'plain-icon' : `plain-icon ${className}`}
      viewBox="0 0 24 24"
      focusable="false"
      aria-hidden="true"
    >
      {drawing}
    </svg>
  );
}

/** SvgIcon's look for the plain icons below the element these styles are applied to. */
export const plainIconStyles = {
  '& .plain-icon': {
    width: '1em',
    height: '1em',
    display: 'inline-block',
    flexShrink: 0,
    fill: 'currentColor',
    userSelect: 'none',
  },
} as const;
