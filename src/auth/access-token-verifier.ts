import { decodeProtectedHeader } from 'jose';
import type { Principal } from '../shared/principal';
import type { IdentityProvider } from './identity-provider';
import { InvalidTokenError, type TokenService } from './token.service';

/** Longer tokens are refused unread: no provider issues them, and parsing them is work for nothing. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Which verification a bearer token gets. Without an identity provider: HS256 with the secret,
 * exactly as before. With one: the provider's access tokens (RS256, ES256), plus HS256 tokens only
 * when `AUTH_SECRET` is configured (service accounts, the CLI); a generated secret then signs
 * nothing that is accepted. Which path a token takes is read from its header, but each path
 * verifies with its own keys and algorithms only, so an HS256 token signed with the provider's
 * public key meets the secret, and fails.
 */
export class AccessTokenVerifier {
  constructor(
    private readonly hs256: TokenService | null,
    private readonly provider: IdentityProvider | null,
  ) {}

  get identityProvider(): IdentityProvider | null {
    return this.provider;
  }

  async verify(token: string, options: { mayReadKeys?: boolean } = {}): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('token too long');
    if (!this.provider) return this.hs256!.verify(token);
    if (algorithmOf(token) === 'HS256') {
      if (!this.hs256) {
        throw new InvalidTokenError('HS256 tokens are accepted only with a configured AUTH_SECRET');
      }
      return this.hs256.verify(token);
    }
    return this.provider.verify(token, options);
  }
}

function algorithmOf(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch (error) {
    throw new InvalidTokenError((error as Error).message);
  }
}
