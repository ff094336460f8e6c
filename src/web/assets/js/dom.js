// @ts-check
/**
 * The only way this front end builds markup. Text always goes in as text nodes, never as HTML, so a
 * title like `<img src=x onerror=…>` shows as those characters; no string is ever parsed as HTML.
 */

/**
 * @typedef {Node | string | number | null | undefined | false} Child
 * @typedef {Child | Child[] | Child[][]} Children
 * @typedef {{
 *   class?: string,
 *   on?: Record<string, (event: any) => void>,
 *   dataset?: Record<string, string>,
 *   [attribute: string]: unknown,
 * }} Props
 */

/**
 * Creates an element. `props` sets attributes (`true` → present, `false`/null → absent), `class`,
 * `dataset` and `on` (event listeners); children are nodes or text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') {
      for (const [type, listener] of Object.entries(/** @type {Props['on']} */ (value) ?? {})) {
        el.addEventListener(type, listener);
      }
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'class') {
      el.className = String(value);
    } else if (name === 'value' && 'value' in el) {
      /** @type {HTMLInputElement} */ (el).value = String(value);
    } else if (name === 'checked' || name === 'selected') {
      /** @type {any} */ (el)[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} parent
 * @param {Children[]} children
 */
export function append(parent, children) {
  for (const child of /** @type {Child[]} */ (children.flat(Infinity))) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `el` with `children`. */
export function replace(/** @type {Element} */ el, /** @type {Children[]} */ ...children) {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled form control in one block: label, control, optional hint, and a slot for its error.
 * @param {string} label
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  if (!control.id) control.id = uid();
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h(
    'div',
    { class: 'field', dataset: { field: control.name } },
    h('label', { for: control.id }, label),
    hintEl,
    control,
  );
}

/**
 * @param {string} value
 * @param {string} label
 * @param {boolean} [selected]
 */
export function option(value, label, selected = false) {
  return h('option', { value, selected }, label);
}
