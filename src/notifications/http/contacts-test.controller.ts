import { Body, Controller, HttpCode, Inject, Logger, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, S, API_PROBLEMS } from '../../http/api-docs';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ProblemException } from '../../http/problem';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import { UnitContactsService } from '../../organisation/contacts/application/unit-contacts.service';
import { DomainError } from '../../shared/domain-error';
import { inParallel } from '../../shared/in-parallel';
import type { Principal } from '../../shared/principal';
import type { DeliveryResult } from '../channels/delivery';
import { EmailChannel } from '../channels/email.channel';
import { WebhookChannel } from '../channels/webhook.channel';

export interface ContactTestResult {
  channel: 'email' | 'webhook';
  /** The address, or the webhook's URL. */
  target: string;
  /** `delivered`: the channel took it; `failed`: see `error`; `no-smtp`: SMTP_URL is unset. */
  outcome: 'delivered' | 'failed' | 'no-smtp';
  error: string | null;
}

export interface ContactTestAnswer {
  unitId: string;
  testId: string;
  sentAt: string;
  results: ContactTestResult[];
}

const CONTACT_TEST_ANSWER = S.object({
  unitId: S.string(),
  testId: S.string(),
  sentAt: S.time(),
  results: S.array(
    S.object({
      channel: S.enum(['email', 'webhook']),
      target: S.string(),
      outcome: S.enum(['delivered', 'failed', 'no-smtp']),
      error: S.nullable(S.string()),
    }),
  ),
});

/** Tests of one unit's contacts per minute, and of one admin's per hour. */
export const TESTS_PER_UNIT_PER_MINUTE = 3;
export const TESTS_PER_ADMIN_PER_HOUR = 30;

/**
 * Sends one test message through the real channels to a unit's saved contacts and answers what
 * each address and the webhook did with it: the admin learns whether a unit will hear of its
 * items before a real notice depends on it.
 *
 * Abuse: admins only; the contacts tested are the saved ones (an admin cannot aim the server at
 * an address or URL that is not a unit's recorded contact); at most
 * {@link TESTS_PER_UNIT_PER_MINUTE} tests a unit per minute and {@link TESTS_PER_ADMIN_PER_HOUR}
 * an admin per hour (429 with Retry-After), counted in this process. Nothing is recorded in the
 * log (a test changes no state); each test is logged with its admin and outcome.
 */
@ApiTags('reference data')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/units/:id/contacts/test')
@Roles('admin')
export class ContactsTestController {
  private readonly logger = new Logger('ContactsTest');
  private readonly attempts = new Map<string, number[]>();
  private readonly webhook = new WebhookChannel();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contacts: UnitContactsService,
    private readonly referenceData: ReferenceDataService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiParam({ name: 'id', example: 'so-noi-vu' })
  @ApiOperation({
    summary: "Send a test message to a unit's saved email addresses and webhook (admin)",
    description:
      'Email through SMTP_URL (outcome no-smtp when unset), the webhook signed as notifications ' +
      "are (X-Signature, Idempotency-Key: the test's id) with a body { id, kind: 'test', unitId, " +
      `createdAt }. At most ${TESTS_PER_UNIT_PER_MINUTE} tests a unit per minute and ` +
      `${TESTS_PER_ADMIN_PER_HOUR} an admin per hour (429). Records nothing.`,
  })
  @ApiOkResponse({ schema: CONTACT_TEST_ANSWER })
  @ApiProblems(400, 404, 409, 413, 415)
  async test(
    @Param('id') unitId: string,
    @Body() body: Record<string, unknown> | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ContactTestAnswer> {
    // No fields: the contacts tested are the saved ones, never addresses sent along.
    const fields = Object.keys(body ?? {});
    if (fields.length > 0) {
      throw new ProblemException(
        400,
        'VALIDATION',
        'The request is not valid',
        fields.map((field) => ({ field, message: `property ${field} should not exist` })),
      );
    }
    const unit = await this.referenceData.unit(unitId);
    if (!unit) throw new DomainError('UNIT.NOT_FOUND', `No unit ${unitId}`, undefined, 'not-found');
    const saved = await this.contacts.contactsOf(unitId);
    if (!saved || (saved.emails.length === 0 && !saved.webhook)) {
      throw new DomainError(
        'CONTACTS.NOT_SET',
        `Unit ${unitId} has no email address or webhook to test`,
        undefined,
        'conflict',
      );
    }
    this.admit(unitId, principal.sub);

    const testId = randomUUID();
    const sentAt = new Date().toISOString();
    const results: ContactTestResult[] = [];
    const email = this.config.smtpUrl
      ? new EmailChannel({ smtpUrl: this.config.smtpUrl, from: this.config.mailFrom })
      : undefined;
    try {
      const message = {
        testId,
        unitId,
        unitName: unit.name,
        requestedBy: principal.name,
        dashboardUrl: this.config.dashboardUrl,
      };
      const sends: (() => Promise<ContactTestResult>)[] = saved.emails.map(
        (address) => async () =>
          email
            ? resultOf('email', address, await email.sendTest(address, message))
            : { channel: 'email', target: address, outcome: 'no-smtp', error: null },
      );
      const hook = saved.webhook;
      if (hook) {
        sends.push(async () =>
          resultOf(
            'webhook',
            hook.url,
            await this.webhook.deliverTest(hook, {
              id: `test-${testId}`,
              kind: 'test',
              unitId,
              createdAt: sentAt,
            }),
          ),
        );
      }
      // In the order listed, whichever answers first.
      const answered: ContactTestResult[] = [];
      await inParallel(
        sends.map((send, index) => ({ send, index })),
        4,
        async ({ send, index }) => {
          answered[index] = await send();
        },
      );
      results.push(...answered);
    } finally {
      email?.close();
    }
    this.logger.log(
      `Test of ${unitId}'s contacts by ${principal.sub}: ` +
        results.map((r) => `${r.channel} ${r.outcome}`).join(', '),
    );
    return { unitId, testId, sentAt, results };
  }

  /** Counts the test against both limits, or refuses it (429) without counting. */
  private admit(unitId: string, admin: string): void {
    const now = Date.now();
    const limits = [
      { key: `unit:${unitId}`, windowMs: 60_000, max: TESTS_PER_UNIT_PER_MINUTE },
      { key: `admin:${admin}`, windowMs: 3_600_000, max: TESTS_PER_ADMIN_PER_HOUR },
    ];
    const recent = limits.map(({ key, windowMs }) =>
      (this.attempts.get(key) ?? []).filter((at) => at > now - windowMs),
    );
    limits.forEach(({ key, windowMs, max }, i) => {
      this.attempts.set(key, recent[i]);
      if (recent[i].length >= max) {
        const retryAfter = Math.max(1, Math.ceil((recent[i][0] + windowMs - now) / 1000));
        throw new ProblemException(
          429,
          'CONTACTS.TEST_RATE_LIMITED',
          key.startsWith('unit:')
            ? `At most ${max} tests of one unit's contacts per minute`
            : `At most ${max} contact tests per admin per hour`,
          undefined,
          { 'Retry-After': String(retryAfter) },
        );
      }
    });
    limits.forEach(({ key }, i) => this.attempts.set(key, [...recent[i], now]));
  }
}

function resultOf(
  channel: ContactTestResult['channel'],
  target: string,
  result: DeliveryResult,
): ContactTestResult {
  return result.ok
    ? { channel, target, outcome: 'delivered', error: null }
    : { channel, target, outcome: 'failed', error: result.error };
}
