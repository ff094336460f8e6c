import { Module } from '@nestjs/common';
import { UnitContactsService } from '../organisation/contacts/application/unit-contacts.service';
import { OrganisationModule } from '../organisation/organisation.module';
import { RemindersModule } from '../reminders/reminders.module';
import { ListNotificationsHandler, MarkNotificationReadHandler } from './application/inbox';
import { ContactsTestController } from './http/contacts-test.controller';
import { DeliveriesController } from './http/deliveries.controller';
import { NotificationsController } from './http/notifications.controller';
import { Outbox, UNIT_CHANNELS } from './outbox/outbox.service';

/**
 * Notifications: the inboxes (a read model derived from the items' events, asked through the
 * global `INBOX_READER`), the users' read marks (events, one stream per user), and the outbox
 * that emails and calls the units' webhooks (its own durable file).
 */
@Module({
  imports: [OrganisationModule, RemindersModule],
  controllers: [NotificationsController, DeliveriesController, ContactsTestController],
  providers: [
    ListNotificationsHandler,
    MarkNotificationReadHandler,
    Outbox,
    { provide: UNIT_CHANNELS, useExisting: UnitContactsService },
  ],
  exports: [Outbox],
})
export class NotificationsModule {}
