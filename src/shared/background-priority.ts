import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value of threads doing bulk work (workbooks, verification): requests go first. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of the calling thread, not of the process: on Linux each thread has
 * its own nice value, and `/proc/thread-self` names the calling thread. A long export or a walk
 * of the whole log then takes the CPU only when commands and reads leave it idle, so they keep
 * their pace on a two-core server. Returns false where that cannot be done (not Linux, no
 * `/proc`): the work runs anyway, at the priority of everything else.
 */
export function lowerThisThreadsPriority(): boolean {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(thread, Math.max(getPriority(thread), BACKGROUND_NICE));
    return true;
  } catch {
    return false;
  }
}
