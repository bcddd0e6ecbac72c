/**
 * `npm run apikey -- <command>`: api keys of inbound Open311 clients (the grid app, the service window),
 * in the store under DATA_DIR.
 *   add <client-name>      prints a new key (shown once; only its hash is kept)
 *   list                   clients and whether they are active
 *   revoke <client-name>
 */
import { Open311Clients } from '../server/cases/open311/open311-clients.ts'
import { readSettings } from '../server/config/server-settings.ts'
import { openDatabase } from '../server/db/open-database.ts'
import { EXIT_USAGE, exitWith } from './cli-support.ts'

const USAGE = 'usage: npm run apikey -- add <client-name> | list | revoke <client-name>'
const [command, name] = process.argv.slice(2)

const db = openDatabase(readSettings().dataDir)
const clients = new Open311Clients(db)
try {
  switch (command) {
    case 'add':
      if (!name) exitWith(`add: which client?\n${USAGE}`, EXIT_USAGE)
      try {
        console.log(clients.add(name!))
      } catch (error) {
        exitWith(`add: ${(error as Error).message}`, 1)
      }
      process.stderr.write(`api key for ${name}: give it to the client now; it is not shown again\n`)
      break
    case 'list':
      for (const c of clients.list())
        console.log(`${c.name.padEnd(24)} ${c.revokedAt ? `revoked ${c.revokedAt}` : `active since ${c.createdAt}`}`)
      break
    case 'revoke':
      if (!name) exitWith(`revoke: which client?\n${USAGE}`, EXIT_USAGE)
      if (!clients.revoke(name!)) exitWith(`revoke: no active client "${name}"`, 1)
      console.log(`revoked ${name}`)
      break
    default:
      exitWith(USAGE, command ? EXIT_USAGE : 0)
  }
} finally {
  db.close()
}
