// Messages: errors are role="alert" (announced at once), confirmations role="status" (polite).
// Rendered empty-but-present would re-announce nothing, so they only mount when there is text.
type Props = { text?: string | null };

export function Alert({ text }: Props) {
  if (!text) return null;
  return (
    <p class="alert alert-error" role="alert">
      {text}
    </p>
  );
}

export function Notice({ text }: Props) {
  if (!text) return null;
  return (
    <p class="alert alert-ok" role="status">
      {text}
    </p>
  );
}
