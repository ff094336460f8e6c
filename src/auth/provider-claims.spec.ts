import { NotPermittedError, principalFromClaims } from './provider-claims';
import { InvalidTokenError } from './token.service';

const KEYCLOAK = { role: 'realm_access.roles', unit: 'unit' };

describe('principalFromClaims', () => {
  it("reads Keycloak's realm roles by a dotted path, ignoring roles that are not ours", () => {
    const claims = {
      sub: 'f3a1',
      preferred_username: 'lan.nguyen',
      realm_access: { roles: ['default-roles-tinh', 'offline_access', 'unit'] },
      unit: ['so-noi-vu'],
    };
    expect(principalFromClaims(claims, KEYCLOAK)).toEqual({
      sub: 'f3a1',
      name: 'lan.nguyen',
      role: 'unit',
      unit: 'so-noi-vu',
    });
  });

  it('finds a claim whose own name holds dots before walking a path', () => {
    const claims = { sub: 'x', 'https://tinh.gov.vn/role': 'auditor' };
    expect(
      principalFromClaims(claims, { role: 'https://tinh.gov.vn/role', unit: 'unit' }).role,
    ).toBe('auditor');
  });

  it('says 403 for a missing permission and 401 for a claim of the wrong type', () => {
    const permission = (claims: Record<string, unknown>) => () =>
      principalFromClaims({ sub: 'x', ...claims }, KEYCLOAK);
    expect(permission({ realm_access: {} })).toThrow(NotPermittedError);
    expect(permission({ realm_access: { roles: ['leader', 'admin'] } })).toThrow(/more than one/);
    expect(permission({ realm_access: { roles: 'unit' } })).toThrow(NotPermittedError);
    expect(permission({ realm_access: { roles: 'office' }, name: ['x'] })).toThrow(
      InvalidTokenError,
    );
    expect(permission({ realm_access: ['office'] })).toThrow(NotPermittedError);
    expect(() =>
      principalFromClaims({ sub: 42, role: 'office' }, { role: 'role', unit: 'unit' }),
    ).toThrow(InvalidTokenError);
  });
});
