/**
 * WGSL statements that set `partial[0]` to the sum of `expr` over the
 * `rows` rows of channel `ch` (`expr` reads `i`, the element's flat index):
 * `w` threads (`lid`) each sum a strided share into `total`, then a tree in
 * workgroup memory adds the shares, in the order of `PACKED_MOMENTS` and
 * `PACKED_SUMS`. The shader declares `var total`, `partial` (`w` floats),
 * `lid` and `ch`.
 */
export function channelSumWgsl(rows: number, channels: number, w: number, expr: string): string {
  return `
      total = 0.0;
      for (var r = i32(lid); r < ${rows}; r = r + ${w}) {
        let i = r * ${channels} + ch;
        total = total + ${expr};
      }
      partial[lid] = total;
      workgroupBarrier();
      for (var half = ${w / 2}u; half > 0u; half = half / 2u) {
        if (lid < half) {
          partial[lid] = partial[lid] + partial[lid + half];
        }
        workgroupBarrier();
      }`;
}
