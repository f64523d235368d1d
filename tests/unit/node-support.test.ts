import { expect, it } from 'vitest'
import { nodeSupportProblem } from '../../electron/core/system/node-support'

it('accepts the lines the build tools support and the tested ones', () => {
  for (const v of ['v20.19.0', 'v20.20.2', 'v22.12.0', 'v22.23.5', 'v24.22.3', 'v26.0.0']) expect(nodeSupportProblem(v), v).toBeNull()
})

it('refuses older or unsupported lines with a message naming the version and what to do', () => {
  for (const v of ['v18.20.4', 'v20.18.1', 'v21.7.3', 'v22.11.0']) {
    const problem = nodeSupportProblem(v)
    expect(problem, v).toContain(`this is Node.js ${v.slice(1)}`)
    expect(problem).toContain('^20.19.0 || >=22.12.0')
    expect(problem).toContain('npm ci')
  }
  expect(nodeSupportProblem('garbage')).toMatch(/Cannot read/)
})
