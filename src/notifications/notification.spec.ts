import { ev } from '../items/item.test-kit';
import { inboxOf, notificationsOf } from './notification';

const led = { leadUnit: 'so-noi-vu', supportingUnits: ['so-y-te'] };
const summary = (event: Parameters<typeof notificationsOf>[0], item = led) =>
  notificationsOf(event, item, 'directive-1@4').map((n) => [n.kind, inboxOf(n.recipient)]);

describe('notificationsOf', () => {
  it('tells the lead and every supporting unit of an assignment, once each', () => {
    const assigned = ev.assigned({
      leadUnit: 'so-noi-vu',
      supportingUnits: ['so-y-te', 'so-y-te'],
    });
    expect(summary(assigned)).toEqual([
      ['assigned', 'unit:so-noi-vu'],
      ['assigned', 'unit:so-y-te'],
    ]);
  });

  it('tells the office of what waits for it, and the lead unit of what concerns it', () => {
    expect(summary(ev.returned())).toEqual([['returned', 'role:office']]);
    expect(summary(ev.completionReported())).toEqual([['awaiting-review', 'role:office']]);
    expect(summary(ev.extensionRequested())).toEqual([['extension-requested', 'role:office']]);
    expect(summary(ev.extensionDecided())).toEqual([['extension-decided', 'unit:so-noi-vu']]);
    expect(summary(ev.urged({ leadUnit: 'so-noi-vu' }))).toEqual([['urged', 'unit:so-noi-vu']]);
    expect(summary(ev.progress())).toEqual([]);
  });

  it('warns the units of an overdue item and escalates it to the office and the leadership', () => {
    const fired = ev.reminderFired({
      when: 'overdue',
      notify: ['lead-unit', 'supporting-units', 'office', 'leader'],
      leadUnit: 'so-noi-vu',
    });
    expect(summary(fired)).toEqual([
      ['overdue', 'unit:so-noi-vu'],
      ['overdue', 'unit:so-y-te'],
      ['escalated', 'role:office'],
      ['escalated', 'role:leader'],
    ]);
    expect(summary(ev.reminderFired({ when: 'before-due', notify: ['lead-unit'] }))).toEqual([
      ['due-soon', 'unit:so-noi-vu'],
    ]);
  });

  it('gives each recipient its own id, the same every time the event is read', () => {
    const event = ev.assigned({ supportingUnits: ['so-y-te'] });
    const first = notificationsOf(event, led, 'directive-1@1');
    const again = notificationsOf(event, led, 'directive-1@1');
    expect(again.map((n) => n.id)).toEqual(first.map((n) => n.id));
    expect(new Set(first.map((n) => n.id)).size).toBe(first.length);
    expect(notificationsOf(event, led, 'directive-1@2')[0].id).not.toBe(first[0].id);
  });
});
