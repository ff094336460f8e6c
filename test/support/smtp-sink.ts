import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message as the sink took it: the SMTP envelope, the raw source and its parsed parts. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  /** Header names in lower case, values unfolded, encoded words decoded; the first of a name. */
  headers: Map<string, string>;
  subject: string;
  /** The plain-text and HTML bodies, decoded, with \n line breaks. */
  text?: string;
  html?: string;
}

/** Where a refusal is given: to each recipient (RCPT TO) or after the message (end of DATA). */
export type RefusalStage = 'rcpt' | 'data';
/** Where the sink stops answering: before its greeting, or after the message's data. */
export type HangStage = 'greeting' | 'data';

type Callback = (error?: Error | null) => void;

/**
 * A real SMTP peer for email tests: an `smtp-server` on a free loopback port (no TLS, no
 * authentication) that records every message it accepts. It can be told to refuse with a given
 * reply code, or to hang, until it recovers.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Messages received in full but left unanswered while hanging at `data`. */
  readonly held: string[] = [];
  private refusal: { code: number; text: string; stage: RefusalStage } | undefined;
  private hanging: HangStage | undefined;

  private readonly server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // Hung sessions are cut after this long once close() is called.
    closeTimeout: 100,
    onConnect: (_session, callback) => this.onConnect(callback),
    onRcptTo: (_address, _session, callback) => this.onRcptTo(callback),
    onData: (stream, session, callback) => this.onData(stream, session, callback),
  });

  private constructor() {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    return sink;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** `smtp://127.0.0.1:<port>`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answers `code` (e.g. 451 or 550) at `stage` until `recover()`. */
  refuse(code: number, stage: RefusalStage = 'data', text = 'refused by the test sink'): void {
    this.refusal = { code, text, stage };
  }

  /** Stops answering at `stage` until `recover()`: sessions then open are left hanging. */
  hang(stage: HangStage): void {
    this.hanging = stage;
  }

  recover(): void {
    this.refusal = undefined;
    this.hanging = undefined;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnect(callback: Callback): void {
    if (this.hanging === 'greeting') return;
    callback();
  }

  private onRcptTo(callback: Callback): void {
    callback(this.refusal?.stage === 'rcpt' ? this.refusalError() : null);
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: Callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (this.hanging === 'data') {
        this.held.push(Buffer.concat(chunks).toString('utf8'));
        return;
      }
      if (this.refusal?.stage === 'data') return callback(this.refusalError());
      const raw = Buffer.concat(chunks);
      const { mailFrom, rcptTo } = session.envelope;
      this.messages.push({
        envelope: {
          from: mailFrom ? mailFrom.address : '',
          to: rcptTo.map((recipient) => recipient.address),
        },
        raw: raw.toString('utf8'),
        ...parseMessage(raw.toString('latin1')),
      });
      callback();
    });
  }

  private refusalError(): Error {
    const refusal = this.refusal!;
    return Object.assign(new Error(refusal.text), { responseCode: refusal.code });
  }
}

/*
 * Just enough MIME for the tests (mailparser would bring a dozen packages for this): headers
 * with RFC 2047 encoded words, multipart bodies, base64 and quoted-printable parts. The source
 * is handled as a latin1 string, one character per byte, and decoded by each part's charset.
 */

interface Part {
  headers: Map<string, string>;
  text?: string;
  html?: string;
}

function parseMessage(source: string): Omit<ReceivedMail, 'envelope' | 'raw'> {
  const message = parsePart(source);
  return { ...message, subject: message.headers.get('subject') ?? '' };
}

function parsePart(source: string): Part {
  const split = /\r?\n\r?\n/.exec(source);
  const head = split ? source.slice(0, split.index) : source;
  const body = split ? source.slice(split.index + split[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeHeader(line.slice(colon + 1).trim()));
  }
  const { type, params } = contentType(headers.get('content-type') ?? 'text/plain');
  if (type.startsWith('multipart/') && params.boundary) {
    const part: Part = { headers };
    for (const child of multipartChildren(body, params.boundary).map(parsePart)) {
      part.text ??= child.text;
      part.html ??= child.html;
    }
    return part;
  }
  const bytes = decodeTransfer(body, headers.get('content-transfer-encoding') ?? '7bit');
  // SMTP carries CRLF line breaks; tests compare with the \n the sender wrote.
  const content = new TextDecoder(params.charset ?? 'utf-8').decode(bytes).replace(/\r\n/g, '\n');
  if (type === 'text/plain') return { headers, text: content };
  if (type === 'text/html') return { headers, html: content };
  return { headers };
}

function multipartChildren(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const children: string[] = [];
  for (const chunk of body.split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    children.push(chunk.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n$/, ''));
  }
  return children;
}

function contentType(value: string): { type: string; params: Record<string, string> } {
  const [type, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals < 0) continue;
    const name = param.slice(0, equals).trim().toLowerCase();
    params[name] = param
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeTransfer(body: string, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(
        body
          .replace(/[ \t]+(?=\r?\n)/g, '')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
            String.fromCharCode(parseInt(hex, 16)),
          ),
        'latin1',
      );
    default:
      return Buffer.from(body, 'latin1');
  }
}

const ENCODED_WORD = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;

/**
 * Decodes RFC 2047 words. Adjacent words are joined before decoding, since an encoder may split
 * one character's bytes between two of them.
 */
function decodeHeader(value: string): string {
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => {
      const bytes: Buffer[] = [];
      let charset = 'utf-8';
      for (const [, wordCharset, encoding, text] of run.matchAll(ENCODED_WORD)) {
        charset = wordCharset.split('*')[0];
        bytes.push(
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : decodeTransfer(text.replace(/_/g, ' '), 'quoted-printable'),
        );
      }
      return new TextDecoder(charset).decode(Buffer.concat(bytes));
    });
}
