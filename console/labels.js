// Chinese labels of codes and steps, served by the API from the table the XLSX 月报 uses (api/statistics/labels.ts).
let table = {};
export async function loadLabels() {
  table = await fetch('/console/labels.json').then((r) => r.json());
}
export const label = (code) => (code === null || code === undefined ? '—' : table[code] ?? String(code));
