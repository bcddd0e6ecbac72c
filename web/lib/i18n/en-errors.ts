/** The English text of every server error code, spread into en.ts (see zh-cn-errors.ts). */
import type { zhCNErrors } from './zh-cn-errors.ts'

export const enErrors: Record<keyof typeof zhCNErrors, string> = {
  'error.auth.login-required': 'Please sign in',
  'error.auth.session-ended': 'Your session has ended; please sign in again',
  'error.auth.wrong-credentials': 'Wrong username or password',
  'error.auth.rate-limited': 'Too many sign-in attempts; try again in {seconds} s',
  'error.auth.forbidden-role': 'Your role ({role}) cannot do this; it needs {needed}',

  'error.request.invalid': 'Check what you entered: {field} {problem}',
  'error.request.malformed': 'The server could not read the request ({problem})',
  'error.request.body-too-large': 'What you sent is too large; make the file smaller and try again',
  'error.request.unsupported-media-type': 'This kind of content is not accepted; check the file format',
  'error.request.cross-site': 'A request from another site ({origin}) was refused; use this site’s own pages',
  'error.route.not-found':
    'The server has no such address ({method} {path}); reload the page, or ask the administrator',
  'error.web.not-built': 'The web app is not built; ask the administrator',
  'error.server.internal':
    'The server ran into an error (the details are in its log); try again later or ask the administrator',
  'error.server.stream-limit':
    'The server already restreams {streams} cameras, its limit; close some tiles and try again',

  'error.account.username-taken': 'The username “{username}” is taken',
  'error.account.last-admin': 'The last active administrator cannot be disabled',
  'error.account.admin-name-taken':
    'There is no active administrator and the name admin is taken: enable an administrator account first',
  'error.account.unknown': 'No user “{username}”',

  'error.camera.unknown': 'No camera “{camera}”; check the camera number or the link',
  'error.camera.no-ptz': 'Camera “{camera}” has no pan/tilt/zoom',
  'error.camera.unknown-preset': 'Camera “{camera}” has no preset “{preset}” (its presets: {presets})',
  'error.request.idempotency-key-invalid': 'The Idempotency-Key header must be 1 to 200 visible ASCII characters',
  'error.request.idempotency-key-reused':
    'The key “{key}” was already used for a different report; open the report again',
  'error.request.range-unsatisfiable': 'The requested part of the file lies beyond its end ({size} bytes)',
  'error.request.cursor-invalid': 'That page position is not valid for this list; reload the list',
  'error.incident.photo-size':
    'The photo is {width}×{height}; each side must be {minSide} to {maxSide} pixels, at most {maxMegapixels} megapixels',
  'error.incident.photo-undecodable':
    'The {type} photo is damaged or incomplete and could not be read; take or choose another',
  'error.wall.none': 'This centre has no wall display configured (camera-config/wall.yaml is missing)',
  'error.wall.unknown-monitor': 'There is no wall monitor “{monitor}”',
  'error.wall.no-alarm-zone': 'Monitor “{monitor}” has no alarm zone; choose a zone',
  'error.wall.unknown-zone': 'The preset “{preset}” that monitor “{monitor}” shows now has no zone “{zone}”',
  'error.wall.push-one-thing': 'Push exactly one of a camera, a layout or an incident (given: {given})',
  'error.wall.device-monitor-only': 'This wall device shows monitor “{monitor}” only',
  'error.wall.device-name-invalid':
    'A device name is 2 to 26 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
  'error.wall.unknown-device': 'There is no wall device “{name}”',
  'error.camera.offline': 'Camera offline: it answers but sends no video; check the camera’s video service',
  'error.camera.auth-failed': 'The camera refused the username or password: check the configured password',
  'error.camera.unreachable': 'The camera cannot be reached: check its network line and power',
  'error.camera.closed-connection': 'The camera closed the connection (it may be restarting); retrying',

  'error.stream.unknown-quality': 'No “{quality}” stream: choose main or sub',
  'error.stream.stopped': 'The stream was stopped; reconnecting',
  'error.stream.not-started': 'The stream has not started; open the tile again',
  'error.stream.segment-gone': 'The video piece {name} has expired; catching up with live',
  'error.stream.not-live': 'No video from the camera within {seconds} s; retrying',
  'error.stream.stalled': 'The camera has sent no video for {seconds} s; reconnecting',
  'error.stream.ended': 'The video stopped after {seconds} s: the camera may be offline or restarting; retrying',
  'error.stream.transcode-limit':
    'The camera sends {codec}, which must be transcoded, and the transcode limit is reached',
  'error.stream.unavailable': 'No video from this camera for now; retrying',
  'error.recording.disk-full': 'Recording stopped: the recording store is full (quota {quota})',
  'error.recording.write-failed': 'Recording stopped: the recording could not be written ({problem})',
  'error.playback.nothing-recorded': 'Nothing of camera {camera} is recorded in that time',
  'error.playback.unknown-file': 'That recording ({name}) is no longer stored',
  'error.export.too-long': 'An export is at most {maxMinutes} minutes long: shorten the range ({field})',
  'error.export.too-large':
    'That range holds {megabytes} MB of video; an export is at most {maxMegabytes} MB: shorten it',

  'error.incident.unknown': 'No incident {id} (it does not exist, or is not your department’s)',
  'error.incident.file-unknown': 'The incident has no file “{name}”',
  'error.incident.stale-version': 'Incident {incident} changed since you opened it; reload and try again',
  'error.incident.changed-concurrently':
    'Incident {incident} was changed by someone else just now; reload and try again',
  'error.incident.wrong-stage': 'The incident is “{stage}”: “{action}” is not possible now',
  'error.incident.forbidden-role': 'Your role ({role}) cannot “{action}”',
  'error.incident.lead-department-only': 'Only the lead department can “{action}”',
  'error.incident.not-lead-department': 'Your department does not lead this incident, so it cannot “{action}”',
  'error.incident.missing-field': '“{action}” needs: {field}',
  'error.incident.merge-target-invalid': 'Cannot merge into incident {into}; choose another one',
  'error.incident.lead-and-assist': 'Department “{department}” cannot lead and assist at once',
  'error.incident.wall-read-only': 'The video wall account can only view; it cannot add notes',
  'error.incident.photo-missing': 'Upload the photo as a JPEG or PNG file',
  'error.incident.photo-not-image': 'The file is not a valid {type} image',
  'error.category.unknown': 'Unknown event category “{category}”',
  'error.department.unknown': 'Unknown department “{department}”',

  'error.layout.unknown': 'No layout {id} (it may have been deleted)',
  'error.layout.name-taken': 'You already have a layout named “{name}”',
  'error.layout.too-many-cameras': 'The layout has {tiles} tiles, but {cameras} cameras were chosen',
  'error.tour.unknown': 'No tour {id} (it may have been deleted)',
  'error.tour.unknown-items': 'The tour names unknown cameras or groups: {items}',
  'error.tour.duplicate-time': 'Each scheduled time may appear only once',
  'error.tour-run.unknown': 'No tour run {id}',
  'error.tour-run.not-yours': 'Only the operator who started the run can finish it',
  'error.tour-run.finished': 'Tour run {id} is already finished',
  'error.patrol-log.range-reversed': 'The start must be before the end',

  'error.case-feed.off': 'The case feed is off',
  'error.case-feed.outbox-item-unknown': 'No parked feed item {id}',
  'error.open311-client.invalid': 'Invalid client name ({problem})',
  'error.open311-client.unknown': 'No active client “{name}”',

  'errorField.reason': 'a reason',
  'errorField.note': 'a result note',
  'errorField.lead': 'a lead department',
  'errorField.into': 'the incident to merge into',
  'errorField.closeReason': 'a close reason',
  'errorProblem.required': 'is required',
  'errorProblem.unexpected': 'is not expected here',
  'errorProblem.type': 'has the wrong type',
  'errorProblem.number': 'must be a number',
  'errorProblem.tooShort': 'is too short',
  'errorProblem.tooLong': 'is too long',
  'errorProblem.range': 'is out of range',
  'errorProblem.choice': 'is not one of the choices',
  'errorProblem.format': 'has the wrong format',
  'errorParam.and': ' and ',
  'errorParam.or': ' or ',
}
