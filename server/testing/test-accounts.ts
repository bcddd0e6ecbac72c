/**
 * Accounts for tests whose subject is not the user CLI, added to a running server's store in this process
 * through the same `Accounts` rules the CLI uses (`npm run user -- add`, which `addUserWithCli` runs as a
 * child). It saves a Node start per account; the store allows it while the server runs (WAL, busy timeout).
 */
import { Accounts, type NewAccount } from '../auth/accounts.ts'
import { AuthEvents } from '../auth/auth-events.ts'
import { SessionsRepository } from '../auth/sessions-repository.ts'
import { UsersRepository } from '../auth/users-repository.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { openDatabase } from '../db/open-database.ts'
import { TEST_PASSWORD_HASH_N } from './test-app.ts'

export interface AccountStore {
  dataDir: string
  /** The camera configuration the server runs: a department account must name one of its departments. */
  configDir: string
}

export async function addAccounts(store: AccountStore, accounts: readonly NewAccount[]): Promise<void> {
  const departments = new Set(loadCameraConfig(store.configDir).departments.map((department) => department.id))
  const db = openDatabase(store.dataDir)
  try {
    const rules = new Accounts(
      new UsersRepository(db),
      new SessionsRepository(db),
      new AuthEvents(db),
      departments,
      TEST_PASSWORD_HASH_N,
    )
    for (const account of accounts) await rules.add(account)
  } finally {
    db.close()
  }
}
