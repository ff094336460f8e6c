import { S } from '../../http/api-docs';
import { SOURCE_TYPES } from '../source.registry';
import { UNIT_KINDS } from '../unit.registry';

/** OpenAPI schemas of what the reference-data routes answer (API.md, "Reference data"). */

const UNIT = {
  id: S.string({ example: 'so-noi-vu' }),
  name: S.string(),
  kind: S.enum(UNIT_KINDS),
  code: S.string(),
  active: S.boolean(),
};

export const UNIT_LIST = S.array(S.object(UNIT, ['code']));

const link = S.object({
  id: S.string(),
  reason: S.enum(['merger', 'dissolution']),
  effectiveOn: S.date(),
  reference: S.nullable(S.string()),
});

export const UNIT_DETAIL = S.object(
  {
    ...UNIT,
    validFrom: S.nullable(S.date()),
    validTo: S.nullable(S.date()),
    names: S.array(S.object({ name: S.string(), from: S.nullable(S.date()) })),
    predecessors: S.array(link),
    successor: S.nullable(link),
  },
  ['code'],
);

export const SOURCE = S.object(
  {
    id: S.string(),
    type: S.enum(SOURCE_TYPES),
    reference: S.string(),
    title: S.string(),
    issuedOn: S.date(),
    signer: S.string(),
    communes: S.array(S.string()),
  },
  ['reference', 'signer', 'communes'],
);

export const CALENDAR_YEAR = S.object({
  year: S.integer(),
  holidays: S.array(S.date()),
  workingSaturdays: S.array(S.date()),
  declared: S.boolean(),
  confirmed: S.boolean(),
  reference: S.nullable(S.string()),
  dayReferences: S.array(S.object({ date: S.date(), reference: S.string() })),
});
