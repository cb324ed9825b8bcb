/** State values as the panel shows them: indented JSON, cut when very large (the panel stays responsive). */
export const MAX_VALUE_TEXT = 200_000;

export function jsonText(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value, null, 2) ?? String(value);
  } catch (error) {
    text = `(not showable: ${(error as Error).message})`;
  }
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}\n… (${text.length - MAX_VALUE_TEXT} more characters not shown)` : text;
}
