// A real OpenID Connect provider (the `oidc-provider` package, ESM) for the tests, run as a child
// process by oidc-provider.ts. Argument: a JSON object { port, audience, redirectUri,
// postLogoutRedirectUri, accessTokenTtl, alg }. It prints one line of JSON when listening.
//
// Besides the provider itself, a few control routes under /__control (tests only):
//   POST /__control/rotate   a new signing key, used from now on (the old one stays published)
//   POST /__control/retire   publish only the current key (tokens signed by older keys fail)
//   GET  /__control/stats    how often the discovery document and the JWKS were read
// Users of the browser sign-in: any login with any password; the login names the role and unit
// ("office", "unit:so-noi-vu", "none"). Client-credentials tokens take their claims from the
// last POST /__control/claims ({ claims, audience?, clockOffsetS? }), so tests get tokens the provider really signed.
import { generateKeyPair, exportJWK } from 'jose';
import http from 'node:http';
import Provider from 'oidc-provider';

const options = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${options.port}`;
const stats = { discovery: 0, jwks: 0 };
const keys = [];
/** The claims the next client-credentials token carries (set by POST /__control/claims). */
let serviceClaims = {};
/** The audience of the next client-credentials token, when not the API's. */
let serviceAudience;
/** The provider's clock runs this far from ours (a skewed provider issues expired tokens). */
let clockOffsetMs = 0;
let clockOffsetS;
const realNow = Date.now;
Date.now = () => realNow() + clockOffsetMs;

async function newKey(alg) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-${keys.length + 1}` };
}

function accountClaims(login) {
  if (login === 'none') return { name: 'Không vai trò' };
  const [role, unit] = login.split(':');
  return { name: `Người dùng ${login}`, role, ...(unit ? { unit } : {}) };
}

function build() {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'dashboard',
        id_token_signed_response_alg: keys[keys.length - 1].alg,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
      },
      {
        client_id: 'service',
        id_token_signed_response_alg: keys[keys.length - 1].alg,
        client_secret: 'service-secret',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [...keys].reverse() }, // the newest key signs
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'api',
          audience: serviceAudience ?? options.audience,
          accessTokenTTL: options.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: keys[keys.length - 1].alg } },
        }),
      },
    },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: () => ({ sub, ...accountClaims(sub) }) };
    },
    async extraTokenClaims(ctx, token) {
      if (token.accountId) return accountClaims(token.accountId);
      return serviceClaims;
    },
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    clientBasedCORS: () => true,
    ttl: { AccessToken: options.accessTokenTtl, ClientCredentials: options.accessTokenTtl },
  });
  provider.proxy = false;
  return provider;
}

keys.push(await newKey(options.alg ?? 'ES256'));
let provider = build();

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  if (path === '/.well-known/openid-configuration') stats.discovery++;
  if (path === '/jwks') stats.jwks++;
  if (!path.startsWith('/__control/')) return provider.callback()(req, res);
  const answer = (body) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  if (path === '/__control/stats') return answer(stats);
  if (path === '/__control/claims' && req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    ({ claims: serviceClaims, audience: serviceAudience, clockOffsetS } = JSON.parse(body));
    clockOffsetMs = (clockOffsetS ?? 0) * 1000;
    return answer({});
  }
  if (path === '/__control/rotate' && req.method === 'POST') {
    const alg = new URL(req.url, issuer).searchParams.get('alg') ?? keys[keys.length - 1].alg;
    keys.push(await newKey(alg));
    provider = build();
    return answer({ kid: keys[keys.length - 1].kid });
  }
  if (path === '/__control/retire' && req.method === 'POST') {
    keys.splice(0, keys.length - 1);
    provider = build();
    return answer({ kid: keys[0].kid });
  }
  res.statusCode = 404;
  res.end();
});
server.listen(options.port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
