import type { Principal } from '../shared/principal';
import { DEMO_UNITS } from '../demo/demo-session';

/** A ready-made identity for trying the dashboard on a development server. */
export interface DemoUser {
  /** What `POST /auth/demo-token` takes as `user`. */
  id: string;
  name: string;
  role: Principal['role'];
  unit?: string;
}

const unitName = (id: string) => DEMO_UNITS.find((u) => u.id === id)?.name ?? id;
const unitUser = (unit: string): DemoUser => ({
  id: unit,
  name: unitName(unit),
  role: 'unit',
  unit,
});

/** One user per kind of seat at the table: leadership, its office, departments, communes, audit. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'leader', name: 'Phó Chủ tịch UBND tỉnh', role: 'leader' },
  { id: 'office', name: 'Văn phòng UBND tỉnh', role: 'office' },
  unitUser('so-noi-vu'),
  unitUser('so-nong-nghiep-moi-truong'),
  unitUser('xa-thanh-ba'),
  unitUser('xa-dong-thanh'),
  { id: 'auditor', name: 'Thanh tra tỉnh (kiểm tra)', role: 'auditor' },
];

export function demoPrincipal(user: DemoUser): Principal {
  return {
    sub: `demo-${user.id}`,
    name: user.name,
    role: user.role,
    ...(user.unit ? { unit: user.unit } : {}),
  };
}
