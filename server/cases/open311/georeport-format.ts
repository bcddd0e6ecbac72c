/**
 * GeoReport v2 answers as JSON or XML (the spec's required format), from the same plain objects: element
 * names follow the spec (services/service, service_requests/request, service_request_updates/request_update,
 * errors/error). Pure.
 */
export type Format = 'json' | 'xml'
type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value }

const escape = (text: string): string =>
  text
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
    // XML 1.0 forbids most control characters, even escaped.
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')

/** Child element names of lists that are not plain plurals. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  keywords: 'keyword',
}

function element(name: string, value: Value): string {
  if (value === undefined) return ''
  if (value === null) return `<${name}/>`
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(ITEM[name] ?? 'item', v)).join('')}</${name}>`
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`
  return `<${name}>${escape(String(value))}</${name}>`
}

export const contentTypeOf = (format: Format): string =>
  format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8'

export function render(format: Format, root: string, value: Value): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(value), contentType: contentTypeOf(format) }
  return { body: `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`, contentType: contentTypeOf(format) }
}

export function renderErrors(
  format: Format,
  errors: { code: number; description: string }[],
): { body: string; contentType: string } {
  return render(format, 'errors', errors)
}
