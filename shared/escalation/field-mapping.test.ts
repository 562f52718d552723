import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderTemplate,
  resolveFieldMapping,
  type TemplateSource,
} from './field-mapping';

const source: TemplateSource = {
  issue: {
    id: 'i1',
    title: 'Pump leaking',
    priority: 'High',
    severity: 4,
    customFields: { order: 'WO-7' },
  },
  escalation: {
    id: 'i1:r1:1:2',
    ruleId: 'r1',
    ruleName: 'Unacknowledged',
    cycle: 1,
    level: 2,
    repeat: 0,
    dueAt: 5,
    late: false,
  },
};

describe('templates', () => {
  it('fill placeholders, keep a lone placeholder typed, and unescape braces', () => {
    expect(renderTemplate('{title} ({priority}) L{escalation.level}', source)).toBe(
      'Pump leaking (High) L2',
    );
    expect(renderTemplate('{severity}', source)).toBe(4);
    expect(renderTemplate('{assignee}', source)).toBeNull();
    expect(renderTemplate('by {assignee}.', source)).toBe('by .');
    expect(renderTemplate('{{literal}} {cf.order}', source)).toBe('{literal} WO-7');
    expect(renderTemplate('{escalation.rule}', source)).toBe('Unacknowledged');
  });

  it('name unknown fields and lone braces', () => {
    expect(parseTemplate('{title} {cf.line}')).toEqual({
      fields: ['title', 'cf.line'],
      problems: [],
    });
    expect(parseTemplate('{password} }').problems).toEqual([
      '"{password}" is not a field that can be used.',
      'A lone "{" or "}" must be written "{{" or "}}".',
    ]);
  });

  it('nest dotted targets', () => {
    expect(
      resolveFieldMapping(
        {
          summary: '{title}',
          'priority.name': '{priority}',
          'maintenanceIssue.id': '{id}',
          'maintenanceIssue.severity': '{severity}',
        },
        source,
      ),
    ).toEqual({
      summary: 'Pump leaking',
      priority: { name: 'High' },
      maintenanceIssue: { id: 'i1', severity: 4 },
    });
  });
});
