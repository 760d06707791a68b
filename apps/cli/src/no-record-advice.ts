/** What to do about an input of which no line could be read, from its invalid lines. */
export function noRecordAdvice(
  deadLetters: { readonly firstLayoutMessage: string | undefined; readonly onlyOutput: boolean },
  format: string | undefined,
): string {
  const first = deadLetters.firstLayoutMessage;
  if (deadLetters.onlyOutput) return ': nothing to convert.';
  if (first === undefined) return '.';
  // Single quotes: in double quotes the shell would expand ${…}.
  if (format === undefined)
    return "; pass the layout with --format '${version} ${account-id} ...' (the flow log's LogFormat)";
  return `: --format does not match these lines (${first.replace(/\.$/, '')}); compare it with the flow log's LogFormat.`;
}
