import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { startTestApp, type TestApp } from '../support/test-app';
import { OpenApiValidator, type OpenApiDocument } from '../support/openapi-validator';
import type { Response } from 'supertest';

const run = promisify(execFile);

interface Operation {
  summary?: string;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
const ROOT = join(__dirname, '..', '..');

/**
 * The served OpenAPI document as a department's integrator meets it (issue 18): it passes
 * `redocly lint` with the recommended rules (redocly.yaml says which are off, and why), every
 * operation says what it answers, and a client generated from it with openapi-typescript types
 * the answers. That every response matches it is checked on every e2e request (test-app.ts).
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let dir: string;
  let document: OpenApiDocument & Record<string, unknown>;
  let file: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    document = (await t.http.get('/docs-json').expect(200)).body;
    file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes redocly lint with the recommended rules', async () => {
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const args = [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=stylish'];
    const result = await run(process.execPath, args, {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout: string; stderr: string }) => error);
    // A failed lint rejects with the findings; a pass resolves.
    expect('code' in result ? `${result.stdout}\n${result.stderr}` : 'passed').toBe('passed');
  }, 60_000);

  it('gives every operation a summary, its security, a 2xx schema and its problem documents', () => {
    const gaps: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(operations) as [string, Operation][]) {
        const name = `${method.toUpperCase()} ${path}`;
        if (!op.summary) gaps.push(`${name}: no summary`);
        if (!Array.isArray(op.security)) gaps.push(`${name}: security not stated`);
        const responses = Object.entries(op.responses ?? {});
        const ok = responses.filter(([status]) => status.startsWith('2'));
        if (ok.length === 0) gaps.push(`${name}: no 2xx response`);
        for (const [status, response] of ok) {
          const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
          if (schemas.length === 0 || schemas.some((s) => !s)) {
            gaps.push(`${name}: ${status} without a schema`);
          }
        }
        for (const [status, response] of responses.filter(([s]) => /^[45]/.test(s))) {
          if (path === '/health' && status === '503') continue; // health answers its own report
          const problem = response.content?.['application/problem+json']?.schema?.$ref;
          if (problem !== '#/components/schemas/Problem') {
            gaps.push(`${name}: ${status} is not a problem document`);
          }
        }
        if (Array.isArray(op.security) && op.security.length > 0) {
          if (!responses.some(([s]) => s === '401')) gaps.push(`${name}: bearer without 401`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('catches an answer that differs from it (what every e2e request is checked with)', () => {
    const validator = new OpenApiValidator(document);
    const answer = (status: number, body: unknown, type = 'application/json') =>
      ({
        status,
        body,
        text: JSON.stringify(body),
        headers: { 'content-type': type },
      }) as unknown as Response;
    const units = [{ id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', active: true }];
    expect(validator.check('GET', '/api/units', answer(200, units))).toBeNull();
    expect(
      validator.check('GET', '/api/units', answer(200, [{ ...units[0], active: 'yes' }])),
    ).toMatch(/active must be boolean/);
    expect(validator.check('GET', '/api/units', answer(418, {}))).toMatch(/status not declared/);
    expect(validator.check('GET', '/api/units', answer(200, units, 'text/html'))).toMatch(
      /content type text\/html not declared/,
    );
    const problem = { type: 'urn:x', title: 'Not Found', status: 404, code: 'ITEM.NOT_FOUND' };
    expect(
      validator.check('GET', '/api/items/1', answer(404, problem, 'application/problem+json')),
    ).toMatch(/must have required property 'detail'/);
    expect(validator.check('GET', '/api/nothing-here', answer(200, {}))).toMatch(/undocumented/);
  });

  it('generates a typed client (openapi-typescript) that a small program compiles against', async () => {
    const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const types = join(dir, 'api.d.ts');
    await run(process.execPath, [cli, file, '--output', types]);
    const program = join(dir, 'client.ts');
    writeFileSync(
      program,
      `import type { components, paths } from './api';

type Json<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> =
  paths[P][M] extends { responses: Record<S, { content: { 'application/json': infer T } }> }
    ? T
    : never;

type ItemPage = Json<'/api/items', 'get', 200>;
type Item = Json<'/api/items/{id}', 'get', 200>;
type Report = Json<'/api/reports/overdue', 'get', 200>;
type Written = Json<'/api/items/{id}/assign', 'post', 200>;
type Problem = components['schemas']['Problem'];

export function overdue(page: ItemPage): string[] {
  return page.items
    .filter((item) => item.timeliness === 'overdue')
    .map((item) => item.title + ' ' + (item.deadline.current ?? '-') + ' ' + item.revision);
}

export function lead(item: Item): string | null {
  return item.leadUnit;
}

export function overdueCount(report: Report): number {
  return report.totals.openOverdue + report.rows.reduce((n, row) => n + row.overdueOver90, 0);
}

export function nextPosition(write: Written): bigint {
  return BigInt(write.position);
}

export function explain(problem: Problem): string {
  return problem.code + ': ' + problem.detail + (problem.errors ?? []).map((e) => e.field).join();
}

// @ts-expect-error an item's status is one of the documented values
export const status: Item['status'] = 'open';
`,
    );
    const compiled = ts.createProgram([program], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      skipLibCheck: true,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(compiled)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
