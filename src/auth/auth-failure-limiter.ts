import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProblemException } from '../http/problem';

const WINDOW_MS = 60_000;
const BLOCK_MS = 60_000;
const THROTTLER = 'auth-failures';

/**
 * Slows down token guessing: a client (by IP) that presents too many bad tokens within a minute
 * is answered 429 for a minute, valid token or not. Only failures count, so a busy client with a
 * good token is never limited. Counting and blocking are @nestjs/throttler's storage.
 */
@Injectable()
export class AuthFailureLimiter {
  constructor(
    private readonly storage: ThrottlerStorageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  assertNotBlocked(client: string): void {
    const record = this.storage.storage.get(this.key(client));
    if (record?.isBlocked && record.blockExpiresAt > Date.now()) {
      throw tooMany(record.blockExpiresAt - Date.now());
    }
  }

  async recordFailure(client: string): Promise<void> {
    const record = await this.storage.increment(
      this.key(client),
      WINDOW_MS,
      this.config.authFailuresPerMinute,
      BLOCK_MS,
      THROTTLER,
    );
    if (record.isBlocked) throw tooMany(record.timeToBlockExpire * 1000);
  }

  private key(client: string): string {
    return `${THROTTLER}:${client}`;
  }
}

function tooMany(ms: number): ProblemException {
  return new ProblemException(
    429,
    'AUTH.TOO_MANY_FAILURES',
    'Too many invalid tokens from this client; wait before trying again',
    undefined,
    { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) },
  );
}
