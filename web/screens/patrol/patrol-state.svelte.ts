/** The patrol screen: the coverage window, its report, the log filter and its entries. */
import type { CoverageReport, PatrolLogEntry, PatrolLogQuery } from '../../../server/contracts/patrol.ts'
import { api } from '../../lib/api-client.ts'
import { hoursBefore } from '../../lib/format.ts'
import { handleError } from '../../lib/handle-error.ts'
import { site } from '../../lib/site-context.svelte.ts'

export const WINDOWS = [2, 8, 24] as const

export class PatrolState {
  hours = $state<number>(8)
  report = $state<CoverageReport | null>(null)
  loadingReport = $state(false)
  entries = $state<PatrolLogEntry[]>([])
  truncated = $state(false)
  loadingLog = $state(false)
  filter = $state<PatrolLogQuery>({ from: hoursBefore(new Date(), 8) })
  #generation = 0

  /** The report and the log; names come from the site context, loaded alongside. */
  async load(): Promise<void> {
    await Promise.all([site.load(), this.loadReport(), this.loadLog()])
  }

  async setHours(hours: number): Promise<void> {
    this.hours = hours
    await this.loadReport()
  }

  async loadReport(): Promise<void> {
    const generation = this.#generation
    this.loadingReport = true
    try {
      const report = await api.coverage(this.hours)
      if (generation === this.#generation) this.report = report
    } catch (error) {
      if (generation === this.#generation) handleError(error, 'errors.loadCoverage')
    } finally {
      if (generation === this.#generation) this.loadingReport = false
    }
  }

  async loadLog(): Promise<void> {
    const generation = this.#generation
    this.loadingLog = true
    try {
      const result = await api.patrolLog(this.filter)
      if (generation !== this.#generation) return
      this.entries = result.entries
      this.truncated = result.truncated ?? false
    } catch (error) {
      if (generation === this.#generation) handleError(error, 'errors.loadLog')
    } finally {
      if (generation === this.#generation) this.loadingLog = false
    }
  }

  reset(): void {
    this.#generation += 1
    this.hours = 8
    this.report = null
    this.entries = []
    this.truncated = false
    this.loadingReport = false
    this.loadingLog = false
    this.filter = { from: hoursBefore(new Date(), 8) }
  }
}

export const patrolState = new PatrolState()
