// A signature pad: a <canvas> drawn with pointer events (mouse, finger, stylus), smooth lines of
// one width. Only the shape leaves it: a PNG of the strokes, cropped to the ink, transparent
// around it. No timing, speed or pressure is read or kept.

import { useEffect, useRef } from "preact/hooks";

/** The pad's size in CSS pixels; the drawing keeps these coordinates whatever the scale. */
const WIDTH = 600;
const HEIGHT = 200;
const LINE = 2.6;
const INK = "#0b1f4d";
/** Below this extent (CSS px) in both directions, the "signature" is a dot. */
const DOT = 12;
/** Room left around the ink in the exported image. */
const MARGIN = 8;

type Point = readonly [number, number];

export interface PadHandle {
  clear(): void;
  /** Null when the pad holds a signature; otherwise the French sentence saying why not. */
  problem(): string | null;
  /** The strokes as a PNG, base64 without the "data:" prefix. */
  pngBase64(): string;
}

interface Props {
  id: string;
  /** Filled with the pad's handle once it is mounted. */
  handle: { current: PadHandle | null };
  disabled?: boolean;
  /** Called with true when a stroke starts, with false when the pad is cleared. */
  onInk?: (hasInk: boolean) => void;
  label: string;
  describedBy?: string;
  invalid?: boolean;
}

/** Draws strokes as quadratic curves through the midpoints of their points (smooth, no corners). */
function paint(ctx: CanvasRenderingContext2D, strokes: Point[][], dx = 0, dy = 0) {
  ctx.lineWidth = LINE;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  for (const s of strokes) {
    const first = s[0];
    if (!first) continue;
    if (s.length === 1) {
      ctx.beginPath();
      ctx.arc(first[0] - dx, first[1] - dy, LINE / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(first[0] - dx, first[1] - dy);
    for (let i = 1; i < s.length - 1; i++) {
      const [x, y] = s[i]!;
      const [nx, ny] = s[i + 1]!;
      ctx.quadraticCurveTo(x - dx, y - dy, (x + nx) / 2 - dx, (y + ny) / 2 - dy);
    }
    const last = s[s.length - 1]!;
    ctx.lineTo(last[0] - dx, last[1] - dy);
    ctx.stroke();
  }
}

function bounds(strokes: Point[][]): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of strokes) {
    for (const [x, y] of s) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y);
      x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return x0 === Infinity ? null : { x0, y0, x1, y1 };
}

export function SignaturePad({ id, handle, disabled, onInk, label, describedBy, invalid }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef<number | null>(null);
  const disabledRef = useRef(disabled);
  disabledRef.current = disabled;
  const onInkRef = useRef(onInk);
  onInkRef.current = onInk;

  /** Sizes the bitmap to the screen's pixel density and repaints. */
  function redraw() {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(WIDTH * dpr);
    const h = Math.round(HEIGHT * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    paint(ctx, strokes.current);
  }

  /** The event's position in pad coordinates (the canvas may be drawn narrower than 600 px). */
  function at(e: PointerEvent): Point {
    const r = canvas.current!.getBoundingClientRect();
    const x = ((e.clientX - r.left) * WIDTH) / (r.width || WIDTH);
    const y = ((e.clientY - r.top) * HEIGHT) / (r.height || HEIGHT);
    return [Math.max(0, Math.min(WIDTH, x)), Math.max(0, Math.min(HEIGHT, y))];
  }

  useEffect(() => {
    redraw();
    // A window moved to a screen of another density gets a sharp pad again.
    const media = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onChange = () => redraw();
    media.addEventListener?.("change", onChange);
    handle.current = {
      clear() {
        const had = strokes.current.length > 0;
        strokes.current = [];
        drawing.current = null;
        redraw();
        if (had) onInkRef.current?.(false);
      },
      problem() {
        const b = bounds(strokes.current);
        if (!b) return "Le cadre de signature est vide : signez avec la souris, le doigt ou le stylet.";
        if (b.x1 - b.x0 < DOT && b.y1 - b.y0 < DOT) {
          return "Ce n'est qu'un point : signez dans le cadre, comme sur papier.";
        }
        return null;
      },
      pngBase64() {
        const b = bounds(strokes.current) ?? { x0: 0, y0: 0, x1: WIDTH, y1: HEIGHT };
        const scale = Math.max(2, window.devicePixelRatio || 1);
        const x0 = Math.max(0, b.x0 - MARGIN);
        const y0 = Math.max(0, b.y0 - MARGIN);
        const w = Math.min(WIDTH, b.x1 + MARGIN) - x0;
        const h = Math.min(HEIGHT, b.y1 + MARGIN) - y0;
        const out = document.createElement("canvas");
        out.width = Math.max(40, Math.ceil(w * scale));
        out.height = Math.max(20, Math.ceil(h * scale));
        const ctx = out.getContext("2d")!;
        ctx.setTransform(scale, 0, 0, scale, 0, 0);
        paint(ctx, strokes.current, x0, y0);
        return out.toDataURL("image/png").replace(/^data:image\/png;base64,/, "");
      },
    };
    return () => {
      media.removeEventListener?.("change", onChange);
      handle.current = null;
    };
  }, []);

  function down(e: PointerEvent) {
    if (disabledRef.current || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    canvas.current?.setPointerCapture?.(e.pointerId);
    drawing.current = e.pointerId;
    strokes.current.push([at(e)]);
    redraw();
    onInkRef.current?.(true);
  }

  function move(e: PointerEvent) {
    if (drawing.current !== e.pointerId) return;
    e.preventDefault();
    const stroke = strokes.current[strokes.current.length - 1];
    if (!stroke) return;
    // Coalesced events give every point the device reported, for smoother curves.
    const events = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const p = at(ev);
      const last = stroke[stroke.length - 1]!;
      if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) >= 0.8) stroke.push(p);
    }
    redraw();
  }

  function up(e: PointerEvent) {
    if (drawing.current !== e.pointerId) return;
    drawing.current = null;
    canvas.current?.releasePointerCapture?.(e.pointerId);
  }

  return (
    <canvas
      ref={canvas}
      id={id}
      class={`signature-pad${disabled ? " is-disabled" : ""}${invalid ? " is-invalid" : ""}`}
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      aria-invalid={invalid ? "true" : undefined}
      aria-disabled={disabled ? "true" : undefined}
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onLostPointerCapture={up}
    />
  );
}
