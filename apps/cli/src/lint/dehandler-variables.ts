/** `$NAME` and `${NAME}` references as dehandler reads them (`$$` is a literal `$`). */
export function dehandlerVariables(text: string): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  const pattern = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1] ?? match[2];
    if (name !== undefined) found.push({ name, offset: match.index });
  }
  return found;
}
