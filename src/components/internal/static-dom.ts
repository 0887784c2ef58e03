import { Fragment, isValidElement, type ReactNode } from 'react'
import { safeHref } from './safe-href.ts'

/**
 * The elements a reply's markup is made of. Anything else (a `script`, which runs when built this way
 * though React would never run it, an `iframe`, `object`, `form`, `img`, SVG...) is not built: the caller
 * renders it through React.
 */
const ELEMENTS = new Set(
  'a abbr b blockquote br code del div em figcaption figure h1 h2 h3 h4 h5 h6 hr i kbd li ol p pre s span strong sub sup table tbody td tfoot th thead tr u ul'.split(' '),
)

/** Attributes that load or navigate: refused, but for an `href` that is already an http(s) or mailto address. */
const URL_ATTRIBUTE = /^(src|srcset|srcdoc|action|formaction|poster|background|xlink:href|xmlns|ping|manifest|data)$/i

/** React prop names whose attribute is spelled otherwise. */
const ATTRIBUTE: Record<string, string> = { className: 'class', tabIndex: 'tabindex', referrerPolicy: 'referrerpolicy', htmlFor: 'for' }

/**
 * True when `node` is markup `buildStatic` can build: host elements of a reply's markup (no SVG,
 * script, frame, form or image) with plain props (text, numbers, booleans, a flat `style`; an `href`
 * only when it is an http(s) or mailto address), text and fragments; no component (nothing stateful),
 * no event handler, ref or raw HTML.
 *
 * @example
 * isStaticMarkup(<p>Hello <strong>world</strong></p>) // true
 * isStaticMarkup(<CopyButton value="x" />) // false
 */
export function isStaticMarkup(node: ReactNode): boolean {
  if (Array.isArray(node)) return (node as ReactNode[]).every(isStaticMarkup)
  if (!isValidElement(node)) return node === null || typeof node !== 'object'
  const props = node.props as Record<string, unknown>
  if (node.type === Fragment) return isStaticMarkup(props.children as ReactNode)
  return typeof node.type === 'string' && ELEMENTS.has(node.type) && Object.entries(props).every(isPlainProp) && isStaticMarkup(props.children as ReactNode)
}

/**
 * Builds the DOM of static markup (see `isStaticMarkup`) once, outside React, appending it to
 * `parent`. For content that does not change once shown (a finished markdown block): each element
 * costs its DOM node and nothing in the JS heap (no fiber, props object, element or children array
 * kept for as long as it is on screen). Text is appended as text, never parsed as HTML; attributes
 * are set with `setAttribute`, as React would set them.
 *
 * @example
 * buildStatic(<p>Hello <strong>world</strong></p>, host)
 */
export function buildStatic(node: ReactNode, parent: ParentNode): void {
  if (!isStaticMarkup(node)) throw new TypeError('buildStatic: not static markup (check with isStaticMarkup first)')
  build(node, parent)
}

function build(node: ReactNode, parent: ParentNode): void {
  if (node === null || node === undefined || typeof node === 'boolean') return
  if (Array.isArray(node)) {
    for (const child of node as ReactNode[]) build(child, parent)
    return
  }
  if (!isValidElement(node)) {
    // append(string) makes the Text node without a JS wrapper object for it.
    parent.append(String(node as string | number))
    return
  }
  const props = node.props as Record<string, unknown>
  if (node.type === Fragment) return build(props.children as ReactNode, parent)
  const element = document.createElement(node.type as string)
  for (const [name, value] of Object.entries(props)) {
    if (name === 'children' || value === undefined || value === null || value === false) continue
    if (name === 'style') Object.assign(element.style, value)
    // As React writes them: `aria-*` and `data-*` spell booleans out, other attributes are present or not.
    else element.setAttribute(ATTRIBUTE[name] ?? name, value === true && !/^(aria|data)-/.test(name) ? '' : String(value))
  }
  build(props.children as ReactNode, element)
  parent.append(element)
}

function isPlainProp([name, value]: [string, unknown]): boolean {
  if (name === 'children') return true
  if (name === 'style') return value === undefined || (typeof value === 'object' && value !== null && Object.values(value).every(isPrimitive))
  if (name === 'href') return value === undefined || (typeof value === 'string' && safeHref(value) === value)
  // An `on*` attribute would be an inline script: React sets handlers, never such attributes.
  return !URL_ATTRIBUTE.test(name) && name !== 'dangerouslySetInnerHTML' && name !== 'ref' && !/^on/i.test(name) && isPrimitive(value)
}

function isPrimitive(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}
