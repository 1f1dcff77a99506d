// Shell-style variable names, [A-Za-z_][A-Za-z0-9_]*, tested one UTF-16 unit at a time so that
// scans stay linear.
export function isNameStart(unit: string | undefined): boolean {
  return unit === "_" || (unit !== undefined && ((unit >= "A" && unit <= "Z") || (unit >= "a" && unit <= "z")));
}

export function isNameCharacter(unit: string | undefined): boolean {
  return isNameStart(unit) || (unit !== undefined && unit >= "0" && unit <= "9");
}

export function isVariableName(text: string): boolean {
  if (!isNameStart(text[0])) return false;
  for (let index = 1; index < text.length; index++) {
    if (!isNameCharacter(text[index])) return false;
  }
  return true;
}
