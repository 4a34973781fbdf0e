/** `20261123-154210`: the time part of a default run directory name (`runs/<command>-<space>-<time>`). */
export function runTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
