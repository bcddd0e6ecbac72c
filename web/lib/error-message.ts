/**
 * Pure part of the error funnel: what to tell the user about a failed call. handle-error.ts acts on it.
 * The server's error code is translated (web/lib/i18n/*-errors.ts); its English text is shown only for a
 * code this build does not know (a newer server), and the caller's fallback when there is neither.
 */
import { ROLES } from '../../server/contracts/api.ts'
import type { ErrorCode, ErrorParamValue } from '../../server/contracts/errors.ts'
import { ACTIONS, STAGES } from '../../server/contracts/incidents.ts'
import { ApiError, type ServerProblem } from './api-client.ts'
import type { MessageKey, MessageParams } from './i18n/translate.ts'

export type Translate = (key: MessageKey, params?: MessageParams) => string

export interface ErrorReport {
  message: string
  /** A 401 outside a sign-in attempt: the session cookie expired or was revoked. */
  sessionEnded: boolean
}

export interface DescribeOptions {
  /** The call was a sign-in: a 401 then means wrong credentials, not an ended session. */
  credentialAttempt?: boolean
}

// Parameter values that have a label of their own; anything else (ids, names) is shown as sent.
const LABELLED: Record<string, ReadonlySet<string>> = {
  role: new Set<string>(ROLES),
  stage: new Set<string>(STAGES),
  action: new Set<string>(ACTIONS),
  errorField: new Set(['reason', 'note', 'lead', 'into', 'closeReason']),
}

// The validator's (ajv's) commonest problems, which `request.invalid` passes on in English.
const VALIDATION_PROBLEMS: Array<[RegExp, MessageKey]> = [
  [/^must have required property/, 'errorProblem.required'],
  [/^must NOT have additional properties/, 'errorProblem.unexpected'],
  [/^must be (string|boolean|array|object)/, 'errorProblem.type'],
  [/^must be (integer|number|a decimal number)/, 'errorProblem.number'],
  [/^must NOT have fewer than/, 'errorProblem.tooShort'],
  [/^must NOT have more than/, 'errorProblem.tooLong'],
  [/^must be (<|>)/, 'errorProblem.range'],
  [/^must be equal to one of the allowed values|^must match a schema in anyOf/, 'errorProblem.choice'],
  [/^must match format/, 'errorProblem.format'],
]

/** A parameter as the user reads it: roles, stages, actions and form fields in their language; ids as sent. */
function localizeParam(name: string, value: ErrorParamValue, translate: Translate): ErrorParamValue {
  if (typeof value !== 'string') return value
  const label = (kind: string) => (v: string) => (LABELLED[kind]?.has(v) ? translate(`${kind}.${v}` as MessageKey) : v)
  switch (name) {
    case 'role':
    case 'stage':
    case 'action':
      return label(name)(value)
    case 'needed':
      return value.split(' or ').map(label('role')).join(translate('errorParam.or'))
    case 'field':
      return value.split(', ').map(label('errorField')).join(translate('errorParam.and'))
    case 'problem': {
      const known = VALIDATION_PROBLEMS.find(([pattern]) => pattern.test(value))
      return known ? translate(known[1]) : value
    }
    default:
      return value
  }
}

/** A catalog code with its params, in the user's language. */
export function errorText(code: ErrorCode, params: Record<string, ErrorParamValue>, translate: Translate): string {
  const localized: MessageParams = {}
  for (const [name, value] of Object.entries(params)) localized[name] = localizeParam(name, value, translate)
  return translate(`error.${code}`, localized)
}

/** The server's problem for people: translated by code, else the server's own text, else null. */
export function problemText(problem: ServerProblem, translate: Translate): string | null {
  return problem.code ? errorText(problem.code, problem.params, translate) : problem.message
}

export function describeError(
  error: unknown,
  fallback: MessageKey,
  translate: Translate,
  options: DescribeOptions = {},
): ErrorReport {
  if (error instanceof ApiError) {
    if (error.status === 401 && !options.credentialAttempt) {
      return { message: translate('errors.sessionEnded'), sessionEnded: true }
    }
    return { message: problemText(error.problem, translate) ?? translate(fallback), sessionEnded: false }
  }
  // fetch rejects with a TypeError only when no HTTP answer arrived at all.
  if (error instanceof TypeError) return { message: translate('errors.network'), sessionEnded: false }
  return { message: translate(fallback), sessionEnded: false }
}
