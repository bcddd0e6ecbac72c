/**
 * `npm run user -- <command>`: manages accounts in the store under DATA_DIR (works while the server runs).
 *   add <username> --role <role> [--department <id>]   password from stdin
 *   passwd <username>                                  password from stdin
 *   disable <username> | enable <username> | list
 */
import { Accounts } from '../server/auth/accounts.ts'
import { AuthEvents } from '../server/auth/auth-events.ts'
import { SessionsRepository } from '../server/auth/sessions-repository.ts'
import { UsersRepository } from '../server/auth/users-repository.ts'
import { readSettings } from '../server/config/server-settings.ts'
import { openDatabase } from '../server/db/open-database.ts'
import { EXIT_USAGE, exitWith, loadConfigOrExit, parseCommandLine, runCommand } from './cli-support.ts'
import { readPassword } from './read-password.ts'

const USAGE = `usage: npm run user -- add <username> --role <admin|supervisor|operator|department|wall> [--department <id>]
       npm run user -- passwd <username>
       npm run user -- disable <username>
       npm run user -- enable <username>
       npm run user -- list
The password is read from standard input (asked twice on a terminal).`

const {
  command,
  argument: username,
  values,
} = parseCommandLine({ role: { type: 'string' }, department: { type: 'string' } }, USAGE)
const settings = readSettings()
const departments = loadConfigOrExit(settings.cameraConfigDir).departments.map((d) => d.id)
const db = openDatabase(settings.dataDir)
const sessions = new SessionsRepository(db)
const users = new UsersRepository(db)
const accounts = new Accounts(users, sessions, new AuthEvents(db), new Set(departments), settings.passwordHashN)

const needName = (): string => username ?? exitWith(`${command}: which user?\n${USAGE}`, EXIT_USAGE)

await runCommand(
  command,
  async () => {
    switch (command) {
      case 'add': {
        const name = needName()
        if (!values.role) exitWith(`add: --role is required\n${USAGE}`, EXIT_USAGE)
        const user = await accounts.add({
          username: name,
          role: values.role,
          department: values.department,
          password: await readPassword(),
        })
        console.log(`added ${user.username} (${user.role}${user.department ? `, ${user.department}` : ''})`)
        break
      }
      case 'passwd':
        await accounts.changePassword(needName(), await readPassword())
        console.log(`password changed for ${username}; their sessions have ended`)
        break
      case 'disable':
        accounts.disable(needName())
        console.log(`disabled ${username}; their sessions have ended`)
        break
      case 'enable':
        accounts.enable(needName())
        console.log(`enabled ${username}`)
        break
      case 'list':
        for (const u of accounts.list()) {
          console.log(
            [
              u.username.padEnd(20),
              u.role.padEnd(11),
              (u.department ?? '-').padEnd(18),
              u.disabledAt ? `disabled ${u.disabledAt}` : 'active',
            ].join(' '),
          )
        }
        break
      default:
        exitWith(`unknown command "${command}"\n${USAGE}`, EXIT_USAGE)
    }
  },
  () => db.close(),
)
