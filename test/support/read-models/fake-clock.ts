/**
 * Fakes only the clock (`Date`), for specs that need events recorded at chosen times: the stores
 * stamp `recordedAt` from it, while timers, immediates and I/O keep running as usual.
 */
export function fakeOnlyTheClock(options: { now?: Date; advanceTimers?: boolean } = {}): void {
  jest.useFakeTimers({
    ...options,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}
