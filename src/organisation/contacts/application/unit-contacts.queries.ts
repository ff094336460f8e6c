import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../shared/domain-error';
import { ReferenceDataService } from '../../application/reference-data.service';
import { UnitContactsService } from './unit-contacts.service';

/** A unit's contacts as an admin sees them: whether a webhook secret is set, never the secret. */
export interface UnitContactsView {
  unitId: string;
  emails: string[];
  webhook: { url: string; secretSet: true } | null;
  /** The contacts stream's revision (for If-Match); null while no unit's contacts were set. */
  revision: bigint | null;
}

export class GetUnitContactsQuery extends Query<UnitContactsView> {
  constructor(readonly unitId: string) {
    super();
  }
}

@QueryHandler(GetUnitContactsQuery)
export class GetUnitContactsHandler implements IQueryHandler<GetUnitContactsQuery> {
  constructor(
    private readonly contacts: UnitContactsService,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({ unitId }: GetUnitContactsQuery): Promise<UnitContactsView> {
    if (!(await this.referenceData.unit(unitId))) {
      throw new DomainError('UNIT.NOT_FOUND', `No unit ${unitId}`, undefined, 'not-found');
    }
    const { units, revision } = await this.contacts.directory();
    const recorded = units.get(unitId);
    return {
      unitId,
      emails: recorded ? [...recorded.emails] : [],
      webhook: recorded?.webhook ? { url: recorded.webhook.url, secretSet: true } : null,
      revision,
    };
  }
}
