import type { Database } from 'better-sqlite3';
import type { Notification, NotificationKind, NotificationRole } from '../notification';

/** One line of an inbox, as API.md shows it: the notification and when the reader read it. */
export type InboxEntry = Notification & {
  /** When the reader marked it read; null while unread. */
  readAt: string | null;
};

export interface InboxPage {
  items: InboxEntry[];
  page: number;
  pageSize: number;
  total: number;
  /** Unread notifications in the whole inbox, whatever the filter. */
  unread: number;
}

export interface InboxRequest {
  /** `unit:<id>` or `role:<role>` (see `inboxOf`). */
  inbox: string;
  /** Whose read marks count. */
  sub: string;
  unread: boolean;
  page: number;
  pageSize: number;
}

interface Row {
  id: string;
  kind: NotificationKind;
  item_id: string;
  title: string | null;
  unit_id: string | null;
  role: NotificationRole | null;
  created_at: string;
  read_at: string | null;
}

/** A page of an inbox, newest first, with the reader's read marks. */
export function listInbox(db: Database, request: InboxRequest): InboxPage {
  const { inbox, sub, unread, page, pageSize } = request;
  const from = `FROM notifications n
    LEFT JOIN notification_reads r ON r.sub = @sub AND r.id = n.id
    WHERE n.inbox = @inbox`;
  const onlyUnread = ' AND r.id IS NULL';
  const rows = db
    .prepare(
      `SELECT n.id, n.kind, n.item_id, n.unit_id, n.role, n.created_at, r.read_at,
         (SELECT json_extract(s.state, '$.title')
            FROM items i JOIN item_states s ON s.no = i.no WHERE i.id = n.item_id) AS title
       ${from}${unread ? onlyUnread : ''}
       ORDER BY n.no DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ sub, inbox, limit: pageSize, offset: (page - 1) * pageSize }) as Row[];
  const count = (sql: string) =>
    (db.prepare(`SELECT COUNT(*) ${sql}`).pluck().get({ sub, inbox }) as number) ?? 0;
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      itemId: row.item_id,
      itemTitle: row.title ?? '',
      ...(row.unit_id ? { unitId: row.unit_id } : {}),
      ...(row.role ? { role: row.role } : {}),
      createdAt: row.created_at,
      readAt: row.read_at,
    })),
    page,
    pageSize,
    total: count(from + (unread ? onlyUnread : '')),
    unread: count(from + onlyUnread),
  };
}

/** Whether notification `id` is in `inbox`. */
export function inInbox(db: Database, inbox: string, id: string): boolean {
  return (
    db.prepare('SELECT 1 FROM notifications WHERE id = ? AND inbox = ?').pluck().get(id, inbox) ===
    1
  );
}
