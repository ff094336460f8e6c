import Fastify from 'fastify';
import { registerSecurityHeaders, securityHeaders } from './security-headers';

describe('security headers', () => {
  it("are helmet's, without upgrade-insecure-requests", () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('come on every reply: a route, a refusal, an unknown path', async () => {
    const fastify = Fastify();
    registerSecurityHeaders(fastify);
    fastify.get('/ok', async () => ({ ok: true }));
    fastify.get('/refused', async (_request, reply) => reply.code(403).send({ no: true }));
    const expected = securityHeaders();
    for (const url of ['/ok', '/refused', '/nowhere']) {
      const res = await fastify.inject({ method: 'GET', url });
      for (const [name, value] of Object.entries(expected)) expect(res.headers[name]).toBe(value);
    }
    await fastify.close();
  });

  it('let a route set its own value of one of them', async () => {
    const fastify = Fastify();
    registerSecurityHeaders(fastify);
    fastify.get('/framed', async (_request, reply) =>
      reply.header('x-frame-options', 'DENY').send('x'),
    );
    const res = await fastify.inject({ method: 'GET', url: '/framed' });
    expect(res.headers['x-frame-options']).toBe('DENY');
    await fastify.close();
  });
});
