/** Depth of a parsed JSON value, measured without recursion so hostile input cannot overflow the stack. */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(node as object)) stack.push([child, depth + 1]);
  }
  return false;
}
