// clusterpolicy page, the input (loaded after app.js, whose helpers it uses: state, el, t, fill, $, WORDS,
// YEAR_FIELDS, YEAR_LABELS, suggestRegimes, showError, hideError): the two tabs, the form and what it sends,
// and an uploaded file read from its bytes as the command line reads a file — never garbled, never guessed.
"use strict";

Object.assign(WORDS.en, {
  not_utf8: "{file}: not UTF-8 text (from line {line}, column {column} on, it does not read as UTF-8). A file saved on Chinese Windows (Notepad, WPS, Excel) is usually in GBK/GB18030. Save it as UTF-8 and upload it again, or, if it was saved on Chinese Windows, read it as GB18030.",
  read_gb18030: "Read it as GB18030", read_as_gb18030: "{file} was read as GB18030 (it is not UTF-8): check that the name, the province and the other texts read right before comparing.",
  not_gb18030: "{file}: neither UTF-8 nor GB18030 text: save it as UTF-8 and upload it again.",
  wide: "{file}: not UTF-8 text: zero bytes between its characters, as in UTF-16 or UTF-32 without a byte-order mark; save the file as UTF-8.",
  utf32: "{file}: UTF-32 text, which the page does not read: save it as UTF-8 (the command line reads it as it is).",
  not_utf16: "{file}: not UTF-16 text, though it starts with UTF-16's byte-order mark: save it as UTF-8.",
  row_no_year: "Figures per year, row {row}: figures without a year; fill in its year, or clear the row's figures.",
  row_same_year: "Figures per year, row {row}: year {year} is also row {first}'s; give each year one row (only one of the two would be sent).",
});
Object.assign(WORDS.zh, {
  not_utf8: "{file}:不是 UTF-8 编码的文本(自第 {line} 行第 {column} 列起无法按 UTF-8 读取)。在中文 Windows 上保存的文件(记事本、WPS、Excel)通常是 GBK/GB18030 编码。请将文件另存为 UTF-8 后重新上传;如该文件确在中文 Windows 上保存,也可按 GB18030 读取。",
  read_gb18030: "按 GB18030 读取", read_as_gb18030: "已按 GB18030 读取 {file}(该文件不是 UTF-8):对照前请核对名称、省份等文字是否正确。",
  not_gb18030: "{file}:既不是 UTF-8 也不是 GB18030 编码的文本:请另存为 UTF-8 后重新上传。",
  wide: "{file}:不是 UTF-8 编码的文本:字符之间有零字节,像是没有字节顺序标记(BOM)的 UTF-16 或 UTF-32;请将文件另存为 UTF-8。",
  utf32: "{file}:UTF-32 编码的文本,网页不读取这种编码:请另存为 UTF-8(命令行可直接读取)。",
  not_utf16: "{file}:以 UTF-16 的字节顺序标记开头,却不是 UTF-16 文本:请另存为 UTF-8。",
  row_no_year: "各年数据第 {row} 行:填了数据但没有年份;请填写年份,或清空该行的数据。",
  row_same_year: "各年数据第 {row} 行:年份 {year} 与第 {first} 行相同;每个年份只填一行(否则两行只会提交一行)。",
});

// A sentence in both languages (an error the page makes keeps both, as the server's errors do).
const both = (key, values) => ({ error: fill(WORDS.en[key], values), error_zh: fill(WORDS.zh[key], values) });

// --- the tabs and the form ------------------------------------------------------------------

function setMode(mode, focus = false) {
  state.mode = mode;
  for (const [name, tab] of [["text", $("#tab-text")], ["form", $("#tab-form")]]) {
    tab.setAttribute("aria-selected", String(mode === name));
    tab.tabIndex = mode === name ? 0 : -1;
    tab.classList.toggle("active", mode === name);
    if (focus && mode === name) tab.focus();
  }
  $("#pane-text").hidden = mode !== "text";
  $("#pane-form").hidden = mode !== "form";
  suggestRegimes();
}

function labelYearRow(row, i) {
  const year = () => row.querySelector("input[name=year]").value || String(i + 1);
  const first = row.querySelector("input[name=year]");
  first.setAttribute("aria-label", `${t("f_year")} ${i + 1}`);
  first.parentElement.dataset.label = t("f_year");
  YEAR_FIELDS.forEach((f, k) => {
    const input = row.querySelector(`input[name=${f}]`);
    input.setAttribute("aria-label", `${year()} ${t(YEAR_LABELS[k])}`);
    input.parentElement.dataset.label = t(YEAR_LABELS[k]);
  });
}

function buildYearRows() {
  const last = new Date().getFullYear() - 1;
  const body = $("#year-rows");
  for (let i = 2; i >= 0; i--) {
    const row = el("tr", {}, el("td", {}, el("input", { name: "year", value: String(last - i), inputmode: "numeric", size: "5" })));
    for (const f of YEAR_FIELDS) row.append(el("td", {}, el("input", { name: f, inputmode: "decimal", size: "8" })));
    body.append(row);
  }
}

// Which profile paths are whole numbers, from the profile's own JSON Schema (so the form sends 2, not "2").
async function loadSchema() {
  const schema = await (await fetch("/api/schema")).json();
  const integers = new Set();
  const walk = (node, path) => {
    const target = node.$ref ? schema.$defs[node.$ref.split("/").pop()] : node;
    const options = target.anyOf || [target];
    for (const option of options) {
      const resolved = option.$ref ? schema.$defs[option.$ref.split("/").pop()] : option;
      if (resolved.type === "integer") integers.add(path);
      if (resolved.properties) for (const [k, v] of Object.entries(resolved.properties)) walk(v, path ? `${path}.${k}` : k);
      if (resolved.additionalProperties && typeof resolved.additionalProperties === "object") walk(resolved.additionalProperties, `${path}.*`);
    }
  };
  walk(schema, "");
  state.integers = integers;
}

// A form value as the profile holds it: booleans and whole numbers typed by the schema; decimals stay
// text so they stay exact; anything else is sent as typed, for the server to name the field.
function typed(path, value, kind) {
  if (kind === "bool") return value === "true";
  if (state.integers.has(path) && /^\d+$/.test(value)) return Number(value);
  return value;
}

// Figures the form would lose: a row with figures but no year, a year given in two rows. Each named by its
// row (and year); the rows marked aria-invalid; nothing typed is changed.
function yearRowProblems() {
  const problems = [];
  const first = new Map();
  [...document.querySelectorAll("#year-rows tr")].forEach((row, i) => {
    const input = row.querySelector("input[name=year]");
    const year = input.value.trim();
    const filled = YEAR_FIELDS.some((f) => row.querySelector(`input[name=${f}]`).value.trim());
    let problem = null;
    if (filled && !year) problem = both("row_no_year", { row: i + 1 });
    else if (filled && first.has(year)) problem = both("row_same_year", { row: i + 1, year, first: first.get(year) + 1 });
    else if (filled) first.set(year, i);
    if (problem) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (problem) problems.push(problem);
  });
  return problems;
}

// The profile the form holds; call it once yearRowProblems() finds nothing (a row without a year has no key).
function formProfile() {
  const form = $("#pane-form");
  const profile = {};
  for (const input of form.querySelectorAll(".grid input, .grid select")) {
    const value = input.value.trim();
    if (!value) continue;
    const [head, tail] = input.name.split(".");
    const v = typed(input.name, value, input.dataset.kind);
    if (tail) (profile[head] ??= {})[tail] = v;
    else profile[head] = v;
  }
  for (const row of form.querySelectorAll("#year-rows tr")) {
    const year = row.querySelector("input[name=year]").value.trim();
    const figures = {};
    for (const f of YEAR_FIELDS) {
      const value = row.querySelector(`input[name=${f}]`).value.trim();
      if (value) figures[f] = typed(`years.*.${f}`, value);
    }
    if (Object.keys(figures).length) (profile.years ??= {})[year] = figures;
  }
  return profile;
}

// What to send: {body, type}; {refused: error} when the form would lose figures (nothing is sent); null when empty.
function requestBody() {
  if (state.mode === "form") {
    const problems = yearRowProblems();
    if (problems.length) {
      return { refused: { error: problems.map((p) => p.error).join("\n"), error_zh: problems.map((p) => p.error_zh).join("\n") } };
    }
    return { body: JSON.stringify(formProfile()), type: "application/json" };
  }
  const text = $("#profile-text").value;
  if (!text.trim()) return null;
  let format = $("#profile-format").value;
  if (format === "auto") format = text.trimStart().startsWith("{") ? "json" : "toml";
  return { body: text, type: format === "json" ? "application/json" : "application/toml" };
}

// --- an uploaded file -----------------------------------------------------------------------

// A file's text as the command line reads it: UTF-8 (a byte-order mark dropped) or UTF-16 after its
// byte-order mark; otherwise {refused} naming the file, and for bytes that are not UTF-8 the choice to read
// them as GB18030. Never the replacement character in place of bytes.
function decodeUpload(bytes, name) {
  const starts = (...marks) => marks.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return { refused: both("utf32", { file: name }) };
  const codec = starts(0xff, 0xfe) ? "utf-16le" : starts(0xfe, 0xff) ? "utf-16be" : "utf-8";
  const head = bytes.subarray(0, 4096);
  if (codec === "utf-8" && head.filter((b) => b === 0).length > head.length / 4) return { refused: both("wide", { file: name }) };
  try {
    return { text: new TextDecoder(codec, { fatal: true }).decode(bytes) };
  } catch (e) {
    if (codec !== "utf-8") return { refused: both("not_utf16", { file: name }) };
    return { refused: { ...both("not_utf8", { file: name, ...utf8Fault(bytes) }), choice: () => readAsGb18030(bytes, name) } };
  }
}

// Where UTF-8 first fails, as the command line says it: line and column from 1, in characters. The longest
// prefix that decodes is found by halving (a sequence cut short at a prefix's end is no fault in stream mode).
function utf8Fault(bytes) {
  const decodes = (n) => {
    try { new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream: true }); return true; } catch (e) { return false; }
  };
  let good = 0;
  let bad = bytes.length + 1;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, good), { stream: true });
  return { line: before.split("\n").length, column: [...before.slice(before.lastIndexOf("\n") + 1)].length + 1 };
}

function loadText(text, name) {
  $("#profile-text").value = text;
  $("#profile-format").value = name.endsWith(".json") ? "json" : name.endsWith(".toml") ? "toml" : "auto";
  suggestRegimes();
}

// The official's explicit choice: the bytes read as GB18030, and the page says so until the next upload.
function readAsGb18030(bytes, name) {
  let text;
  try {
    text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch (e) {
    return showError({ ...both("not_gb18030", { file: name }), upload: true });
  }
  hideError();
  loadText(text, name);
  state.uploadNote = { key: "read_as_gb18030", file: name };
  renderUploadNote();
}

function renderUploadNote() {
  const note = $("#upload-note");
  note.hidden = !state.uploadNote;
  note.textContent = state.uploadNote ? fill(t(state.uploadNote.key), state.uploadNote) : "";
}

// A file that cannot be read as it is leaves the text box empty (the previous text is not the file's) and says
// why; the file input is cleared, so that choosing the same file again, saved as UTF-8, reads it again.
async function readUpload(input) {
  const file = input.files[0];
  if (!file) return;
  state.uploadNote = null;
  renderUploadNote();
  const read = decodeUpload(new Uint8Array(await file.arrayBuffer()), file.name);
  if (read.refused) {
    $("#profile-text").value = "";
    input.value = "";
    return showError({ ...read.refused, upload: true });
  }
  if (state.error && state.error.upload) hideError();
  loadText(read.text, file.name);
}

document.addEventListener("DOMContentLoaded", () => {
  $("#profile-file").addEventListener("change", (e) => readUpload(e.target));
});
