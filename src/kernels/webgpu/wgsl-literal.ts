/** A number as a WGSL literal of the same float32 (9 significant digits round-trip), for constants built into a shader. */
export function f32Literal(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  return s.includes('e') || s.includes('.') ? s : `${s}.0`;
}
