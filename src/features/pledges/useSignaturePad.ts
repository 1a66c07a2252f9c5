import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import { SIGNATURE_MAX_POINTS, SIGNATURE_MAX_STROKES, type SignaturePoint } from '@/domain/memberRecords'

export interface SignaturePadOptions {
  canvas: Ref<HTMLCanvasElement | null>
  /** Milliseconds, for the time of each point (tests inject one). */
  now?: () => number
  lineWidth?: number
}

const round = (v: number) => Math.round(Math.min(Math.max(v, 0), 1) * 10000) / 10000

/**
 * A finger signature on a canvas, kept as vectors: strokes of points normalised to 0..1 of the
 * pad, with milliseconds since the first touch. Pointer events cover touch, pen and mouse.
 */
export function useSignaturePad(options: SignaturePadOptions) {
  const now = options.now ?? (() => performance.now())
  const strokes = shallowRef<SignaturePoint[][]>([])
  let current: SignaturePoint[] | null = null
  let started: number | null = null
  let points = 0

  function context(): CanvasRenderingContext2D | null {
    const canvas = options.canvas.value
    const ctx = canvas?.getContext('2d') ?? null
    if (!canvas || !ctx) return null
    ctx.lineWidth = (options.lineWidth ?? 2.5) * (canvas.width / Math.max(canvas.clientWidth || canvas.width, 1))
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.strokeStyle = '#111'
    return ctx
  }

  function pointOf(event: PointerEvent): SignaturePoint | null {
    const canvas = options.canvas.value
    if (!canvas) return null
    const box = canvas.getBoundingClientRect()
    if (!box.width || !box.height) return null
    started ??= now()
    return { x: round((event.clientX - box.left) / box.width), y: round((event.clientY - box.top) / box.height), t: Math.round(now() - started) }
  }

  function drawSegment(a: SignaturePoint, b: SignaturePoint) {
    const ctx = context()
    const canvas = options.canvas.value
    if (!ctx || !canvas) return
    ctx.beginPath()
    ctx.moveTo(a.x * canvas.width, a.y * canvas.height)
    ctx.lineTo(b.x * canvas.width, b.y * canvas.height)
    ctx.stroke()
  }

  function down(event: PointerEvent) {
    if (strokes.value.length >= SIGNATURE_MAX_STROKES || points >= SIGNATURE_MAX_POINTS) return
    const p = pointOf(event)
    if (!p) return
    event.preventDefault()
    options.canvas.value?.setPointerCapture?.(event.pointerId)
    current = [p]
    points++
    drawSegment(p, p)
  }

  function move(event: PointerEvent) {
    if (!current || points >= SIGNATURE_MAX_POINTS) return
    const p = pointOf(event)
    const last = current[current.length - 1]!
    if (!p || (p.x === last.x && p.y === last.y)) return
    event.preventDefault()
    current.push(p)
    points++
    drawSegment(last, p)
  }

  function up() {
    if (!current) return
    strokes.value = [...strokes.value, current]
    current = null
  }

  function clear() {
    strokes.value = []
    current = null
    started = null
    points = 0
    const canvas = options.canvas.value
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height)
  }

  /** Sizes the canvas to its box at the device's pixel ratio (sharp lines), keeping what is drawn. */
  function fit() {
    const canvas = options.canvas.value
    if (!canvas) return
    const ratio = window.devicePixelRatio || 1
    canvas.width = Math.round((canvas.clientWidth || 300) * ratio)
    canvas.height = Math.round((canvas.clientHeight || 150) * ratio)
    for (const stroke of strokes.value) stroke.forEach((p, i) => drawSegment(stroke[Math.max(i - 1, 0)]!, p))
  }

  let bound: HTMLCanvasElement | null = null
  const unbind = () => {
    bound?.removeEventListener('pointerdown', down)
    bound?.removeEventListener('pointermove', move)
    bound?.removeEventListener('pointerup', up)
    bound?.removeEventListener('pointercancel', up)
    bound?.removeEventListener('pointerleave', up)
    bound = null
  }
  watch(options.canvas, (canvas) => {
    unbind()
    if (!canvas) return
    bound = canvas
    canvas.addEventListener('pointerdown', down)
    canvas.addEventListener('pointermove', move)
    canvas.addEventListener('pointerup', up)
    canvas.addEventListener('pointercancel', up)
    canvas.addEventListener('pointerleave', up)
    fit()
  }, { immediate: true })
  onScopeDispose(unbind)

  return { strokes, clear, fit }
}
