import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { startWorker } from '../../shared/start-worker';
import { TemporarilyUnavailableError } from '../../shared/temporarily-unavailable.error';
import type { AuditReport } from '../log-audit';
import type { VerifyWorkerAnswer } from './verify.worker';

/** A verify's report with how fresh it is: the log as it stood when the walk began. */
export type TimedAuditReport = AuditReport & {
  /** When the walk began: events appended after it are not judged. */
  startedAt: string;
  finishedAt: string;
};

/**
 * Runs verify off the thread that answers HTTP, one walk at a time. A walk of the whole log takes
 * seconds at a million events; in a worker thread of its own it holds no other request, and a
 * caller who asks while a walk runs joins it (its answer's `startedAt` says it began earlier)
 * instead of starting another, so calls cannot stack up.
 */
@Injectable()
export class VerifyRunner {
  private running?: Promise<TimedAuditReport>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  verify(): Promise<TimedAuditReport> {
    this.running ??= this.walk().finally(() => (this.running = undefined));
    return this.running;
  }

  private walk(): Promise<TimedAuditReport> {
    const startedAt = new Date().toISOString();
    const worker = startWorker(__filename, 'verify.worker', this.config);
    return new Promise<TimedAuditReport>((resolve, reject) => {
      let answered = false;
      worker.once('message', (answer: VerifyWorkerAnswer) => {
        answered = true;
        if (answer.ok) {
          resolve({ ...answer.report, startedAt, finishedAt: new Date().toISOString() });
        } else {
          reject(unavailable(`${answer.name}: ${answer.message}`));
        }
      });
      worker.once('error', (error) => reject(unavailable(error.message)));
      worker.once('exit', (code) => {
        if (!answered) reject(unavailable(`the verify worker stopped (exit ${code})`));
      });
    });
  }
}

function unavailable(reason: string): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError(
    'AUDIT.VERIFY_FAILED',
    `Verify could not walk the log (${reason}); try again`,
    5,
  );
}
