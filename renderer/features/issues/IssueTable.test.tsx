// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { IssueTableReading } from './IssueTable';

afterEach(cleanup);

describe('the issue table while issues are being read', () => {
  it('says how many of how many are in, with a progress bar, and what the table covers', () => {
    render(<IssueTableReading loaded={12_000} expected={50_000} />);
    expect(screen.getByRole('status').textContent).toMatch(/12,000 of 50,000/);
    expect(screen.getByRole('status').textContent).toMatch(/cover the issues read so far/);
    expect(
      screen.getByRole('progressbar', { name: 'Issues read' }).getAttribute('aria-valuenow'),
    ).toBe('24');
  });

  it('runs its progress bar without a figure until the issues are counted', () => {
    render(<IssueTableReading loaded={300} expected={undefined} />);
    expect(screen.getByRole('status').textContent).toMatch(/300 so far/);
    expect(
      screen.getByRole('progressbar', { name: 'Issues read' }).hasAttribute('aria-valuenow'),
    ).toBe(false);
  });

  it('says when only the escalation marks are still being read', () => {
    render(<IssueTableReading marks />);
    expect(screen.getByRole('status').textContent).toMatch(/which issues have escalated/);
  });
});
