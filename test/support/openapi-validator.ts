import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync } from 'node:fs';
import type { Response } from 'supertest';

/**
 * Checks every response an e2e test receives against the OpenAPI document the application serves
 * (`GET /docs-json`), so the document cannot drift from the server (issue 18): the operation must
 * be documented, its status declared, its content type one the status lists, and a JSON body
 * valid against that schema. Paths the document does not describe (the dashboard's files,
 * `/docs`) are not checked, but an unknown route under the API must be a 404 or 405 problem.
 *
 * `OPENAPI_MISMATCHES=<file>` appends each mismatch to that file instead of failing the test:
 * one e2e run then lists every mismatch at once.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Route {
  template: string;
  pattern: RegExp;
  methods: Record<string, Operation>;
}

const DOCUMENT_ID = 'openapi.json';
const API_PATHS = /^\/(api|auth|health)(\/|$)/;
const PROBLEM_REF = { $ref: `${DOCUMENT_ID}#/components/schemas/Problem` };
const PROBLEM = ['application/problem+json'];
/** Statuses the HTTP server (Node's parser, Fastify's router) answers before routing. */
const BEFORE_ROUTING = new Set([414, 431]);

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    // OpenAPI 3.0 schemas: `nullable`, `example` and `format: binary` are not JSON Schema's own.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(
      toJsonSchema({ components: document.components ?? {} }) as object,
      DOCUMENT_ID,
    );
    // Literal paths first, so `/api/items/queues` is not taken for `/api/items/{id}`.
    this.routes = Object.entries(document.paths)
      .map(([template, methods]) => ({
        template,
        methods,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
      }))
      .sort((a, b) => countParams(a.template) - countParams(b.template));
  }

  /** The mismatch between `response` and the document, or null when it conforms. */
  check(method: string, url: string, response: Response): string | null {
    const path = new URL(url, 'http://localhost').pathname;
    const verb = method.toLowerCase();
    if (verb === 'head' || verb === 'options') return null;
    const route = this.routes.find((r) => r.pattern.test(path) && r.methods[verb]);
    const status = response.status;
    const type = (response.headers['content-type'] ?? '').split(';')[0].trim();
    if (!route) {
      if (!API_PATHS.test(path)) return null;
      if (status !== 404 && status !== 405) return `${status} from an undocumented operation`;
      return this.checkBody(PROBLEM_REF, `problem ${status}`, type, response, PROBLEM);
    }
    const name = `${method.toUpperCase()} ${route.template} ${status}`;
    if (BEFORE_ROUTING.has(status)) {
      // Answered before any route is chosen (an over-long URL or headers): no operation's.
      return response.text ? this.checkBody(PROBLEM_REF, name, type, response, PROBLEM) : null;
    }
    const responses = route.methods[verb].responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
    if (!declared) {
      return `${name}: status not declared (declared: ${Object.keys(responses).join(', ')})`;
    }
    const content = declared.content;
    if (!content || Object.keys(content).length === 0) {
      return response.text ? `${name}: a body, where the document declares none` : null;
    }
    if (!(type in content)) {
      return `${name}: content type ${type || '(none)'} not declared (${Object.keys(content).join(', ')})`;
    }
    const schema = content[type].schema;
    return schema ? this.checkBody(schema, name, type, response, Object.keys(content)) : null;
  }

  private checkBody(
    schema: unknown,
    name: string,
    type: string,
    response: Response,
    declared: string[],
  ): string | null {
    if (!declared.includes(type)) return `${name}: content type ${type || '(none)'} not declared`;
    if (type !== 'application/json' && !type.endsWith('+json')) return null;
    const key = `${name} ${type}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    if (validate(response.body)) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
      .join('; ');
    return `${name} ${type}: ${errors}; body: ${JSON.stringify(response.body).slice(0, 300)}`;
  }
}

/** Fails the test with the mismatch, or records it where `OPENAPI_MISMATCHES` says. */
export function reportMismatch(mismatch: string): void {
  const file = process.env.OPENAPI_MISMATCHES;
  if (file) {
    appendFileSync(file, `${expect.getState().testPath ?? ''}\t${mismatch}\n`);
    return;
  }
  throw new Error(`Response does not match the OpenAPI document: ${mismatch}`);
}

function countParams(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}

/**
 * OpenAPI 3.0 to JSON Schema: `#/components/…` refers to the document, which Ajv holds under
 * `DOCUMENT_ID`; `nullable: true` allows null beside whatever the rest says (as clients generated
 * from the document read it, `allOf: [$ref]` included, which Ajv's own `nullable` does not).
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? [key, `${DOCUMENT_ID}${value}`]
        : [key, toJsonSchema(value)],
    ),
  );
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}
