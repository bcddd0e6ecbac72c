/**
 * Schema validation of one config file, turned into issues an administrator can act on:
 * one line each, naming the file, the line and the field.
 */
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { Id, OnvifSource, RtmpPushSource, RtspSource } from '../contracts/camera-config.ts'
import { formatFieldPath, type ConfigIssue } from './config-error.ts'
import type { FieldPath, YamlSource } from './yaml-source.ts'

interface SchemaError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

const ID_PATTERN = (Id as unknown as { pattern: string }).pattern

/** `/cameras/17/grid` -> `['cameras', 17, 'grid']` */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const part = raw.replaceAll('~1', '/').replaceAll('~0', '~')
      return /^\d+$/.test(part) ? Number(part) : part
    })
}

function describe(error: SchemaError): string {
  if (error.keyword === 'pattern' && error.params['pattern'] === ID_PATTERN) {
    return 'must be a lower-case id of letters, digits and single hyphens, like "cam-0017"'
  }
  if (error.keyword === 'type') return `must be ${String(error.params['type'] ?? 'of another type')}`
  const allowed = error.params['allowedValues']
  if (error.keyword === 'enum' && Array.isArray(allowed))
    return `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`
  return error.message
}

/** What a union accepts, for its message: the literals it lists, when it is a list of literals. */
function unionMessage(schema: TSchema, schemaPath: string): string {
  let node: unknown = schema
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part]
  }
  const options = (node as { anyOf?: { const?: unknown }[] } | undefined)?.anyOf ?? []
  if (options.length > 0 && options.every((o) => o.const !== undefined)) {
    return `must be one of ${options.map((o) => JSON.stringify(o.const)).join(', ')}`
  }
  return 'does not match any of the allowed forms'
}

/**
 * `skipUnion(path)` names unions that the caller re-checks itself (a camera's source, by its `type`).
 */
export function schemaIssues(
  source: YamlSource,
  schema: TSchema,
  value: unknown,
  at: FieldPath = [],
  skipUnion: (path: FieldPath) => boolean = () => false,
): ConfigIssue[] {
  if (Value.Check(schema, value)) return []
  const issues: ConfigIssue[] = []
  for (const error of Value.Errors(schema, value) as SchemaError[]) {
    const path = [...at, ...pointerToPath(error.instancePath)]
    // Errors inside a union's branches are noise; the union's own error says it once.
    // `false` schemas repeat what additionalProperties already says.
    if (error.keyword === 'boolean' || error.schemaPath.includes('/anyOf/')) continue
    if (error.keyword === 'anyOf') {
      if (!skipUnion(path))
        issues.push({
          file: source.file,
          line: source.lineOf(path),
          field: formatFieldPath(path),
          message: unionMessage(schema, error.schemaPath),
        })
      continue
    }
    if (error.keyword === 'required') {
      for (const name of error.params['requiredProperties'] as string[]) {
        issues.push({
          file: source.file,
          line: source.lineOf(path),
          field: formatFieldPath([...path, name]),
          message: 'is required',
        })
      }
    } else if (error.keyword === 'additionalProperties') {
      for (const name of error.params['additionalProperties'] as string[]) {
        issues.push({
          file: source.file,
          line: source.lineOfKey(path, name),
          field: formatFieldPath([...path, name]),
          message: 'is not a known field',
        })
      }
    } else {
      issues.push({
        file: source.file,
        line: source.lineOf(path),
        field: formatFieldPath(path),
        message: describe(error),
      })
    }
  }
  return dedupe(issues)
}

/** A camera source is checked against the one variant its `type` names, so messages stay precise. */
export function sourceIssues(source: YamlSource, value: unknown, at: FieldPath): ConfigIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      {
        file: source.file,
        line: source.lineOf(at),
        field: formatFieldPath(at),
        message: 'must be a map with a type of "onvif", "rtsp" or "rtmp-push"',
      },
    ]
  }
  const type = (value as Record<string, unknown>)['type']
  if (type === 'onvif') return schemaIssues(source, OnvifSource, value, at)
  if (type === 'rtsp') return schemaIssues(source, RtspSource, value, at)
  if (type === 'rtmp-push') return schemaIssues(source, RtmpPushSource, value, at)
  return [
    {
      file: source.file,
      line: source.lineOf([...at, 'type']),
      field: formatFieldPath([...at, 'type']),
      message: 'must be "onvif", "rtsp" or "rtmp-push"',
    },
  ]
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.line}|${i.field}|${i.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
