/**
 * The dry run's wall-time estimate (issue 15): list scheduling over hand-made dependency graphs
 * on N slots. Every expected number is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest'
import { listSchedule, type TimedJob } from '../../shared/schedule-wall-time'

const job = (key: string, seconds: number, ...dependsOn: string[]): TimedJob => ({ key, seconds, dependsOn })

describe('listSchedule', () => {
  // a(10) → b(20) → c(5): a chain never runs two at once.
  const chain = [job('a', 10), job('b', 20, 'a'), job('c', 5, 'b')]

  it('runs a chain end to end whatever the slots: 10 + 20 + 5 = 35 s', () => {
    for (const slots of [1, 4, 100]) {
      const w = listSchedule(chain, slots)
      expect(w.seconds).toBe(35)
      expect([...w.starts]).toEqual([['a', 0], ['b', 10], ['c', 30]])
    }
    expect(listSchedule(chain, 1)).toMatchObject({ busySeconds: 35, criticalPathSeconds: 35 })
  })

  // p(10), then four fine-tunes of 6 s each from it.
  const fan = [job('p', 10), job('f1', 6, 'p'), job('f2', 6, 'p'), job('f3', 6, 'p'), job('f4', 6, 'p')]

  it('spreads a fan-out over the slots: N=1 34 s, N=2 22 s, N=3 22 s, N=4 and more 16 s', () => {
    expect(listSchedule(fan, 1).seconds).toBe(34) // 10 + 4 × 6
    expect(listSchedule(fan, 2).seconds).toBe(22) // 10 + 2 rounds of 6
    expect(listSchedule(fan, 3).seconds).toBe(22) // 10 + 6 (three at once) + 6 (the fourth)
    expect(listSchedule(fan, 4).seconds).toBe(16) // 10 + 6
    expect(listSchedule(fan, 50).seconds).toBe(16)
    expect(listSchedule(fan, 2)).toMatchObject({ busySeconds: 34, criticalPathSeconds: 16 })
    expect(listSchedule(fan, 2).starts.get('f3')).toBe(16)
  })

  it('starts ready jobs in list order when slots are short', () => {
    // N=2. t=0: x(10) and y(1) start (z waits for a slot). t=1: y ends; z and w are ready and
    // z is listed first, so z runs 1–2 and w, which needs y, starts at 2 and ends at 12.
    const jobs = [job('x', 10), job('y', 1), job('z', 1), job('w', 10, 'y')]
    const w = listSchedule(jobs, 2)
    expect(Object.fromEntries(w.starts)).toEqual({ x: 0, y: 0, z: 1, w: 2 })
    expect(w.seconds).toBe(12)
    // With w listed before z it starts at 1 and the whole ends at 11 (x's 10 s run beside it).
    expect(listSchedule([job('x', 10), job('y', 1), job('w', 10, 'y'), job('z', 1)], 2).seconds).toBe(11)
  })

  it('lets a zero-second job (an evaluation with no training) pass its dependants on at once', () => {
    // a(5) → e(0) → b(5) on one slot: 10 s.
    expect(listSchedule([job('a', 5), job('e', 0, 'a'), job('b', 5, 'e')], 1).seconds).toBe(10)
  })

  it('fixes each job\'s duration when it starts, from how many share the machine then', () => {
    // slowdown(sharing) = sharing: p alone 10 s; at t=10 f1..f3 are ready with 2 slots, so f1
    // and f2 each start sharing 2 ways (6 × 2 = 12 s, to t=22); f3 starts at 22 alone (6 s): 28 s.
    const jobs = [job('p', 10), job('f1', 6, 'p'), job('f2', 6, 'p'), job('f3', 6, 'p')]
    const w = listSchedule(jobs, 2, (sharing) => sharing)
    expect(Object.fromEntries(w.starts)).toEqual({ p: 0, f1: 10, f2: 10, f3: 22 })
    expect(w.seconds).toBe(28)
    expect(w.busySeconds).toBe(28) // each job alone: 10 + 3 × 6
  })

  it('names the job behind a bad graph', () => {
    expect(() => listSchedule([job('a', 1, 'ghost')], 1)).toThrow('jobs[0] ("a") depends on "ghost", which is not a job')
    expect(() => listSchedule([job('a', 1, 'b'), job('b', 1, 'a')], 2)).toThrow('the dependencies of "a", "b" form a cycle')
    expect(() => listSchedule([job('a', 1), job('a', 2)], 1)).toThrow('jobs[1]: the key "a" is used twice')
    expect(() => listSchedule([job('a', -1)], 1)).toThrow('jobs[0] ("a"): seconds must be a finite number ≥ 0')
    expect(() => listSchedule(chain, 0)).toThrow('slots must be a whole number of at least 1, not 0')
  })

  it('takes no time for no jobs', () => {
    expect(listSchedule([], 3)).toMatchObject({ seconds: 0, busySeconds: 0, criticalPathSeconds: 0 })
  })
})
