/** The roles of API.md, "Auth". */
export const ROLES = ['leader', 'office', 'unit', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, from a verified token. */
export interface Principal {
  sub: string;
  name: string;
  role: Role;
  /** The unit a `unit` user acts for; absent for other roles. */
  unit?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
