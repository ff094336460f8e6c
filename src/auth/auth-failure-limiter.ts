import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProblemException } from '../http/problem';

const WINDOW_MS = 60_000;
const BLOCK_MS = 60_000;
const THROTTLER = 'auth-failures';

/**
 * Slows down token guessing: a client (by IP) that presents too many bad tokens within a minute
 * has its bad tokens answered 429 for a minute. A good token is never refused (the guard lets it
 * through even then: a commune's whole office may share the address of one misconfigured client),
 * and only failures count. Counting and blocking are @nestjs/throttler's storage.
 */
@Injectable()
export class AuthFailureLimiter {
  constructor(
    private readonly storage: ThrottlerStorageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How long the client's bad tokens are still refused outright, ms (0: not refused). */
  blockedForMs(client: string): number {
    const record = this.storage.storage.get(this.key(client));
    const left = record?.isBlocked ? record.blockExpiresAt - Date.now() : 0;
    return Math.max(0, left);
  }

  async recordFailure(client: string): Promise<void> {
    const record = await this.storage.increment(
      this.key(client),
      WINDOW_MS,
      this.config.authFailuresPerMinute,
      BLOCK_MS,
      THROTTLER,
    );
    if (record.isBlocked) throw tooManyFailures(record.timeToBlockExpire * 1000);
  }

  private key(client: string): string {
    return `${THROTTLER}:${client}`;
  }
}

export function tooManyFailures(ms: number): ProblemException {
  return new ProblemException(
    429,
    'AUTH.TOO_MANY_FAILURES',
    'Too many invalid tokens from this client; wait before trying again',
    undefined,
    { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) },
  );
}
