// The values the sink bench produces: 1 KiB each, one per line for kcat -P, numbered so no two are alike.
const VALUE_BYTES = 1024;
const NUMBER_DIGITS = 12;

/** Printable ASCII that JSON does not escape. */
function printable(i) {
  return `${String(i).padStart(NUMBER_DIGITS, '0')}${'x'.repeat(VALUE_BYTES - NUMBER_DIGITS)}`;
}

/**
 * A JSON document as text, as producers of JSON events send it: about one byte in ten is a quote, and a
 * nested JSON string adds backslashes, all of which the exported record must escape.
 */
const JSON_FIELDS = '"user":"u-4821","event":"page_view","path":"/shop/item?id=77","tags":["a","bb","ccc"],"ok":true,' +
  '"payload":"{\\"kind\\":\\"click\\",\\"x\\":12,\\"y\\":340,\\"dir\\":\\"C:\\\\\\\\tmp\\"}",';
function jsonText(i) {
  const head = `{"id":"${String(i).padStart(NUMBER_DIGITS, '0')}",`;
  let body = '';
  while (head.length + body.length + JSON_FIELDS.length < VALUE_BYTES - 12) body += JSON_FIELDS;
  const pad = VALUE_BYTES - head.length - body.length - '"pad":""}'.length;
  return `${head}${body}"pad":"${'p'.repeat(pad)}"}`;
}

export const VALUE_KINDS = [
  { name: 'printable', label: '1 KiB printable values', value: printable },
  { name: 'json-text', label: '1 KiB JSON-text values', value: jsonText },
];
export { VALUE_BYTES };
