import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../shared/principal';
import type { AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { canonicalJson } from '../event-sourcing/hash-chain';
import type { CommandMetadata } from '../event-sourcing/command-handler';
import { ExecuteItemCommand } from '../items/application/execute-item-command';
import type { ItemCommand } from '../items/item.commands';
import { SetUnitContactsCommand } from '../organisation/contacts/application/unit-contacts.commands';
import {
  RecordSourceCommand,
  RegisterUnitCommand,
} from '../organisation/application/reference-data.commands';
import { uuidFromKey } from '../shared/ids';
import {
  DEMO_ASSIGNED_AT,
  DEMO_CONTACTS,
  DEMO_ITEMS,
  DEMO_RAISED_AT,
  DEMO_SOURCE,
  DEMO_UNITS,
  type DemoFollowUp,
  type DemoItem,
} from './demo-session';

const ADMIN: Principal = { sub: 'demo-admin', name: 'Quản trị (demo)', role: 'admin' };
const OFFICE: Principal = {
  sub: 'demo-office',
  name: 'Văn phòng UBND tỉnh (demo)',
  role: 'office',
};
const unitUser = (unit: string): Principal => ({
  sub: `demo-${unit}`,
  name: unit,
  role: 'unit',
  unit,
});

/**
 * First start: load the seed session when demo data is wanted and the store is still empty.
 * Returns the number of demo items loaded (0 when it did nothing).
 */
export async function seedDemoOnFirstStart(
  app: INestApplicationContext,
  config: AppConfig,
): Promise<number> {
  if (!config.demo || (await app.get<EventStore>(EVENT_STORE).headPosition()) >= 0n) return 0;
  return (await seedDemo(app)).items;
}

/**
 * Loads the seed session through the same command path as the API. Every command carries an
 * idempotency key derived from the demo data, so loading twice appends nothing the second time.
 */
export async function seedDemo(app: INestApplicationContext): Promise<{ items: number }> {
  const bus = app.get(CommandBus);
  const at = (key: string, actor: Principal, occurredAt: string, body: unknown) =>
    metadata(key, actor, occurredAt, body);

  for (const unit of DEMO_UNITS) {
    await bus.execute(
      new RegisterUnitCommand(unit, at(`unit:${unit.id}`, ADMIN, new Date().toISOString(), unit)),
    );
  }
  for (const { unitId, emails } of DEMO_CONTACTS) {
    const contacts = { emails, webhook: null };
    await bus.execute(
      new SetUnitContactsCommand(
        unitId,
        contacts,
        at(`contacts:${unitId}`, ADMIN, new Date().toISOString(), contacts),
      ),
    );
  }
  await bus.execute(
    new RecordSourceCommand(DEMO_SOURCE, at('source', OFFICE, DEMO_RAISED_AT, DEMO_SOURCE)),
  );

  for (const item of DEMO_ITEMS) {
    const itemId = uuidFromKey('demo', item.key);
    const send = (n: number, actor: Principal, occurredAt: string, command: ItemCommand) =>
      bus.execute(
        new ExecuteItemCommand(command, actor, at(`${item.key}:${n}`, actor, occurredAt, command)),
      );
    await send(0, OFFICE, DEMO_RAISED_AT, raiseCommand(itemId, item));
    if (!item.leadUnit) continue;
    await send(1, OFFICE, DEMO_ASSIGNED_AT, {
      type: 'AssignItem',
      data: {
        itemId,
        leadUnit: item.leadUnit,
        supportingUnits: item.supportingUnits,
        deadline: item.deadline,
      },
    });
    let n = 2;
    for (const followUp of item.followUps ?? []) {
      for (const [actor, occurredAt, command] of followUpCommands(
        itemId,
        item.leadUnit,
        followUp,
      )) {
        await send(n++, actor, occurredAt, command);
      }
    }
  }
  return { items: DEMO_ITEMS.length };
}

function raiseCommand(itemId: string, item: DemoItem): ItemCommand {
  return {
    type: 'RaiseItem',
    data: {
      itemId,
      kind: item.kind,
      title: item.title,
      sourceId: DEMO_SOURCE.id,
      originUnit: item.originUnit,
      communes: item.communes,
      topic: item.topic,
      priority: item.priority ?? 'normal',
    },
  };
}

/** One demo follow-up as the acts that make it: a completion is reported, then accepted. */
function followUpCommands(
  itemId: string,
  leadUnit: string,
  f: DemoFollowUp,
): [Principal, string, ItemCommand][] {
  const lead = unitUser(leadUnit);
  switch (f.act) {
    case 'acknowledge':
      return [[lead, f.on, { type: 'AcknowledgeItem', data: { itemId } }]];
    case 'progress':
      return [
        [
          lead,
          f.on,
          { type: 'ReportProgress', data: { itemId, note: f.note, percent: f.percent } },
        ],
      ];
    case 'answer':
      return [
        [
          lead,
          f.on,
          {
            type: 'AnswerRecommendation',
            data: { itemId, response: f.response, onTheSpot: f.onTheSpot },
          },
        ],
      ];
    case 'extension':
      return [
        [
          lead,
          f.on,
          {
            type: 'RequestExtension',
            data: { itemId, proposedDueDate: f.proposedDueDate, reason: f.reason },
          },
        ],
        ...(f.approvedOn
          ? [
              [
                OFFICE,
                f.approvedOn,
                { type: 'DecideExtension', data: { itemId, approve: true } },
              ] as [Principal, string, ItemCommand],
            ]
          : []),
      ];
    case 'complete':
      return [
        [lead, f.on, { type: 'ReportCompletion', data: { itemId, summary: f.summary } }],
        ...(f.acceptedOn
          ? [
              [
                OFFICE,
                f.acceptedOn,
                { type: 'ReviewCompletion', data: { itemId, verdict: 'accept' } },
              ] as [Principal, string, ItemCommand],
            ]
          : []),
      ];
    case 'resolve':
      return [
        [OFFICE, f.on, { type: 'ResolveItem', data: { itemId, outcome: f.outcome, note: f.note } }],
      ];
    default: {
      const _never: never = f;
      return _never;
    }
  }
}

function metadata(
  key: string,
  actor: Principal,
  occurredAt: string,
  body: unknown,
): CommandMetadata {
  return {
    actor: { sub: actor.sub, role: actor.role, unit: actor.unit ?? null, name: actor.name },
    occurredAt,
    correlationId: 'demo-seed',
    causationId: null,
    commandId: randomUUID(),
    idempotencyKey: `demo:${key}`,
    requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
  };
}
