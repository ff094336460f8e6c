import { readlinkSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';

/** The nice value of threads doing bulk work (workbooks, verification): requests go first. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of the calling thread, not of the process: on Linux each thread has
 * its own nice value, and `/proc/thread-self` names the calling thread. A long export or a walk
 * of the whole log then takes the CPU only when commands and reads leave it idle, so they keep
 * their pace on a two-core server. Resolves to false where that cannot be done (not Linux, no
 * `/proc`): the work runs anyway, at the priority of everything else.
 *
 * libuv's thread pool (file reads, zlib, DNS for the whole process) starts on its first use, and
 * its threads take the nice value of the thread that starts them: one file call first makes sure
 * the pool exists before this thread's value drops, so it never inherits it.
 */
export async function lowerThisThreadsPriority(): Promise<boolean> {
  try {
    await access('/proc/thread-self');
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(thread, Math.max(getPriority(thread), BACKGROUND_NICE));
    return true;
  } catch {
    return false;
  }
}
