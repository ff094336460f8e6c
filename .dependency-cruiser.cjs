/**
 * The architecture's rules, checked on every `npm run lint` (and so in CI). Why each rule exists
 * is in docs/architecture.md; a new folder either fits a rule or gets one here.
 *
 * Specs and test kits are left out: tests may reach across layers to set things up.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module must not depend on itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'Folders form layers: if a folder reaches another, that one must not reach back ' +
        '(type-only imports count too).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment:
        'The deciders, events and rules at the root of a feature folder import nothing but ' +
        'src/shared and each other: no NestJS, no store, no HTTP, no npm package.',
      severity: 'error',
      from: {
        path: '^src/(items|organisation|organisation/contacts)/[^/]+\\.ts$',
        pathNot: '\\.module\\.ts$',
      },
      to: { pathNot: '^src/shared/|^src/$1/[^/]+\\.ts$' },
    },
    {
      name: 'follow-up-domain-is-pure',
      comment:
        'Reminder rules, their schedule and who is notified of what are domain code too; they ' +
        'read the domain of items and of the organisation (the calendar), nothing else.',
      severity: 'error',
      from: { path: '^src/(reminders|notifications)/[^/]+\\.ts$', pathNot: '\\.module\\.ts$' },
      to: {
        pathNot:
          '^src/shared/|^src/$1/[^/]+\\.ts$|^src/(items|organisation)/(?![^/]+\\.module\\.ts$)[^/]+\\.ts$',
      },
    },
    {
      name: 'core-imports-no-adapter',
      comment:
        'The event-sourcing core knows the store only through its port, and no feature, ' +
        'adapter or HTTP code.',
      severity: 'error',
      from: { path: '^src/event-sourcing/' },
      to: {
        path: '^src/',
        pathNot: '^src/(shared|event-sourcing)/|^src/event-store/event-store\\.port\\.ts$',
      },
    },
    {
      name: 'adapters-stay-behind-the-port',
      comment: 'Only the event-store folder (its module picks one) imports a store adapter.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/event-store/' },
      to: { path: '^src/event-store/(sqlite|esdb|memory)/' },
    },
    {
      name: 'eventstore-client-only-in-its-adapter',
      comment: 'A move to @kurrent/kurrentdb-client must touch one folder.',
      severity: 'error',
      from: { pathNot: '^src/event-store/esdb/' },
      to: { path: 'node_modules/@eventstore/' },
    },
    {
      name: 'sqlite-only-in-adapters-and-read-models',
      comment:
        "better-sqlite3 is the embedded event store and the read models' storage (and the " +
        "outbox's, the audit checkpoints', the unit transfers'); nothing else opens a database.",
      severity: 'error',
      from: {
        pathNot:
          '^src/(event-store/sqlite|read-models|read-side|reports)/|/read-model/|/outbox/|^src/audit/checkpoints/|^src/items/transfers/',
      },
      to: { path: 'node_modules/better-sqlite3/' },
    },
    {
      name: 'no-http-below-the-edge',
      comment:
        'Problem documents, request metadata and validation belong to the HTTP edge; the ' +
        'core, the store, the read side and the application layer throw domain errors instead.',
      severity: 'error',
      from: {
        path: '^src/(shared|event-sourcing|event-store|read-models|read-side)/|/application/|/read-model/',
      },
      to: { path: '^src/http/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: '\\.(spec|int-spec)\\.ts$|\\.test-kit\\.ts$|event-store\\.contract\\.ts$|^test/',
    },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type is a dependency on a design, even when the build erases it.
    tsPreCompilationDeps: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
