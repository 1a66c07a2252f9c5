import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { currentPersonalTemplate, pledgeProblemCode, pledgeSignProblem, drawableStrokes, normalisePledgeText, pledgeTextHash, signatureOf } from '@/domain/pledge'

const body = '本人郑重承诺：\n一、严守政治纪律。\n二、廉洁从政。'
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const template = { id: 't-2026', year: 2026, kind: 'personal', body, body_sha256: sha(body) }

describe('pledge text hash', () => {
  it('should be the sha256 of the exact UTF-8 text, as the database computes it', async () => {
    expect(await pledgeTextHash(body)).toBe(sha(body))
  })

  it('should treat Windows and old Mac line endings as the same text, and nothing else', async () => {
    expect(normalisePledgeText('a\r\nb\rc')).toBe('a\nb\nc')
    expect(await pledgeTextHash(body.replace(/\n/g, '\r\n'))).toBe(sha(body))
    expect(await pledgeTextHash(`${body} `)).not.toBe(sha(body))
  })
})

describe('one signature per member per template', () => {
  const mine = { template_id: 't-2026', member_id: 'm-1' }

  it('should find this year\'s personal template only', () => {
    const old = { ...template, id: 't-2025', year: 2025 }
    const department = { ...template, id: 'd-2026', kind: 'department' }
    expect(currentPersonalTemplate([old, department, template], 2026)?.id).toBe('t-2026')
    expect(currentPersonalTemplate([old], 2026)).toBeNull()
  })

  it('should let a member sign once and refuse the second signature', async () => {
    expect(await pledgeSignProblem(template, [], 'm-1')).toBeNull()
    expect(await pledgeSignProblem(template, [mine], 'm-1')).toBe('already')
    expect(await pledgeSignProblem(template, [mine], 'm-2')).toBeNull()
  })

  it('should not count a deleted signature', () => {
    expect(signatureOf([{ ...mine, _deleted: true }], 't-2026', 'm-1')).toBeNull()
  })

  it('should refuse to sign when there is no template or its text does not match its hash', async () => {
    expect(await pledgeSignProblem(null, [], 'm-1')).toBe('noTemplate')
    expect(await pledgeSignProblem({ ...template, body: `${body}（改）` }, [], 'm-1')).toBe('changed')
    expect(pledgeProblemCode('changed')).toEqual({ code: 'pledge.changed', params: {} })
  })

})

describe('drawing a stored signature', () => {
  it('should draw this app\'s normalised points as they are', () => {
    const strokes = [[{ x: 0.1, y: 0.5, t: 0 }, { x: 0.4, y: 0.6, t: 20 }]]
    expect(drawableStrokes(strokes)).toEqual([[{ x: 0.1, y: 0.5 }, { x: 0.4, y: 0.6 }]])
  })

  it('should scale pixel triples made elsewhere into the pad, keeping the shape', () => {
    const drawn = drawableStrokes([[[12, 40, 0], [30, 22, 16], [58, 45, 33]]])!
    const all = drawn.flat()
    expect(all.every((p) => p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1)).toBe(true)
    expect(all[0]!.x).toBeCloseTo(0.05)
    expect(all[1]!.y).toBeCloseTo(0.05)
  })

  it('should give up on something that is not strokes, rather than draw nonsense', () => {
    expect(drawableStrokes('x')).toBeNull()
    expect(drawableStrokes([[{ a: 1 }]])).toBeNull()
    expect(drawableStrokes([])).toBeNull()
  })
})
