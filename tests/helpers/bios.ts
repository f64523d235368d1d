/**
 * The scenario data, made deterministically: a plain-text corpus of short biographies,
 * a JSONL generation task asking where each person lives, and a CSV classification task
 * (is the person a doctor?) with a split column. People, cities and jobs come from fixed lists.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const FIRST = ['Ada', 'Ben', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jana', 'Kai', 'Lena', 'Milo', 'Nora', 'Otto', 'Pia', 'Quin', 'Rosa', 'Sven', 'Tara']
const LAST = ['Berg', 'Cruz', 'Dahl', 'Egan', 'Falk', 'Gray']
const CITIES = ['Paris', 'Rome', 'Oslo', 'Lima', 'Cairo', 'Quito']
const JOBS = ['doctor', 'baker', 'pilot', 'teacher']

export interface Person {
  name: string
  city: string
  job: string
}

export function people(count = 60): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
    city: CITIES[(i * 7 + 3) % CITIES.length]!,
    job: JOBS[(i * 5 + 1) % JOBS.length]!,
  }))
}

export interface BiosFiles {
  corpus: string
  where: string
  doctor: string
}

export function writeBios(dir: string, count = 60): BiosFiles {
  const ps = people(count)
  const phrasings = [
    (p: Person) => `${p.name} lives in ${p.city}. ${p.name} works as a ${p.job}.`,
    (p: Person) => `${p.name} is a ${p.job} who lives in ${p.city}.`,
    (p: Person) => `Born long ago, ${p.name} now lives in ${p.city} and is a ${p.job}.`,
  ]
  const corpus = phrasings.flatMap((f) => ps.map(f)).join('\n') + '\n'
  const where = ps.map((p) => JSON.stringify({ prompt: `Q: Where does ${p.name} live?\nA:`, completion: ` ${p.city}` })).join('\n') + '\n'
  const csv = ['text,label,split', ...ps.map((p, i) => `"${p.name} works as a ${p.job}. Is ${p.name} a doctor?",${p.job === 'doctor' ? 'yes' : 'no'},${i % 5 === 0 ? 'validation' : 'train'}`)].join('\n') + '\n'
  const files = { corpus: join(dir, 'bios.txt'), where: join(dir, 'where.jsonl'), doctor: join(dir, 'doctor.csv') }
  writeFileSync(files.corpus, corpus)
  writeFileSync(files.where, where)
  writeFileSync(files.doctor, csv)
  return files
}
