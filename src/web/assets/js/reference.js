// @ts-check
import { apiGet } from './api.js';

/**
 * Units and sources, fetched once per sign-in: names for the ids items carry.
 * @typedef {{ id: string, name: string, kind: 'department' | 'commune' | 'agency' | 'province',
 *   code?: string, active: boolean }} Unit
 * @typedef {{ id: string, type: string, reference?: string, title: string, issuedOn: string }} Source
 */

/** @type {Promise<Map<string, Unit>> | null} */
let units = null;
/** @type {Promise<Map<string, Source>> | null} */
let sources = null;

/** @returns {Promise<Map<string, Unit>>} */
export function loadUnits() {
  units ??= apiGet('/api/units').then(
    (list) => new Map(/** @type {Unit[]} */ (list).map((u) => [u.id, u])),
    (error) => {
      units = null;
      throw error;
    },
  );
  return units;
}

/** Sources are not shown to every role (units get 403): then items show the source id. */
export function loadSources() {
  sources ??= apiGet('/api/sources').then(
    (list) => new Map(/** @type {Source[]} */ (list).map((s) => [s.id, s])),
    () => new Map(),
  );
  return sources;
}

export function forgetReferenceData() {
  units = null;
  sources = null;
}

/**
 * @param {Map<string, Unit>} map
 * @param {string | null | undefined} id
 */
export function unitName(map, id) {
  if (!id) return '';
  return map.get(id)?.name ?? id;
}
