import { mount } from 'svelte'
import App from './App.svelte'
import './app.css'

// The app's script has been fetched, parsed and run up to here (read by `npm run bench:wall`).
performance.mark('app:start')

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element')

export default mount(App, { target })
