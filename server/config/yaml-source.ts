/**
 * A parsed YAML file that remembers where each value came from, so a problem found later
 * (by the schema or a cross-reference check) can name its line.
 */
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml'
import type { ConfigIssue } from './config-error.ts'

export type FieldPath = readonly (string | number)[]

export class YamlSource {
  readonly file: string
  readonly value: unknown
  readonly parseIssues: ConfigIssue[]
  private readonly doc: Document
  private readonly lines: LineCounter

  constructor(file: string, text: string) {
    this.file = file
    this.lines = new LineCounter()
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true })
    // The first syntax error is the one to fix; the ones after it are mostly its echoes.
    this.parseIssues = this.doc.errors.slice(0, 1).map((e) => ({
      file,
      line: e.linePos?.[0]?.line ?? this.lineAt(e.pos[0]),
      field: '',
      message: e.message.split('\n')[0] ?? e.message,
    }))
    this.value = this.parseIssues.length === 0 ? this.doc.toJS({ maxAliasCount: 100 }) : undefined
  }

  /** The 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: FieldPath): number | undefined {
    let node: unknown = this.doc.contents
    let line = this.nodeLine(node)
    for (const key of path) {
      const next = this.child(node, key)
      if (next === undefined) break
      node = next.value ?? next.key
      line = this.nodeLine(next.value) ?? this.nodeLine(next.key) ?? line
    }
    return line
  }

  /** The line of the key `key` itself inside the map at `path` (for "unknown field" problems). */
  lineOfKey(path: FieldPath, key: string): number | undefined {
    let node: unknown = this.doc.contents
    for (const part of path) node = this.child(node, part)?.value
    return this.nodeLine(this.child(node, key)?.key) ?? this.lineOf(path)
  }

  private child(node: unknown, key: string | number): { key?: unknown; value?: unknown } | undefined {
    if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key]
      return item === undefined ? undefined : { value: item }
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(key)) {
          return { key: pair.key, value: pair.value }
        }
      }
    }
    return undefined
  }

  private nodeLine(node: unknown): number | undefined {
    const range = (node as Node | null | undefined)?.range
    return range ? this.lineAt(range[0]) : undefined
  }

  private lineAt(offset: number): number {
    return this.lines.linePos(offset).line
  }
}
