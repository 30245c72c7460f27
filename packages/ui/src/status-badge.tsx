/**
 * A status as a small coloured label, the same element in both apps. Each app styles it with its own stylesheet
 * (`classPrefix`: the storefront's "status", the dashboard's "badge", giving e.g. `status status-paid`) and words
 * it for its readers (`label`; the status itself by default).
 */
export function StatusBadge({ status, label = status, classPrefix = "status" }: { status: string; label?: string; classPrefix?: string }) {
  return <span className={`${classPrefix} ${classPrefix}-${status}`}>{label}</span>;
}
