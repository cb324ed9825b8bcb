/**
 * A value as JSON for one line a person reads: a question's payload may be megabytes, and printed whole
 * it buries the line that says how to answer it (`--json` and the run panel carry it whole). Never cuts
 * a surrogate pair in half, so an emoji at the edge does not become a replacement character.
 */
export function clippedJson(value: unknown, max = 200): string {
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length.toLocaleString("en-US")} characters)`;
}
