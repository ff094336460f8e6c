import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { join } from 'node:path';
import { secretFileOnce } from '../../shared/secret-file';
import { keyIdOf } from './checkpoint-chain';

/** Where the generated key is kept when `AUDIT_SIGNING_KEY` is unset (mode 0600). */
export const SIGNING_KEY_FILE = 'audit-signing-key.pem';

/** The Ed25519 key that signs checkpoints and export seals. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PEM (SubjectPublicKeyInfo), as `GET /api/audit/public-key` serves it. */
  publicPem: string;
  keyId: string;
}

/**
 * `AUDIT_SIGNING_KEY` (a PEM private key) when set, else a key generated once into
 * `DATA_DIR/audit-signing-key.pem`. Anything but an Ed25519 key is refused at start: a checkpoint
 * signed otherwise could not be checked by the offline verifier.
 */
export function loadSigningKey(configured: string | undefined, dataDir: string): SigningKey {
  const pem =
    configured ??
    secretFileOnce(join(dataDir, SIGNING_KEY_FILE), () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem.replace(/\\n/g, '\n'));
  } catch {
    throw new Error('AUDIT_SIGNING_KEY is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `AUDIT_SIGNING_KEY must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKey, publicPem, keyId: keyIdOf(publicKey) };
}
