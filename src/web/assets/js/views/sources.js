// @ts-check
import { apiGet } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { loadUnits, unitName } from '../reference.js';
import { listHash } from '../url-state.js';

/**
 * Sources (`#/sources`, office, leadership, admin): the conclusion notices, documents and
 * working sessions items come from, newest first, each with how many items it gave and a link
 * to the item list filtered by it (`#/items?sourceId=`). The counts are one small list query
 * each (`pageSize=1`, its total), for the sources on screen.
 *
 * @typedef {{ id: string, type: 'conclusion' | 'document' | 'session', reference?: string,
 *   title: string, issuedOn: string, signer?: string, communes?: string[] }} Source
 */

/** @param {import('../main.js').ViewContext} ctx */
export async function renderSources(ctx) {
  /** @type {[Source[], Map<string, import('../reference.js').Unit>]} */
  const [sources, units] = await Promise.all([
    apiGet('/api/sources', {}, { consistent: true }),
    loadUnits(),
  ]);
  if (!ctx.isCurrent()) return;
  const sorted = [...sources].sort(
    (a, b) => b.issuedOn.localeCompare(a.issuedOn) || a.title.localeCompare(b.title, 'vi'),
  );
  /** @type {(number | null)[]} */
  const counts = await Promise.all(
    sorted.map((s) =>
      apiGet('/api/items', { sourceId: s.id, pageSize: 1 }, { consistent: true }).then(
        (page) => /** @type {number} */ (page.total),
        () => null,
      ),
    ),
  );
  if (!ctx.isCurrent()) return;
  replace(
    ctx.main,
    h('h1', null, t('sources.title')),
    h('p', { class: 'subtitle' }, t('sources.count', { count: formatNumber(sources.length) })),
    sorted.length === 0
      ? h('p', { class: 'empty' }, t('sources.none'))
      : h(
          'table',
          { class: 'data sources-table', id: 'sources-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['issuedOn', 'type', 'reference', 'title', 'signer', 'communes', 'items'].map((c) =>
                h('th', { scope: 'col' }, t(`sources.col.${c}`)),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            sorted.map((source, i) =>
              h(
                'tr',
                { dataset: { source: source.id } },
                h('td', null, formatDate(source.issuedOn)),
                h('td', null, t(`sources.type.${source.type}`)),
                h('td', null, source.reference ?? ''),
                h('td', null, source.title),
                h('td', null, source.signer ?? ''),
                h('td', null, (source.communes ?? []).map((c) => unitName(units, c)).join(', ')),
                h(
                  'td',
                  { class: 'num' },
                  h(
                    'a',
                    { href: listHash({ sourceId: source.id }), class: 'source-items' },
                    counts[i] === null
                      ? t('sources.items')
                      : t('sources.itemCount', { count: formatNumber(counts[i] ?? 0) }),
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}
