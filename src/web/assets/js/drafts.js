// @ts-check
/**
 * What a user typed survives a session that ends under them. When the server answers 401, every
 * form on screen marked `data-draft="<key>"` is written to sessionStorage under the page's hash
 * and its key; once the user has signed in again, the same page is drawn (the hash is kept) and
 * the form reads its draft back, once. Nothing is saved otherwise: a form left without sending
 * is not brought back later by surprise.
 */

const PREFIX = 'follow-up.draft:';

/** @param {string} key */
function storageKey(key) {
  return `${PREFIX}${location.hash || '#/'}:${key}`;
}

/**
 * The values of a form's named controls: text as text, checkboxes as the list of checked values,
 * radios as the chosen value.
 * @param {HTMLFormElement} form
 * @returns {Record<string, string | string[]>}
 */
function valuesOf(form) {
  /** @type {Record<string, string | string[]>} */
  const values = {};
  for (const el of form.elements) {
    if (
      !(el instanceof HTMLInputElement) &&
      !(el instanceof HTMLTextAreaElement) &&
      !(el instanceof HTMLSelectElement)
    ) {
      continue;
    }
    if (!el.name || el.dataset.noDraft !== undefined) continue;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      const list = /** @type {string[]} */ (values[el.name] ?? []);
      if (el.checked) list.push(el.value);
      values[el.name] = list;
    } else if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (el.checked) values[el.name] = el.value;
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

/** Saves every draft-keeping form on screen (called just before a 401 ends the session). */
export function saveDrafts() {
  for (const form of document.querySelectorAll('form[data-draft]')) {
    if (!(form instanceof HTMLFormElement)) continue;
    try {
      sessionStorage.setItem(storageKey(form.dataset.draft ?? ''), JSON.stringify(valuesOf(form)));
    } catch {
      // No storage: the text is lost, as it was before drafts.
    }
  }
}

/**
 * Fills `form` with its saved draft, if any, and forgets the draft. Call it once the form's
 * controls exist (it may be detached). Returns whether a draft was restored.
 * @param {HTMLFormElement} form
 */
export function restoreDraft(form) {
  const key = storageKey(form.dataset.draft ?? '');
  let saved;
  try {
    saved = sessionStorage.getItem(key);
    if (saved !== null) sessionStorage.removeItem(key);
  } catch {
    return false;
  }
  if (!saved) return false;
  /** @type {Record<string, string | string[]>} */
  let values;
  try {
    values = JSON.parse(saved);
  } catch {
    return false;
  }
  for (const el of form.elements) {
    if (
      !(el instanceof HTMLInputElement) &&
      !(el instanceof HTMLTextAreaElement) &&
      !(el instanceof HTMLSelectElement)
    ) {
      continue;
    }
    if (!el.name || !(el.name in values)) continue;
    const value = values[el.name];
    if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      el.checked = Array.isArray(value) && value.includes(el.value);
    } else if (el instanceof HTMLInputElement && el.type === 'radio') {
      el.checked = value === el.value;
    } else if (typeof value === 'string') {
      el.value = value;
    }
    // Forms that show or hide fields by a choice (the deadline's kind) redraw on this event.
    el.dispatchEvent(new Event('change'));
  }
  return true;
}
