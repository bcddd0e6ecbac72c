/** One thing wrong in the camera configuration, located as precisely as the file allows. */
export interface ConfigIssue {
  file: string
  line?: number
  /** Field path as an administrator reads it: `cameras[17].grid`. */
  field: string
  message: string
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`
  return issue.field ? `${where} ${issue.field}: ${issue.message}` : `${where}: ${issue.message}`
}

/** Thrown when the configuration cannot be used; the server exits non-zero and prints every issue. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[]
  constructor(issues: ConfigIssue[]) {
    super(
      `camera configuration is invalid (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n` +
        issues.map((i) => `  ${formatIssue(i)}`).join('\n'),
    )
    this.issues = issues
  }
}

/** `['cameras', 17, 'grid']` -> `cameras[17].grid` */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? part : `.${part}`
  }
  return out
}
