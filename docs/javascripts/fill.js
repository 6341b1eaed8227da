/* 在线填报: the fill-in page of a campaign (site/fill/<campaign>/).
 *
 * Everything it checks comes from form.json, written at build time by warmth.fillexport from
 * the same definitions `warmth validate` uses: the forms, their rules as parsed expression
 * trees (evaluated here by walking the tree: nothing is parsed, nothing goes through eval or
 * new Function), the value bounds and patterns, the rule registry's messages, and the lines
 * `warmth new` writes (the page only fills in values). Numbers are exact: decimals are kept
 * as fractions of BigInts, as Python's Decimal keeps them.
 *
 * No request leaves the site: the data file is fetched from this page's own folder, and the
 * GitHub link is an ordinary link the person clicks.
 */
(function () {
  "use strict";
  var root = document.getElementById("warmth-fill");
  if (!root) return;

  // -- exact numbers -------------------------------------------------------------------------
  function gcd(a, b) { if (a < 0n) a = -a; if (b < 0n) b = -b; while (b) { var t = a % b; a = b; b = t; } return a; }
  function Q(n, d) {
    if (d === undefined) d = 1n;
    if (d < 0n) { n = -n; d = -d; }
    var g = gcd(n, d);
    if (g > 1n) { n /= g; d /= g; }
    return { n: n, d: d };
  }
  function qParse(text) {
    var neg = text.charAt(0) === "-";
    var t = neg ? text.slice(1) : text;
    var dot = t.indexOf(".");
    var q = dot < 0 ? Q(BigInt(t)) : Q(BigInt(t.replace(".", "")), 10n ** BigInt(t.length - dot - 1));
    return neg ? Q(-q.n, q.d) : q;
  }
  function qText(q) {  // a decimal's shortest text (the figures behind a rule, sums)
    var neg = q.n < 0n, n = neg ? -q.n : q.n, whole = n / q.d, rest = n % q.d, digits = "";
    for (var i = 0; rest && i < 12; i++) { rest *= 10n; digits += (rest / q.d).toString(); rest %= q.d; }
    digits = digits.replace(/0+$/, "");
    return (neg ? "-" : "") + whole.toString() + (digits ? "." + digits : "");
  }
  function round4(q) {  // Decimal.quantize(Decimal("0.0001")), half to even
    var s = 10000n, num = q.n * s, neg = num < 0n;
    if (neg) num = -num;
    var i = num / q.d, twice = 2n * (num % q.d);
    if (twice > q.d || (twice === q.d && i % 2n === 1n)) i += 1n;
    return Q(neg ? -i : i, s);
  }
  var MISSING = { missing: true }, TYPE = { type: true };
  function isQ(v) { return typeof v === "object" && v !== null && typeof v.n === "bigint"; }
  function num(v) {  // a value as a number for arithmetic; bool is 0/1 as in Python
    if (typeof v === "boolean") return Q(v ? 1n : 0n);
    if (isQ(v)) return v;
    throw TYPE;
  }
  function truthy(v) { return isQ(v) ? v.n !== 0n : (typeof v === "string" ? v.length > 0 : !!v); }
  function qcmp(a, b) { var x = a.n * b.d, y = b.n * a.d; return x < y ? -1 : (x > y ? 1 : 0); }
  function eq(a, b) {
    var sa = typeof a === "string", sb = typeof b === "string";
    if (sa || sb) return sa && sb && a === b;
    return qcmp(num(a), num(b)) === 0;
  }
  function order(a, b) {
    var sa = typeof a === "string", sb = typeof b === "string";
    if (sa !== sb) throw TYPE;
    if (sa) return a < b ? -1 : (a > b ? 1 : 0);
    return qcmp(num(a), num(b));
  }
  var CMP = {
    "==": function (a, b) { return eq(a, b); }, "!=": function (a, b) { return !eq(a, b); },
    "<": function (a, b) { return order(a, b) < 0; }, "<=": function (a, b) { return order(a, b) <= 0; },
    ">": function (a, b) { return order(a, b) > 0; }, ">=": function (a, b) { return order(a, b) >= 0; }
  };
  var BIN = {
    // every result as Decimal's context has it (28 significant digits; exact for any real figure)
    "+": function (a, b) { if (typeof a === "string" && typeof b === "string") return a + b; a = num(a); b = num(b); return decimal28(Q(a.n * b.d + b.n * a.d, a.d * b.d)); },
    "-": function (a, b) { a = num(a); b = num(b); return decimal28(Q(a.n * b.d - b.n * a.d, a.d * b.d)); },
    "*": function (a, b) { a = num(a); b = num(b); return decimal28(Q(a.n * b.n, a.d * b.d)); },
    "/": function (a, b) { a = num(a); b = num(b); if (b.n === 0n) throw MISSING; return decimal28(Q(a.n * b.d, a.d * b.n)); }
  };
  // Python's Decimal division: the quotient rounded to 28 significant digits, half to even
  var SIG = 28n, LOW = 10n ** (SIG - 1n), HIGH = 10n ** SIG;
  function decimal28(q) {
    if (q.n === 0n) return q;
    var neg = q.n < 0n, n = neg ? -q.n : q.n, d = q.d;
    var k = SIG - BigInt(n.toString().length - d.toString().length);
    var scaled = function (k) { return k >= 0n ? [n * 10n ** k, d] : [n, d * 10n ** -k]; };
    var nd = scaled(k), v = nd[0] / nd[1];
    while (v >= HIGH) { k -= 1n; nd = scaled(k); v = nd[0] / nd[1]; }
    while (v < LOW) { k += 1n; nd = scaled(k); v = nd[0] / nd[1]; }
    var rest = nd[0] % nd[1], twice = rest * 2n;
    if (twice > nd[1] || (twice === nd[1] && v % 2n === 1n)) v += 1n;
    var r = k >= 0n ? Q(v, 10n ** k) : Q(v * 10n ** -k, 1n);
    return neg ? Q(-r.n, r.d) : r;
  }
  function extreme(sign) {
    return function (args) {
      if (args.length === 1) throw TYPE;  // max(x) of one number is an error in Python too
      var best = args[0];
      for (var i = 1; i < args.length; i++) if (order(args[i], best) * sign > 0) best = args[i];
      return best;
    };
  }
  var FUNCS = {
    abs: function (args) { var a = num(args[0]); return Q(a.n < 0n ? -a.n : a.n, a.d); },
    max: extreme(1), min: extreme(-1)
  };
  // Evaluate a rule's tree; env has values (code -> value), params, prev (or null).
  function ev(node, env) {
    switch (node.t) {
      case "name":
        if (Object.prototype.hasOwnProperty.call(env.values, node.id)) return env.values[node.id];
        if (Object.prototype.hasOwnProperty.call(env.params, node.id)) return env.params[node.id];
        throw MISSING;
      case "num": return qParse(node.v);
      case "str": return node.v;
      case "bin": { var a = ev(node.a, env), b = ev(node.b, env); return BIN[node.op](a, b); }
      case "neg": { var v = ev(node.a, env); if (typeof v === "string") throw TYPE; v = num(v); return Q(-v.n, v.d); }
      case "not": return !truthy(ev(node.a, env));
      case "and": for (var i = 0; i < node.args.length; i++) if (!truthy(ev(node.args[i], env))) return false; return true;
      case "or": for (var j = 0; j < node.args.length; j++) if (truthy(ev(node.args[j], env))) return true; return false;
      case "cmp": {
        var left = ev(node.a, env);
        for (var k = 0; k < node.ops.length; k++) {
          var right = ev(node.args[k], env);
          if (!CMP[node.ops[k]](left, right)) return false;
          left = right;
        }
        return true;
      }
      case "prev":
        if (env.prev && Object.prototype.hasOwnProperty.call(env.prev, node.id)) return env.prev[node.id];
        throw MISSING;
      case "call": {
        var fn = FUNCS[node.fn];
        if (!fn) throw new Error("unknown function " + node.fn);
        return fn(node.args.map(function (x) { return ev(x, env); }));
      }
    }
    throw new Error("unknown expression node " + node.t);
  }
  function show(v) { return typeof v === "boolean" ? (v ? "是" : "否") : (isQ(v) ? qText(v) : String(v)); }

  // -- text helpers ----------------------------------------------------------------------------
  function fmt(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in fields ? String(fields[k]) : m; });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function pyStrip(s) { return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, ""); }

  fetch(root.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(start)
    .catch(function (err) {
      root.textContent = "";
      root.appendChild(el("p", { role: "alert" }, "填报表载入失败（" + err + "）。请刷新页面重试，或改用 Excel 表格填写。"));
    });

  function start(D) {
    var C = D.checks, RX = C.re, RULES = C.rules;
    // Python's patterns: \d is any decimal digit there (full-width ones too)
    var re = function (src, flags) { return new RegExp(src.replace(/\\d/g, "\\p{Nd}"), flags || "u"); };
    var R_INT = re(RX.int), R_DEC = re(RX.dec), R_FULL = re(RX.fullwidth), R_THOU = re(RX.thousands),
      R_NEG = re(RX.negative), R_EXP = re(RX.exponent), R_LZ = re(RX.leading_zero), R_SPECIAL = re(RX.special_floats),
      R_DIGIT = re(RX.digit), R_UNITW = re(RX.unit_words), R_DATE = re(RX.date), R_PHONE = re(RX.phone),
      R_SDATE = re(RX.scalar_date), R_PLAIN = re(RX.scalar_plain.replace("\\w", "\\p{L}\\p{N}_")),
      R_ODD_BREAK = re(RX.odd_break), R_UNACCEPTABLE = re(RX.unacceptable),
      R_YAML11 = RX.yaml11.map(function (s) { return re(s); });
    var NULLS = new Set(C.nulls), BOOLS11 = new Set(C.yaml11_bools);
    var cid = D.campaign.id, repo = root.getAttribute("data-repo") || "", urlMax = Number(root.getAttribute("data-url-max")) || 8000;
    var forms = D.forms, units = D.units;
    var unitById = {};
    units.forEach(function (u) { unitById[u[0]] = u; });
    var warningRules = {};
    forms.forEach(function (f) { f.rules.forEach(function (r) { if (r.severity === "warning") warningRules[r.id] = r; }); });
    var params = {};
    Object.keys(D.params).forEach(function (k) { params[k] = qParse(D.params[k]); });
    var DRAFT_KEY = "warmth-fill:" + cid;

    // state
    var auto = {};    // "<form>.<code>" of a total -> true while it follows its parts
    var notes = {};   // rule id -> explanation text

    // ---------------------------------------------------------------- the form
    root.textContent = "";
    var formEl = el("form", { class: "warmth-fill", novalidate: "", autocomplete: "off" });
    formEl.addEventListener("submit", function (e) { e.preventDefault(); });
    root.appendChild(formEl);

    var tools = el("div", { class: "warmth-fill-tools" });
    var loadLabel = el("label", { for: "warmth-load" }, "载入已有的报送文件（.yaml）或填好的 Excel 模板（.xlsx）：");
    var loadInput = el("input", { type: "file", id: "warmth-load", accept: ".yaml,.yml,.xlsx,text/yaml" });
    var clearBtn = el("button", { type: "button", class: "md-button", id: "warmth-clear" }, "清除草稿");
    var status = el("p", { id: "warmth-status", role: "status", "aria-live": "polite" });
    tools.append(loadLabel, loadInput, clearBtn, status);
    formEl.appendChild(tools);

    // the notice's standards, to hand while the amounts are typed
    var standards = (D.campaign.standards || []).filter(function (s) { return s && typeof s === "object"; });
    if (standards.length) {
      var std = el("details", { class: "warmth-fill-standards" });
      std.appendChild(el("summary", null, "本次活动的慰问标准"));
      var ul = el("ul");
      standards.forEach(function (s) {
        ul.appendChild(el("li", null, [s.target, s.amount, s.note].filter(Boolean).map(String).join("：")));
      });
      std.appendChild(ul);
      formEl.appendChild(std);
    }

    // unit
    var who = el("fieldset", { class: "warmth-fill-who" });
    who.appendChild(el("legend", null, "报送单位和填报人"));
    var filterLabel = el("label", { for: "warmth-unit-filter" }, "查找单位（输入名称或编号）");
    var filter = el("input", { type: "search", id: "warmth-unit-filter", "aria-controls": "warmth-unit" });
    var unitLabel = el("label", { for: "warmth-unit" }, "报送单位");
    var unitSel = el("select", { name: "unit", id: "warmth-unit", required: "" });
    var unitNote = el("p", { id: "warmth-unit-note", class: "warmth-fill-note", "aria-live": "polite" });
    function fillUnits(text) {
      var keep = unitSel.value;
      unitSel.textContent = "";
      unitSel.appendChild(el("option", { value: "" }, "（请选择本单位）"));
      var t = text.trim().toLowerCase(), shown = 0;
      units.forEach(function (u) {
        if (t && u[1].toLowerCase().indexOf(t) < 0 && u[0].indexOf(t) < 0 && u[0] !== keep) return;
        unitSel.appendChild(el("option", { value: u[0] }, u[1] + "（" + u[0] + "）" + (u[2] ? " — 已报送" : "")));
        shown++;
      });
      unitSel.value = keep;
      return shown;
    }
    fillUnits("");
    filter.addEventListener("input", function () {
      var n = fillUnits(filter.value);
      status.textContent = "找到 " + n + " 个单位";
    });
    who.append(filterLabel, filter, unitLabel, unitSel, unitNote);
    var fieldInputs = {};
    [["reporter", "填报人", "text"], ["phone", "联系电话", "tel"], ["date", "填报日期", "text"]].forEach(function (f) {
      var id = "warmth-" + f[0];
      var hint = fieldComment(f[0]);
      who.appendChild(el("label", { for: id }, f[1]));
      var input = el("input", { type: f[2], name: f[0], id: id, "aria-describedby": id + "-hint" });
      if (f[0] === "date") { input.setAttribute("placeholder", "2022-01-20"); input.setAttribute("inputmode", "numeric"); }
      who.appendChild(input);
      who.appendChild(el("p", { id: id + "-hint", class: "warmth-fill-note" }, hint));
      fieldInputs[f[0]] = input;
    });
    formEl.appendChild(who);
    function fieldComment(key) {
      for (var i = 0; i < D.skeleton.length; i++) { var l = D.skeleton[i]; if (Array.isArray(l) && l[0] === "field" && l[1] === key) return l[2]; }
      return "";
    }

    // forms
    var inputs = {};  // "<form>.<code>" -> input
    var totalsOf = {}; // form id -> {whole: parts}
    forms.forEach(function (f) {
      totalsOf[f.id] = f.totals;
      var fs = el("fieldset", { class: "warmth-fill-form", id: "warmth-form-" + f.id });
      fs.appendChild(el("legend", null, f.title));
      var table = el("div", { class: "warmth-fill-items" });
      f.items.forEach(function (it) {
        var key = f.id + "." + it.code, id = "warmth-" + f.id + "-" + it.code;
        var row = el("div", { class: "warmth-fill-row warmth-depth-" + Math.min(it.depth, 3) });
        var lab = el("label", { for: id });
        lab.appendChild(el("span", { class: "warmth-fill-code" }, it.code));
        lab.appendChild(document.createTextNode(" " + it.title));
        var input = el("input", {
          type: "text", name: key, id: id, inputmode: it.kind === "money" ? "decimal" : (it.kind === "count" ? "numeric" : null),
          "aria-describedby": id + "-unit", "data-kind": it.kind
        });
        if (it.kind === "yesno") input.setAttribute("list", "warmth-yesno");
        var unit = el("span", { class: "warmth-fill-unit", id: id + "-unit" }, it.unit);
        if (f.totals[it.code]) {
          auto[key] = true;
          input.setAttribute("data-total", "");
          input.setAttribute("placeholder", "分项都填好后自动合计");
          var again = el("button", { type: "button", class: "warmth-fill-auto", "aria-label": it.code + " 按分项合计" }, "按分项合计");
          again.addEventListener("click", function () { auto[key] = true; input.value = ""; update(); });
          unit.textContent = it.unit + "（自动合计，可改）";
          row.append(lab, input, unit, again);
        } else {
          row.append(lab, input, unit);
        }
        inputs[key] = input;
        table.appendChild(row);
      });
      fs.appendChild(table);
      formEl.appendChild(fs);
    });
    var dl = el("datalist", { id: "warmth-yesno" });
    dl.append(el("option", { value: C.yes }), el("option", { value: C.no }));
    formEl.appendChild(dl);

    // report
    var rep = el("fieldset", { class: "warmth-fill-report" });
    rep.appendChild(el("legend", null, "送温暖报告"));
    rep.appendChild(el("label", { for: "warmth-report" }, "组织情况、主要做法、成效和下一步打算（不要写身份证号、手机号、银行卡号）"));
    var report = el("textarea", { name: "report", id: "warmth-report", rows: "8" });
    rep.appendChild(report);
    formEl.appendChild(rep);

    // findings, explanations, the file
    var out = el("section", { class: "warmth-fill-result", "aria-labelledby": "warmth-findings-title" });
    out.appendChild(el("h2", { id: "warmth-findings-title" }, "检查结果"));
    var summary = el("p", { id: "warmth-summary", role: "status", "aria-live": "polite" });
    var findingsEl = el("ul", { id: "warmth-findings" });
    var notesEl = el("div", { id: "warmth-explanations" });
    var uncheckedEl = el("p", { id: "warmth-unchecked", class: "warmth-fill-note" });
    out.append(summary, findingsEl, uncheckedEl, notesEl);
    formEl.appendChild(out);

    var fileSec = el("section", { class: "warmth-fill-file", "aria-labelledby": "warmth-file-title" });
    fileSec.appendChild(el("h2", { id: "warmth-file-title" }, "生成的报送文件"));
    var fname = el("p", { class: "warmth-fill-note" });
    var buttons = el("div", { class: "warmth-fill-buttons" });
    var gh = el("a", { id: "warmth-github", class: "md-button md-button--primary", target: "_blank", rel: "noopener noreferrer" }, "提交到 GitHub");
    var dlBtn = el("a", { id: "warmth-download", class: "md-button", download: "" }, "下载");
    var copyBtn = el("button", { type: "button", id: "warmth-copy", class: "md-button" }, "复制");
    buttons.append(gh, dlBtn, copyBtn);
    var ghNote = el("p", { id: "warmth-github-note", class: "warmth-fill-note", "aria-live": "polite" });
    // shown on request: laying out the whole file's text at every key would cost more than
    // all the checks together (a closed <details> is not laid out)
    var view = el("details", { class: "warmth-fill-view" });
    view.appendChild(el("summary", null, "查看文件内容"));
    var yamlLabel = el("label", { for: "warmth-yaml" }, "文件内容（只读）");
    var yamlEl = el("textarea", { id: "warmth-yaml", readonly: "", rows: "16", spellcheck: "false" });
    view.append(yamlLabel, yamlEl);
    fileSec.append(fname, buttons, ghNote, view);
    formEl.appendChild(fileSec);
    if (!repo) {
      gh.hidden = true;
      ghNote.textContent = "本站没有设置接收报送的 GitHub 仓库（mkdocs.yml 的 extra.warmth_repo），所以没有“提交到 GitHub”按钮："
        + "请下载或复制文件，按填报指南交给上级工会或提交到仓库。";
    }

    // ------------------------------------------------------------ reading values
    function plainSafe(t) {  // may this text stand unquoted as an item's value?
      return t === "" || (/^[^\s#:'"\[\]{},&*!|>%@`?]/.test(t) && !/[#'"\[\]{}]|: |:$|\s/.test(t) &&
        !(/^-/.test(t) && !/^-[0-9.]/.test(t)));
    }
    function problem(name, fields) {
      var r = RULES[name];
      return { rule: r.rule, severity: r.severity, message: fmt(r.message, fields), hint: fmt(r.hint, fields) };
    }
    function kindWords(it) { return C.kind_words[it.kind]; }
    // values.parse_item: the value, or the problem
    function parseItem(text, quoted, it) {
      var t = text, kind = it.kind;
      if (!quoted) {
        if (R_INT.test(t)) {
          if (kind === "count" && t.length <= C.count_digits) return { value: Q(BigInt(t)) };
          if (kind === "money" && t.length <= C.money_digits) return { value: qParse(t) };
        } else if (kind === "money" && R_DEC.test(t) && t.indexOf(".") <= C.money_digits && t.length - t.indexOf(".") - 1 <= C.money_decimals) {
          return { value: qParse(t) };
        } else if (kind === "yesno" && (t === C.yes || t === C.no)) {
          return { value: t };
        }
      }
      var name = it.name;
      t = pyStrip(text);
      if (!quoted && NULLS.has(t)) return { problem: problem(kind === "yesno" ? "VALUE_MISSING_YESNO" : "VALUE_MISSING", { name: name }) };
      if (kind === "yesno") {
        if (t === C.yes || t === C.no) return { value: t };
        if (BOOLS11.has(t) || ["true", "false", "1", "0"].indexOf(t.toLowerCase()) >= 0) return { problem: problem("VALUE_YES_NO_BOOL", { name: name, text: t }) };
        return { problem: problem("VALUE_YES_NO", { name: name }) };
      }
      var p = numberProblem(t, it, name, quoted);
      if (p) return { problem: p };
      return { value: kind === "count" ? Q(BigInt(t)) : qParse(t) };
    }
    function sizeProblem(t, it, name) {
      var digits = t.split(".")[0].length;
      if (it.kind === "money" && digits > C.money_digits) return problem("VALUE_TOO_LARGE", { name: name, text: t });
      if (it.kind === "count" && digits > C.count_digits) return problem("VALUE_TOO_LARGE_COUNT", { name: name, text: t });
      return null;
    }
    function numberProblem(t, it, name, quoted) {
      var money = it.kind === "money";
      if (quoted && (R_INT.test(t) || R_DEC.test(t))) return problem("VALUE_QUOTED", { name: name });
      if (R_INT.test(t)) return sizeProblem(t, it, name);
      if (R_DEC.test(t)) {
        if (!money) return problem("VALUE_FRACTION", { name: name, unit: it.unit, text: t });
        var decimals = t.split(".")[1].length;
        if (decimals > C.money_decimals) return problem("VALUE_DECIMALS", { name: name, decimals_max: C.money_decimals, decimals: decimals, long: C.rounding_example[0], rounded: C.rounding_example[1] });
        return sizeProblem(t, it, name);
      }
      if (R_FULL.test(t)) return problem("VALUE_FULLWIDTH", { name: name, text: t });
      if (t.indexOf("：") >= 0 || t.indexOf(": ") >= 0 || t.indexOf("\u3000") >= 0) return problem("IME_CHAR_VALUE", { name: name, text: t });
      if (R_THOU.test(t)) return problem("VALUE_THOUSANDS", { name: name, text: t, plain: t.replace(/[,，]/g, "") });
      if (R_NEG.test(t)) return problem("VALUE_NEGATIVE", { name: name, text: t });
      if (BOOLS11.has(t)) return problem("VALUE_YES_NO_NUMBER", { name: name, text: t });
      if (R_SPECIAL.test(t) || ["nan", "inf", "-inf", "infinity"].indexOf(t.toLowerCase()) >= 0) return problem("VALUE_NAN", { name: name, text: t });
      if (R_LZ.test(t)) return problem("VALUE_LEADING_ZERO", { name: name, text: t, plain: t.replace(/^0+/, "") || "0" });
      if (R_EXP.test(t)) return problem("VALUE_EXPONENT", { name: name, text: t });
      if (t.charAt(0) === "+" && (R_INT.test(t.slice(1)) || R_DEC.test(t.slice(1)))) return problem("VALUE_SIGN", { name: name, plain: t.slice(1) });
      if (R_DIGIT.test(t) && R_UNITW.test(t)) return problem("VALUE_UNIT_TEXT", { name: name, text: t, unit: it.unit });
      return problem("VALUE_TYPE", { name: name, what: kindWords(it), text: Array.from(t).slice(0, 20).join("") });
    }

    // ------------------------------------------------------------ writing the file
    function pyJson(s) {  // json.dumps(s, ensure_ascii=False)
      return JSON.stringify(s).replace(/[\u007f]/g, function (c) { return c; });
    }
    function scalar(text) {  // excel.importer.scalar
      if (R_SDATE.test(text)) return text;
      if (R_PLAIN.test(text) && "-.".indexOf(text.charAt(0)) < 0) {
        if (!R_YAML11.some(function (r) { return r.test(text); })) return text;
      }
      return pyJson(text);
    }
    function lines(text) { return text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/^\n+|\n+$/g, "").split("\n"); }
    function block(key, body, indent) {
      var ind = body.length && body[0].charAt(0) === " " ? "2" : "";
      return [key + ": |" + ind].concat(body.map(function (b) { return (indent + b).replace(/\s+$/, ""); }));
    }
    function itemText(key) {  // what an item's line holds: the text, and whether it is quoted
      var t = inputs[key].value.trim();
      return plainSafe(t) ? { text: t, quoted: false } : { text: t, quoted: true, yaml: pyJson(t) };
    }
    // a line of the skeleton without its comment (the values never hold " #": they are ids and numbers)
    function uncommented(line) { return line.replace(/^(\s*[^\s#'"][^#'"]*?)\s+#\s.*$/, "$1"); }
    function render(unit, state, bare) {  // bare: the same file without comments, for GitHub's address
      var outl = [], S = D.unit_stand_ins, width = D.item_column;
      D.skeleton.forEach(function (l, n) {
        if (typeof l === "string") {
          var line = l.split(S[0]).join(unit[0]).split(S[1]).join(unit[1]);
          if (bare && n > 0) { if (/^\s*#/.test(line)) return; line = uncommented(line); }
          outl.push(line);
          return;
        }
        if (l[0] === "item") {
          var v = state.items[l[1] + "." + l[2]];
          var head = ("    " + l[2] + ": " + (v.quoted ? v.yaml : v.text)).replace(/\s+$/, "");
          outl.push(bare ? head : head.padEnd(width) + " # " + l[3]);
        } else if (l[0] === "field") {
          var f = state.fields[l[1]];
          if (f) outl.push(l[1] + ": " + scalar(f) + (bare ? "" : "  # " + l[2]));
          else outl.push(bare ? uncommented(l[3]) : l[3]);
        } else if (l[0] === "report") {
          var ids = Object.keys(state.notes);
          if (ids.length) {
            outl.push("explanations:");
            ids.forEach(function (rid) {
              var nl = lines(state.notes[rid]);
              if (nl.length > 1) outl.push.apply(outl, block("  " + scalar(rid), nl, "    "));
              else outl.push("  " + scalar(rid) + ": " + scalar(pyStrip(nl[0])));
            });
          }
          outl.push.apply(outl, block("report", lines(state.report), "  "));
        }
      });
      return outl.join("\n").replace(/\n+$/, "") + "\n";
    }

    // ------------------------------------------------------------ personal data (privacy.py)
    var P = C.privacy;
    var MAP = {};
    Array.from(P.spaces).forEach(function (c) { MAP[c] = " "; });
    Array.from(P.dashes).forEach(function (c) { MAP[c] = "-"; });
    Array.from(P.dots).forEach(function (c) { MAP[c] = "."; });
    Array.from(P.slashes).forEach(function (c) { MAP[c] = "/"; });
    MAP["\uff0b"] = "+"; MAP["\uff38"] = "X"; MAP["\uff58"] = "x"; MAP["\uff08"] = "("; MAP["\uff09"] = ")";
    var R_INVIS = new RegExp("[" + P.invisible + "]", "gu"), R_ND = /\p{Nd}/u, R_ID = re(P.id), R_MOBILE = re(P.mobile);
    function digitOf(ch) {
      var cp = ch.codePointAt(0), start = cp;
      while (R_ND.test(String.fromCodePoint(start - 1))) start--;
      return String((cp - start) % 10);
    }
    function normalize(text) {
      var outs = "";
      for (var ch of text) {
        if (MAP[ch] !== undefined) outs += MAP[ch];
        else if (ch >= "0" && ch <= "9") outs += ch;
        else if (R_ND.test(ch)) outs += digitOf(ch);
        else outs += ch;
      }
      return outs.replace(R_INVIS, "");
    }
    function idOk(s) {
      var total = 0;
      for (var i = 0; i < 17; i++) total += Number(s[i]) * P.id_weights[i];
      return P.id_check[total % 11] === s[17].toUpperCase();
    }
    function luhn(d) {
      var total = 0;
      for (var i = 0; i < d.length; i++) {
        var n = Number(d[d.length - 1 - i]);
        if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
        total += n;
      }
      return total % 10 === 0;
    }
    var LENGTHS = new Set(P.lengths);
    function isKind(kind, digits, sizes) {
      if (kind === "id") return digits.length === 18 && R_ID.test(digits) && idOk(digits);
      if (!/^[0-9]+$/.test(digits)) return false;
      if (kind === "card") return digits.length >= 16 && digits.length <= 19 && P.card_first.indexOf(digits[0]) >= 0 &&
        (sizes.length === 1 || sizes.slice(0, -1).every(function (n) { return n === 4; })) && luhn(digits);
      if (digits.length === 13 && digits.slice(0, 2) === "86") digits = digits.slice(2);
      else if (digits.length === 15 && digits.slice(0, 4) === "0086") digits = digits.slice(4);
      return digits.length === 11 && Math.min.apply(null, sizes) >= 3 && R_MOBILE.test(digits);
    }
    var KINDS = ["id", "card", "mobile"];
    // privacy._ROUGH_RE: without a run of 11 or more digits (a few separators between) there is
    // nothing to read, and nothing is normalized
    var escClass = function (s) { return s.replace(/[\\\]\[^\-./]/g, "\\$&"); };
    var SEP_CLASS = escClass(P.separators + P.spaces + P.dashes + P.dots + P.slashes + "\uff0b\uff38\uff58") + P.invisible;
    var R_ROUGH = new RegExp("\\p{Nd}[0-9" + SEP_CLASS + "\\p{Nd}]{9,}\\p{Nd}", "gu");
    var R_TAIL = new RegExp("^[" + SEP_CLASS + "]{0,12}[Xx\uff38\uff58](?![0-9A-Za-z])", "u");
    function findPersonal(text) {  // what privacy.find reads: only the rough runs are normalized
      var found = [], m;
      R_ROUGH.lastIndex = 0;
      while ((m = R_ROUGH.exec(text))) {
        var end = m.index + m[0].length, tail = R_TAIL.exec(text.slice(end, end + 16));
        found = found.concat(findIn(text.slice(m.index, end + (tail ? tail[0].length : 0))));
      }
      return found;
    }
    function findIn(text) {
      var norm = normalize(text), chains = [], m, g = /[0-9]+(?:[Xx](?![0-9A-Za-z]))?/g, gap = /^[ ./-]{1,4}$/;
      while ((m = g.exec(norm))) {
        var grp = [m.index, m.index + m[0].length, m[0]];
        var last = chains.length ? chains[chains.length - 1] : null;
        if (last && gap.test(norm.slice(last[last.length - 1][1], grp[0]))) last.push(grp);
        else chains.push([grp]);
      }
      var spans = [];
      chains.forEach(function (chain) {
        for (var first = 0; first < chain.length; first++) {
          var digits = "", sizes = [];
          for (var lastI = first; lastI < chain.length; lastI++) {
            var group = chain[lastI][2];
            digits += group; sizes.push(group.length);
            if (digits.length > P.longest) break;
            if (LENGTHS.has(digits.length)) {
              for (var r = 0; r < KINDS.length; r++) if (isKind(KINDS[r], digits, sizes)) spans.push([r, chain[first][0], chain[lastI][1]]);
            }
            if (group.length < 3) break;
          }
        }
      });
      spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      var taken = new Uint8Array(norm.length), found = [];
      spans.forEach(function (s) {
        for (var i = s[1]; i < s[2]; i++) if (taken[i]) return;
        for (var j = s[1]; j < s[2]; j++) taken[j] = 1;
        var digits = norm.slice(s[1], s[2]).replace(/[^0-9Xx]/g, "");
        found.push({ kind: KINDS[s[0]], digits: KINDS[s[0]] === "mobile" ? digits.slice(-11) : digits });
      });
      return found;
    }
    function mask(s) { return s.length > 7 ? s.slice(0, 3) + "*".repeat(s.length - 7) + s.slice(-4) : "***"; }  // privacy._mask

    // ------------------------------------------------------------ the check
    // yamlsafe.parse: what the strict loader refuses before it reads the file
    function charName(ch) {
      var n = ch.codePointAt(0), hex = n.toString(16).toUpperCase().padStart(4, "0");
      return "U+" + hex + "，" + (C.char_names[n.toString(16).toUpperCase()] || (n < 0x20 || (n >= 0x80 && n < 0xa0) ? "控制字符" : "无效字符"));
    }
    function refusedText(text) {
      var m = R_ODD_BREAK.exec(text);
      if (m) return [Object.assign(problem("LINE_BREAK", { name: C.break_names[m[0]] }), { input: report.id })];
      if (text.indexOf("\t") >= 0) {
        var tabs = [];
        text.split("\n").forEach(function (line) {
          var stripped = line.replace(/^[ \t]+/, ""), indent = line.slice(0, line.length - stripped.length);
          if (indent.indexOf("\t") >= 0 && stripped && stripped.charAt(0) !== "#") tabs.push(Object.assign(problem("TAB", {}), { input: report.id }));
        });
        if (tabs.length) return tabs;
      }
      if (text.indexOf("\ufeff", 1) >= 0) return [Object.assign(problem("INVISIBLE_BOM", {}), { input: null })];
      var bad = R_UNACCEPTABLE.exec(text);
      if (bad) return [Object.assign(problem("INVISIBLE_CHAR", { name: charName(bad[0]) }), { input: null })];
      return [];
    }
    function todayChina() {
      var d = new Date(Date.now() + C.tz_offset_minutes * 60000);
      return d.toISOString().slice(0, 10);
    }
    function realDate(s) {  // date.fromisoformat: ASCII digits of a day that exists
      if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
      var y = Number(s.slice(0, 4)), mo = Number(s.slice(5, 7)), da = Number(s.slice(8, 10));
      if (y < 1 || mo < 1 || mo > 12 || da < 1) return false;
      var days = [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
      return da <= days;
    }

    function totalsPass() {  // fill totals that follow their parts (a total may be a part)
      for (var round = 0; round < 8; round++) {
        var changed = false;
        forms.forEach(function (f) {
          Object.keys(f.totals).forEach(function (whole) {
            var key = f.id + "." + whole;
            if (!auto[key]) return;
            var it = f.items.find(function (x) { return x.code === whole; });
            var sum = Q(0n), ok = true;
            f.totals[whole].forEach(function (p) {
              var pit = f.items.find(function (x) { return x.code === p; });
              var v = itemText(f.id + "." + p);
              var r = v.text === "" ? null : parseItem(v.text, v.quoted, pit);
              if (!r || r.problem || !isQ(r.value)) { ok = false; return; }
              sum = BIN["+"](sum, r.value);
            });
            var text = ok ? qText(sum) : "";
            if (ok && it.kind === "money" && text.indexOf(".") >= 0 && text.split(".")[1].length > C.money_decimals) text = "";
            if (inputs[key].value !== text) { inputs[key].value = text; changed = true; }
          });
        });
        if (!changed) break;
      }
    }

    var lastMs = 0;
    function check() {
      var t0 = performance.now();
      totalsPass();
      var uid = unitSel.value, unit = unitById[uid];
      var state = { items: {}, fields: {}, notes: {}, report: report.value };
      var findings = [], values = {};
      Object.keys(inputs).forEach(function (k) { state.items[k] = itemText(k); });
      ["reporter", "phone", "date"].forEach(function (k) { var v = fieldInputs[k].value.trim(); if (v) state.fields[k] = v; });
      function at(f) { return f; }
      // the head fields (submission._text_fields and the schema)
      ["reporter", "phone", "date"].forEach(function (k) {
        if (!state.fields[k]) findings.push(at(Object.assign(problem("VALUE_MISSING_FIELD", { field: C.field_names[k], key: k }), { input: fieldInputs[k].id })));
      });
      if (!pyStrip(state.report)) findings.push(Object.assign(problem("VALUE_MISSING_FIELD", { field: C.field_names.report, key: "report" }), { input: report.id }));
      var date = state.fields.date;
      if (date) {
        if (!R_DATE.test(date)) {
          findings.push(Object.assign(problem("SCHEMA_PATTERN", { where: C.field_names.date + "（date）", pattern: "2022-01-20" }), { input: fieldInputs.date.id }));
        } else if (!realDate(date)) {
          findings.push(Object.assign(problem("DATE", { date: date }), { input: fieldInputs.date.id }));
        } else if (date > todayChina()) {
          findings.push(Object.assign(problem("DATE_FUTURE", { date: date, today: todayChina() }), { input: fieldInputs.date.id }));
        }
      }
      var phone = state.fields.phone;
      if (phone && !R_PHONE.test(phone)) {
        findings.push(Object.assign(problem("SCHEMA_PATTERN", { where: C.field_names.phone + "（phone）", pattern: "0871-12345678" }), { input: fieldInputs.phone.id }));
      }
      // the items
      var unreadable = {};  // form -> codes whose value cannot be read
      forms.forEach(function (f) {
        var vals = {}, bad = unreadable[f.id] = {};
        f.items.forEach(function (it) {
          var key = f.id + "." + it.code, v = state.items[key];
          var r = parseItem(v.text, v.quoted, it);
          if (r.problem) { findings.push(Object.assign(r.problem, { input: inputs[key].id })); bad[it.code] = true; }
          else vals[it.code] = r.value;
        });
        values[f.id] = vals;
      });
      if (pyStrip(state.report).indexOf(C.report_placeholder.slice(0, 6)) === 0) findings.push(Object.assign(problem("REPORT_PLACEHOLDER", {}), { input: report.id }));
      // the rules of each form
      var prev = null;
      if (unit && D.prev_keys.length) {
        prev = {};
        D.prev_keys.forEach(function (k, i) {
          var t = unit[4 + i];  // after id, name, reported, level
          if (t === "" || t === undefined) return;
          (prev[k[0]] = prev[k[0]] || {})[k[1]] = t === C.yes || t === C.no ? t : qParse(t);
        });
      }
      var failing = [], unchecked = [];
      forms.forEach(function (f) {
        var env = { values: values[f.id], params: params, prev: prev ? (prev[f.family] || null) : null };
        // items the form gives to other levels of union (submission.check_levels)
        var level = unit ? unit[3] : "";
        if (unit) f.items.forEach(function (it) {
          var v = values[f.id][it.code];
          if (!it.levels.length || it.levels.indexOf(level) >= 0 || v === undefined || !truthy(v) || v === C.no) return;
          var zh = function (x) { return C.level_names[x] || x; };
          findings.push(Object.assign(problem("ITEM_LEVEL", { code: it.code, label: it.label, name: unit[1], level: zh(level),
                                                              levels: it.levels.map(zh).join("、"), value: show(v) }),
                                      { input: inputs[f.id + "." + it.code].id }));
        });
        var waiting = {}, order = [];  // an unreadable code -> the rules left unchecked for it
        f.rules.forEach(function (r) {
          var ok, applies;
          try {
            applies = r.when === null || truthy(ev(r.when, env));
            ok = !applies || truthy(ev(r.check, env));
          } catch (e) {
            if (e === MISSING) {
              r.uses.filter(function (n) { return unreadable[f.id][n]; }).sort().forEach(function (n) {
                if (!waiting[n]) { waiting[n] = []; order.push(n); }
                waiting[n].push(r.id);
              });
              return;
            }
            if (e !== TYPE) { unchecked.push(r.id); return; }  // a rule this page cannot read
            ok = false; applies = true;
          }
          if (ok) return;
          var detail = "";
          if (r.sides) {  // Expr.explain
            try { detail = r.sides[0] + " = " + show(ev(r.check.a, env)) + "，" + r.sides[1] + " = " + show(ev(r.check.args[0], env)); } catch (e2) { detail = ""; }
          } else {
            var parts = [];
            r.names.forEach(function (n) { try { parts.push(n + " = " + show(ev({ t: "name", id: n }, env))); } catch (e3) { /* no value */ } });
            r.prev_names.forEach(function (n) { try { parts.push("上次 " + n + " = " + show(ev({ t: "prev", id: n }, env))); } catch (e4) { /* none */ } });
            detail = parts.join("，");
          }
          var note = r.severity === "warning" && notes[r.id] && notes[r.id].trim();
          failing.push({ rule: r.id, severity: r.severity,
                         message: r.message + (detail ? "（" + detail + "）" : "") + (note ? "；填报单位说明：" + note : ""),
                         hint: note ? "已有说明，请审核人核实" : r.hint,
                         input: inputs[f.id + "." + r.at] ? inputs[f.id + "." + r.at].id : null });
        });
        order.forEach(function (n) {
          findings.push(Object.assign(problem("RULES_NOT_CHECKED", { code: n, rules: waiting[n].join("、") }),
                                      { input: inputs[f.id + "." + n].id }));
        });
      });
      // money per person-visit against the notice's standards (submission.check_standards)
      (D.campaign.standards || []).forEach(function (s) {
        if (!s.people) return;  // a standard the notice states in words only
        var f = forms.find(function (x) { return x.items.some(function (i) { return i.code === s.people; }) && x.items.some(function (i) { return i.code === s.money; }); });
        if (!f) return;
        var p = values[f.id][s.people], m = values[f.id][s.money];
        if (!isQ(p) || p.d !== 1n || !isQ(m) || p.n === 0n || m.n === 0n) return;
        var avg = BIN["/"](m, p);
        var how = s.high !== null && qcmp(avg, qParse(s.high)) > 0 ? "超过" : (s.low !== null && qcmp(avg, qParse(s.low)) < 0 ? "低于" : "");
        if (!how) return;
        var note = notes.standard && notes.standard.trim();
        var x = problem("STANDARD", { target: s.target, per: s.per, average: qText(round4(avg)), money: s.money, people: s.people,
                                      money_value: show(m), people_value: show(p), how: how, amount: s.amount });
        failing.push({ rule: x.rule, severity: x.severity, message: x.message + (note ? "；填报单位说明：" + note : ""),
                       hint: note ? "已有说明，请审核人核实" : x.hint, input: inputs[f.id + "." + s.money].id });
      });
      failing.forEach(function (x) { if (x.severity === "warning" && notes[x.rule] && notes[x.rule].trim()) state.notes[x.rule] = notes[x.rule].trim(); });
      var text = unit ? render(unit, state) : "";
      bareText = unit ? render(unit, state, true) : "";
      // personal data in the whole file, the phone's own place apart
      if (unit) {
        var phoneLine = phone ? "phone: " + scalar(phone) : null;
        var rest = phoneLine ? text.replace(phoneLine, "phone: ") : text;
        findPersonal(rest).forEach(function (f) {
          var k = f.kind;
          findings.push(Object.assign(problem(k === "id" ? "PRIVACY_ID" : (k === "card" ? "PRIVACY_BANK_CARD" : "PRIVACY_MOBILE"), { masked: mask(f.digits), where: "" }), { input: null }));
        });
        if (phone) {
          findPersonal(phone).forEach(function (f) {
            var k = f.kind;
            if (k === "mobile" && !D.public) return;
            findings.push(Object.assign(problem(k === "id" ? "PRIVACY_ID" : (k === "card" ? "PRIVACY_BANK_CARD" : "PRIVACY_CONTACT_MOBILE"), { masked: mask(f.digits), where: "" }), { input: fieldInputs.phone.id }));
          });
        }
      }
      var refused = unit ? refusedText(text) : [];
      if (refused.length) {  // the loader refuses the file: only that and personal data are reported
        findings = refused.concat(findings.filter(function (x) { return x.rule.indexOf("privacy-") === 0; }));
        failing = [];
      }
      var errors = findings.some(function (x) { return x.severity === "error"; });
      findings = findings.concat(failing);  // every check that can run, runs, errors or not
      show_(findings, failing, uid, unit, text);
      uncheckedEl.textContent = unchecked.length ? "以下规则用到了本页还不会计算的写法，提交后由仓库检查：" + unchecked.join("、") : "";
      uncheckedEl.hidden = !unchecked.length;
      lastMs = performance.now() - t0;
      return findings;
    }

    function item(x) {
      var li = el("li", { "data-rule": x.rule, "data-severity": x.severity, "data-message": x.message, class: "warmth-fill-" + x.severity });
      li.appendChild(el("strong", null, (x.severity === "error" ? "错误" : "警告") + "（" + x.rule + "）："));
      if (x.input) {
        var a = el("a", { href: "#" + x.input }, x.message);
        li.appendChild(a);
      } else {
        li.appendChild(document.createTextNode(x.message));
      }
      if (x.hint) li.appendChild(el("span", { class: "warmth-fill-hint" }, " 提示：" + x.hint));
      return li;
    }
    var lastText = "", lastShown = "";
    function show_(findings, failing, uid, unit, text) {
      var key = JSON.stringify(findings);
      if (key !== lastShown) {  // the lists change only when a finding does
        lastShown = key;
        findingsEl.textContent = "";
        findings.forEach(function (x) { findingsEl.appendChild(item(x)); });
      }
      var ne = findings.filter(function (x) { return x.severity === "error"; }).length, nw = findings.length - ne;
      summary.textContent = !unit ? "请先选择报送单位。" : (ne || nw ? "发现 " + ne + " 个错误、" + nw + " 个警告。" : "检查通过，没有发现问题。");
      // one box per failing warning, for its explanation
      var want = failing.filter(function (x) { return x.severity === "warning"; }).map(function (x) { return x.rule; });
      var have = Array.from(notesEl.querySelectorAll("textarea")).map(function (t) { return t.name.slice("explanations.".length); });
      if (want.join() !== have.join()) {
        notesEl.textContent = "";
        if (want.length) notesEl.appendChild(el("h3", null, "警告的情况说明"));
        want.forEach(function (rid) {
          var id = "warmth-explain-" + rid;
          notesEl.appendChild(el("label", { for: id }, "规则 " + rid + "：数字确实无误时，写明原因（审核人会看到）"));
          var ta = el("textarea", { name: "explanations." + rid, id: id, rows: "2" });
          ta.value = notes[rid] || "";
          ta.addEventListener("input", function () { notes[rid] = ta.value; });  // the form's listener updates
          notesEl.appendChild(ta);
        });
      }
      // the file and where it goes
      if (text !== lastText) {
        lastText = text;
        yamlEl.value = text;
        links(uid, unit, text);
      }
    }

    var ghTooLong = false, bareText = "";
    function links(uid, unit, text) {
      if (!unit) {
        fname.textContent = "选择报送单位后，这里显示生成的文件。";
        gh.removeAttribute("href"); dlBtn.removeAttribute("href");
        gh.setAttribute("aria-disabled", "true");
        return;
      }
      var path = "submissions/" + cid + "/" + uid + ".yaml";
      fname.textContent = "文件名：" + path + (unit[2] ? "（本单位已经报送过，提交时会修改已有的文件）" : "");
      dlBtn.setAttribute("download", uid + ".yaml");
      dlBtn.setAttribute("href", "data:text/yaml;charset=utf-8," + encodeURIComponent(text));
      if (!repo) return;
      gh.removeAttribute("aria-disabled");
      var url, bareLink = false;
      if (unit[2]) {
        url = repo + "/edit/main/" + path;
        ghTooLong = true;
      } else {
        var base = repo + "/new/main?filename=" + encodeURIComponent(path) + "&value=";
        url = base + encodeURIComponent(text);
        // Chinese comments make a whole file too long for an address: the same file without
        // them (values, explanations and report unchanged) usually fits
        bareLink = url.length > urlMax && bareText && (base + encodeURIComponent(bareText)).length <= urlMax;
        if (bareLink) url = base + encodeURIComponent(bareText);
        ghTooLong = url.length > urlMax;
        if (ghTooLong) url = repo + "/new/main?filename=" + encodeURIComponent(path);
      }
      gh.setAttribute("href", url);
      ghNote.textContent = !ghTooLong ? "点“提交到 GitHub”，在打开的页面上点 Commit changes，选择新建分支并创建拉取请求。" +
          (bareLink ? "为了放进网址，提交的文件省略了说明性的注释，填报的内容与下载的文件相同。" : "")
        : (unit[2] ? "本单位的文件已在仓库中：点“提交到 GitHub”时文件内容会复制到剪贴板，在打开的编辑页面里全选原有内容，粘贴替换后提交。"
                   : "文件较长，网址放不下：点“提交到 GitHub”时文件内容会复制到剪贴板，在打开的页面里粘贴到编辑框后提交。");
    }
    gh.addEventListener("click", function () { if (ghTooLong) copy(); });
    function copy() {
      var text = yamlEl.value;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { status.textContent = "文件内容已复制到剪贴板。"; },
          function () { yamlEl.select(); document.execCommand("copy"); status.textContent = "文件内容已复制到剪贴板。"; });
      } else { yamlEl.select(); document.execCommand("copy"); status.textContent = "文件内容已复制到剪贴板。"; }
    }
    copyBtn.addEventListener("click", copy);

    // ------------------------------------------------------------ unit, draft, loading
    function unitChanged() {
      var u = unitById[unitSel.value];
      unitNote.textContent = !u ? "" : (u[2] ? "本单位已经报送过本次活动的文件。要修改，可以先载入原来的文件（从仓库下载），改好后提交。"
        : "本单位还没有报送本次活动的文件。");
    }
    function save() {
      try {
        var d = { unit: unitSel.value, fields: {}, items: {}, auto: auto, notes: notes, report: report.value };
        ["reporter", "phone", "date"].forEach(function (k) { d.fields[k] = fieldInputs[k].value; });
        Object.keys(inputs).forEach(function (k) { d.items[k] = inputs[k].value; });
        localStorage.setItem(DRAFT_KEY, JSON.stringify(d));
      } catch (e) { /* storage full or refused: the page still works */ }
    }
    function restore(d) {
      if (d.unit && unitById[d.unit]) unitSel.value = d.unit;
      ["reporter", "phone", "date"].forEach(function (k) { fieldInputs[k].value = (d.fields && d.fields[k]) || ""; });
      Object.keys(inputs).forEach(function (k) { inputs[k].value = (d.items && d.items[k]) || ""; });
      Object.keys(auto).forEach(function (k) { auto[k] = d.auto && k in d.auto ? !!d.auto[k] : true; });
      notes = d.notes || {};
      report.value = d.report || "";
    }
    function update() { check(); save(); }
    formEl.addEventListener("input", function (e) {
      var t = e.target;
      if (t && t.name && t.hasAttribute && t.hasAttribute("data-total")) auto[t.name] = t.value.trim() === "";
      if (t === filter || t === loadInput) return;
      update();
    });
    unitSel.addEventListener("change", function () { unitChanged(); update(); });
    clearBtn.addEventListener("click", function () {
      try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* nothing kept */ }
      restore({});
      unitSel.value = "";
      unitChanged(); check();
      status.textContent = "草稿已清除。";
    });
    loadInput.addEventListener("change", function () {
      var file = loadInput.files && loadInput.files[0];
      if (!file) return;
      file.arrayBuffer().then(function (buf) {
        var bytes = new Uint8Array(buf);
        loadInput.value = "";
        if (bytes[0] === 0x50 && bytes[1] === 0x4b) return loadWorkbook(bytes);  // "PK": a zip, i.e. .xlsx
        loadYaml(new TextDecoder("utf-8").decode(bytes));
      }).catch(function (e) { status.textContent = "文件无法读取：" + e.message; });
    });

    // -- a filled Excel template: the zip's parts read with the browser's own inflater and XML
    // parser, the cells found where excel.template_book puts them (the layout is exported)
    function unzip(bytes) {
      var dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), eocd = -1;
      for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
      if (eocd < 0) throw new Error("不是有效的 Excel 文件（.xlsx）");
      var count = dv.getUint16(eocd + 10, true), off = dv.getUint32(eocd + 16, true), parts = {}, dec = new TextDecoder("utf-8");
      for (var n = 0; n < count; n++) {
        if (dv.getUint32(off, true) !== 0x02014b50) throw new Error("Excel 文件已损坏");
        var method = dv.getUint16(off + 10, true), size = dv.getUint32(off + 20, true), nameLen = dv.getUint16(off + 28, true),
          extra = dv.getUint16(off + 30, true), comment = dv.getUint16(off + 32, true), local = dv.getUint32(off + 42, true);
        var name = dec.decode(bytes.subarray(off + 46, off + 46 + nameLen));
        var start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
        parts[name] = { method: method, data: bytes.subarray(start, start + size) };
        off += 46 + nameLen + extra + comment;
      }
      return parts;
    }
    function part(parts, name) {
      var p = parts[name];
      if (!p) return Promise.resolve(null);
      var done = function (buf) { return new DOMParser().parseFromString(new TextDecoder("utf-8").decode(buf), "application/xml"); };
      if (p.method === 0) return Promise.resolve(done(p.data));
      if (p.method !== 8) return Promise.reject(new Error("Excel 文件的压缩方式无法识别"));
      var stream = new Blob([p.data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      return new Response(stream).arrayBuffer().then(done);
    }
    function textOf(node) {  // a string item or inline string: its <t> runs, not phonetic ones
      return Array.from(node.getElementsByTagName("t")).filter(function (t) { return t.parentNode.localName !== "rPh"; })
        .map(function (t) { return t.textContent; }).join("");
    }
    function colLetter(n) { var s = ""; while (n > 0) { var m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = (n - m - 1) / 26; } return s; }
    function readSheet(doc, strings) {  // "B2" -> {text, number}
      var cells = {};
      Array.from(doc.getElementsByTagName("c")).forEach(function (c) {
        var type = c.getAttribute("t") || "n", v = c.getElementsByTagName("v")[0], cell = null;
        if (v && v.textContent === "") v = null;  // a formula never calculated has no value
        if (type === "s" && v) cell = { text: strings[Number(v.textContent)] || "" };
        else if (type === "inlineStr") cell = { text: textOf(c) };
        else if ((type === "str" || type === "e") && v) cell = { text: v.textContent };
        else if (type === "b" && v) cell = { text: v.textContent === "1" ? "TRUE" : "FALSE", bool: true };
        else if (v) cell = { text: v.textContent, number: Number(v.textContent) };
        if (cell) cells[c.getAttribute("r")] = cell;
      });
      return cells;
    }
    function cellValue(cell, kind) {  // excel.reader.convert's reading of a number, as text
      if (!cell) return "";
      if (cell.number === undefined || !isFinite(cell.number)) return cell.text.trim();
      var x = cell.number;
      if (kind === "money") { var r = Math.round(x * 1e4) / 1e4; return Math.abs(x - r) <= 1e-9 ? qText(qParse(r.toFixed(4))) : cell.text; }
      if (kind === "count") return Number.isInteger(x) ? String(x) : cell.text;
      if (kind === "date" && x > 20000 && x < 80000) return new Date(Math.round((x - 25569) * 86400000)).toISOString().slice(0, 10);
      return cell.text;
    }
    function loadWorkbook(bytes) {
      var T = D.template, parts;
      try { parts = unzip(bytes); } catch (e) { status.textContent = "文件无法读取：" + e.message; return Promise.resolve(); }
      return Promise.all([part(parts, "xl/workbook.xml"), part(parts, "xl/_rels/workbook.xml.rels"), part(parts, "xl/sharedStrings.xml")])
        .then(function (docs) {
          if (!docs[0] || !docs[1]) throw new Error("不是 Excel 工作簿");
          var strings = docs[2] ? Array.from(docs[2].getElementsByTagName("si")).map(textOf) : [];
          var targets = {};
          Array.from(docs[1].getElementsByTagName("Relationship")).forEach(function (r) {
            var t = r.getAttribute("Target");
            targets[r.getAttribute("Id")] = t.charAt(0) === "/" ? t.slice(1) : "xl/" + t;
          });
          var sheets = Array.from(docs[0].getElementsByTagName("sheet")).map(function (s) {
            var rid = s.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id") || s.getAttribute("r:id");
            return { name: s.getAttribute("name"), path: targets[rid] };
          });
          return Promise.all(sheets.map(function (s) { return part(parts, s.path); })).then(function (xml) {
            return sheets.map(function (s, i) { return { name: s.name, cells: xml[i] ? readSheet(xml[i], strings) : {} }; });
          });
        })
        .then(function (sheets) {
          var cover = sheets.find(function (s) { return s.name === T.cover_sheet; });
          if (!cover) { status.textContent = "找不到工作表“" + T.cover_sheet + "”：请用本次活动的 Excel 模板填写。"; return; }
          var at = function (key) { return cover.cells["B" + T.cover_fields[key]]; };
          var campaign = cellValue(at("campaign"));
          if (campaign && campaign !== cid) { status.textContent = "这个工作簿属于活动 " + campaign + "，不是本页的活动 " + cid + "。"; return; }
          var unit = cellValue(at("unit")), m = /（([^（）]+)）\s*$/.exec(unit);
          if (!unitById[unit] && m && unitById[m[1]]) unit = m[1];
          if (!unitById[unit] && T.cover_fields.unit_name) {
            // a campaign's template: the unit chosen by name from its list ("name（id）" where two share a name)
            var chosen = cellValue(at("unit_name")), mm = /（([^（）]+)）\s*$/.exec(chosen);
            var byName = units.filter(function (u) { return u[1] === chosen; });
            if (mm && unitById[mm[1]]) unit = mm[1];
            else if (byName.length === 1) unit = byName[0][0];
          }
          var d = { unit: unit, fields: {}, items: {}, auto: {}, notes: {}, report: cellValue(at("report")).replace(/^\n+|\n+$/g, "") };
          d.fields.reporter = cellValue(at("reporter")); d.fields.phone = cellValue(at("phone")); d.fields.date = cellValue(at("date"), "date");
          for (var r = T.explain_first_row; r < T.explain_first_row + T.explain_rows; r++) {
            var rid = cellValue(cover.cells["A" + r]), note = cellValue(cover.cells["B" + r]);
            if (rid && note) d.notes[rid] = note;
          }
          var missing = [];
          forms.forEach(function (f) {
            var sheet = sheets.find(function (s) {
              return s.name !== T.cover_sheet && s.name !== T.instructions_sheet && cellValue(s.cells[T.form_id_cell]) === f.id;
            });
            if (!sheet) { missing.push(f.title); return; }
            var rows = {};
            for (var row = T.first_row; row <= T.first_row + f.items.length + T.extra_rows; row++) {
              var code = cellValue(sheet.cells[colLetter(T.code_col) + row]);
              if (code && !(code in rows)) rows[code] = row;
            }
            f.items.forEach(function (it) {
              var key = f.id + "." + it.code, row = rows[it.code];
              var v = row ? cellValue(sheet.cells[colLetter(T.value_col) + row], it.kind) : "";
              d.items[key] = v;
              if (f.totals[it.code]) d.auto[key] = v === "";
            });
          });
          restore(d);
          unitChanged(); update();
          status.textContent = "已载入 Excel 工作簿" + (missing.length ? "；但其中没有这些表：" + missing.join("、") : "")
            + (d.unit && !unitById[d.unit] ? "；单位 " + d.unit + " 不在本次活动的报送名单中，请重新选择单位" : "") + "。";
        })
        .catch(function (e) { status.textContent = "Excel 文件无法读取：" + e.message; });
    }
    function loadYaml(text) {
      var data;
      try {
        data = window.jsyaml.load(text, { schema: window.jsyaml.FAILSAFE_SCHEMA });
      } catch (e) {
        status.textContent = "文件无法读取：" + (e.reason || e.message) + "。请确认选择的是报送文件（.yaml）。";
        return;
      }
      if (!data || typeof data !== "object" || Array.isArray(data)) { status.textContent = "这不是报送文件：顶层应为一组“键: 值”。"; return; }
      if (data.campaign && data.campaign !== cid) { status.textContent = "这个文件属于活动 " + data.campaign + "，不是本页的活动 " + cid + "。"; return; }
      var d = { unit: typeof data.unit === "string" ? data.unit : "", fields: {}, items: {}, auto: {}, notes: {}, report: typeof data.report === "string" ? data.report.replace(/\n$/, "") : "" };
      ["reporter", "phone", "date"].forEach(function (k) { if (typeof data[k] === "string") d.fields[k] = data[k]; });
      var fdata = data.forms && typeof data.forms === "object" ? data.forms : {};
      forms.forEach(function (f) {
        var vals = fdata[f.id] && typeof fdata[f.id] === "object" ? fdata[f.id] : {};
        f.items.forEach(function (it) {
          var v = vals[it.code];
          var key = f.id + "." + it.code;
          d.items[key] = typeof v === "string" ? v : "";
          if (f.totals[it.code]) d.auto[key] = false;
        });
      });
      if (data.explanations && typeof data.explanations === "object") {
        Object.keys(data.explanations).forEach(function (k) { if (typeof data.explanations[k] === "string") d.notes[k] = data.explanations[k]; });
      }
      restore(d);
      unitChanged(); update();
      status.textContent = "已载入文件" + (d.unit && !unitById[d.unit] ? "；但单位 " + d.unit + " 不在本次活动的报送名单中，请重新选择单位" : "") + "。";
    }

    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch (e) { saved = null; }
    if (saved) { restore(saved); status.textContent = "已恢复上次未提交的草稿。"; }
    unitChanged();
    check();
    // what a rule's tree comes to for given values (decimal text, 是/否), for tests of the evaluator
    function evaluate(tree, vals, prm, prv) {
      var conv = function (o) {
        if (!o) return null;
        var r = {};
        Object.keys(o).forEach(function (k) { r[k] = o[k] === C.yes || o[k] === C.no ? o[k] : qParse(o[k]); });
        return r;
      };
      try { return show(ev(tree, { values: conv(vals), params: conv(prm), prev: conv(prv) })); } catch (e) {
        if (e === MISSING) return "missing";
        if (e === TYPE) return "type";
        throw e;
      }
    }
    window.warmthFill = { check: check, loadYaml: loadYaml, evaluate: evaluate, lastMs: function () { return lastMs; } };
    root.setAttribute("data-ready", "1");
  }
})();
