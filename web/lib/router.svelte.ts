/** A tiny history-API router: the current path and query as state, and navigate(). */
class Router {
  pathname = $state(location.pathname)
  search = $state(location.search)

  constructor() {
    window.addEventListener('popstate', () => this.#sync())
  }

  /** `to` is a same-origin path with an optional query. */
  navigate(to: string, options: { replace?: boolean } = {}): void {
    if (to === location.pathname + location.search) return
    if (options.replace) history.replaceState(null, '', to)
    else history.pushState(null, '', to)
    this.#sync()
  }

  #sync(): void {
    this.pathname = location.pathname
    this.search = location.search
  }
}

export const router = new Router()
