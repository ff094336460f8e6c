import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Public()
  async health() {
    const head = await this.store.headPosition();
    return { status: 'ok', store: { status: 'up', headPosition: head.toString() } };
  }
}
