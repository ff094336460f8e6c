import type { ReadYourWrites } from '../../read-models/min-position';
import type { InboxPage, InboxRequest } from '../read-model/inbox.query';

/** Injection token of the {@link InboxReader}: the read side, in whichever thread it runs. */
export const INBOX_READER = Symbol('INBOX_READER');

/** What the notifications feature needs of the read side: the inboxes. */
export interface InboxReader {
  inbox(request: InboxRequest & ReadYourWrites): Promise<InboxPage>;
  inInbox(request: { inbox: string; id: string } & ReadYourWrites): Promise<boolean>;
}
