/** Length in Unicode code points, as PHP's `mb_strlen` counts (JavaScript's `.length` counts UTF-16 units). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
