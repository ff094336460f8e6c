import { Module } from '@nestjs/common';
import { ListNotificationsHandler, MarkNotificationReadHandler } from './application/inbox';
import { NotificationsController } from './http/notifications.controller';

/**
 * Notifications: the inboxes (a read model derived from the items' events, asked through the
 * global `INBOX_READER`) and the users' read marks (events, one stream per user).
 */
@Module({
  controllers: [NotificationsController],
  providers: [ListNotificationsHandler, MarkNotificationReadHandler],
})
export class NotificationsModule {}
