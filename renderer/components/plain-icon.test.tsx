// @vitest-environment happy-dom
import MoreVertIcon from '@mui/icons-material/MoreVert';
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import PersonOutlinedIcon from '@mui/icons-material/PersonOutlined';
import PlaceOutlinedIcon from '@mui/icons-material/PlaceOutlined';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { iconDrawing, plainIcon, type MaterialIcon } from './plain-icon';

afterEach(cleanup);

/** The `d` of every path an svg element draws. */
function pathsOf(svg: Element | null): string[] {
  return [...(svg?.querySelectorAll('path') ?? [])].map((path) => path.getAttribute('d') ?? '');
}

const ICONS: [string, MaterialIcon][] = [
  ['MoreVert', MoreVertIcon],
  ['NotificationImportant', NotificationImportantIcon],
  ['PersonOutlined', PersonOutlinedIcon],
  ['PlaceOutlined', PlaceOutlinedIcon],
  ['Schedule', ScheduleIcon],
];

describe('a plain icon', () => {
  it.each(ICONS)('draws what the %s icon component draws', (_name, Icon) => {
    const material = render(<Icon />).container.querySelector('svg');
    const plain = render(plainIcon(Icon)).container.querySelector('svg');
    expect(pathsOf(material).length).toBeGreaterThan(0);
    expect(pathsOf(plain)).toEqual(pathsOf(material));
    expect(plain?.getAttribute('viewBox')).toBe(material?.getAttribute('viewBox'));
  });

  it('is a plain svg element with its classes, hidden from assistive technology', () => {
    const { container } = render(plainIcon(PlaceOutlinedIcon, 'issue-card__icon'));
    const svg = container.firstElementChild;
    expect(svg?.tagName.toLowerCase()).toBe('svg');
    expect(svg?.getAttribute('class')).toBe('plain-icon issue-card__icon');
    expect(svg?.getAttribute('aria-hidden')).toBe('true');
    expect(svg?.getAttribute('focusable')).toBe('false');
  });

  it('falls back to the icon component when its drawing cannot be read', () => {
    function Drawn(props: { className?: string }) {
      return <svg data-drawn className={props.className} />;
    }
    const icon = Drawn as unknown as MaterialIcon;
    expect(iconDrawing(icon)).toBeUndefined();
    const { container } = render(plainIcon(icon, 'issue-card__icon'));
    const svg = container.querySelector('svg[data-drawn]');
    expect(svg?.getAttribute('class')).toBe('issue-card__icon');
  });
});
