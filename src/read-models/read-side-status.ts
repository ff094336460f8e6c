import type { ConsumerEngineStatus } from '../event-sourcing/consumer-engine';

/** Injection token of the {@link ReadSideStatusReader}. */
export const READ_SIDE_STATUS = Symbol('READ_SIDE_STATUS');

/** The read models' consumer engine, and the file they are kept in. */
export type ReadSideStatus = ConsumerEngineStatus & { file: string };

/** What `/health` asks of the read side. */
export interface ReadSideStatusReader {
  status(): Promise<ReadSideStatus>;
}
