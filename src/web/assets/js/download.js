// @ts-check
import { ApiError } from './api.js';
import { h } from './dom.js';
import { t } from './i18n/t.js';
import { token } from './session.js';

/**
 * "Tải Excel": the same request as the page's, with `format=xlsx`, fetched with the user's token
 * (a plain link cannot carry it) and handed to the browser as a download under the server's name.
 * @param {string} path
 * @param {Record<string, string | number | undefined | null>} params
 */
export async function downloadXlsx(path, params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  search.set('format', 'xlsx');
  const bearer = token();
  const response = await fetch(`${path}?${search}`, {
    headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
  });
  if (!response.ok) {
    let problem = { status: response.status, detail: response.statusText };
    try {
      problem = await response.json();
    } catch {
      // not a problem document: keep the status
    }
    throw new ApiError(problem);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'bao-cao.xlsx';
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The "Tải Excel" button: downloads, and says so in `status` (or shows the problem).
 * @param {string} id
 * @param {() => [string, Record<string, string | number | undefined | null>]} request
 * @param {(message: string, kind?: 'info' | 'error') => void} flash
 */
export function excelButton(id, request, flash) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'excel-button no-print',
      id,
      on: {
        click: async () => {
          button.disabled = true;
          button.setAttribute('aria-busy', 'true');
          try {
            const [path, params] = request();
            await downloadXlsx(path, params);
            flash(t('export.done'));
          } catch (error) {
            flash(
              t('export.failed', {
                detail: error instanceof ApiError ? error.message : String(error),
              }),
              'error',
            );
          } finally {
            button.disabled = false;
            button.removeAttribute('aria-busy');
          }
        },
      },
    },
    t('export.excel'),
  );
  return button;
}

/** The browser's print, for the print stylesheet's signed page. */
export function printButton(/** @type {string} */ id) {
  return h(
    'button',
    { type: 'button', class: 'secondary no-print', id, on: { click: () => window.print() } },
    t('export.print'),
  );
}
