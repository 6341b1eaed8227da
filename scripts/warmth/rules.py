"""Every rule a check reports, declared once: id, severity, Chinese title, message and hint
templates, and the guide's text. Checks report through ``Collector.report(rules.X, line,
column, **fields)``; the guide's page of errors is rendered from ``RULES``; a form rule (data in
``schemas/forms/``) is presented in the same shape by ``form_rule``.

Message and hint are ``str.format`` templates: a check passes the fields, or, where one rule
has several wordings (a syntax error, the ways a number is wrong), the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import TYPE_CHECKING, Any

from .findings import ERROR, WARNING

if TYPE_CHECKING:
    from .forms import Form
    from .forms import Rule as FormRule

# the guide's sections, in the order a file is checked
FILES, SYNTAX, VALUES, CONTENT, PRIVACY, DEFINITIONS, FORM = (
    "files", "syntax", "values", "content", "privacy", "definitions", "form")
GROUPS = {
    FILES: "文件和文件夹", SYNTAX: "YAML 写法", VALUES: "数值", CONTENT: "文件内容和身份",
    PRIVACY: "个人信息", DEFINITIONS: "单位名录、表式和活动的定义",
}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    title: str  # a short Chinese heading
    message: str = ""  # template of the finding's message
    hint: str = ""  # template of its hint
    guide: str = ""  # what it means and how to fix it, for the guide
    example: str = ""  # a short YAML example of the right way, where one helps
    group: str = CONTENT
    check: str = ""  # a form rule's expression, shown in the guide

    def text(self, template: str, fields: dict[str, Any]) -> str:
        return template.format(**fields)

    def shape(self, template: str) -> str:
        """The template as the guide shows it: … for each field."""
        return "".join(lit + ("…" if name is not None else "") for lit, name, _, _ in Formatter().parse(template))


@dataclass(frozen=True, slots=True)
class Wording:
    """Another message and hint of a declared rule (the guide lists it under the rule)."""

    rule: str
    message: str
    hint: str


RULES: dict[str, Rule] = {}
WORDINGS: dict[str, list[Wording]] = {}


def _r(id: str, title: str, message: str = "", hint: str = "", guide: str = "", *,
       severity: str = ERROR, example: str = "", group: str = CONTENT) -> Rule:
    if id in RULES:
        raise ValueError(f"rule {id} declared twice")
    rule = Rule(id, severity, title, message, hint, guide, example, group)
    RULES[id] = rule
    return rule


def _w(rule: Rule, message: str, hint: str) -> Wording:
    w = Wording(rule.id, message, hint)
    WORDINGS.setdefault(rule.id, []).append(w)
    return w


def get(rule_id: str) -> Rule:
    """The registered rule; an unregistered id is a bug in the check that reports it."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"rule {rule_id!r} is not declared in warmth.rules") from None


def form_rule(form: Form, rule: FormRule) -> Rule:
    """A form's own rule (data in schemas/forms/) in the registry's shape: its severity,
    message and hint come from the form file."""
    def literal(text: str) -> str:  # a form's words are text, not a template
        return text.replace("{", "{{").replace("}", "}}")

    title = str(rule.source.get("title") or rule.message.split("：")[0])
    return Rule(rule.id, rule.severity, title, literal(rule.message), literal(rule.hint),
                f"表式 {form.id} 的规则。", group=FORM, check=rule.check.source)


# -- files and folders (tree.py, yamlsafe.py) ------------------------------------------------
FILE_SYMLINK = _r(
    "file-symlink", "符号链接",
    "这是符号链接（指向 {target}），不是普通文件：检查不会跟随链接去读它指向的文件", "提交真实的文件，不要提交链接",
    "submissions/ 下提交的是一个符号链接，不是文件本身。检查不会去读链接指向的内容（那可能在仓库之外）。"
    "断开的链接（指向不存在的文件）也报这条规则。", group=FILES)
FILE_SYMLINK_BROKEN = _w(FILE_SYMLINK, "这是指向不存在的 {target} 的符号链接（断开的链接），不是普通文件", "删除这个链接，提交真实的文件")
FILE_TYPE = _r(
    "file-type", "不是普通文件",
    "这是{what}，不是普通文件：submissions/ 下只能放普通的 YAML 文件，检查不会打开它",
    "删除它；报送文件用 warmth new 生成或从 Excel 模板导入",
    "submissions/ 下出现了设备文件、管道或子模块之类不是普通文件的东西。", group=FILES)
STRAY_FILE = _r(
    "stray-file", "多余的文件或文件夹",
    "活动文件夹 {cid} 里只能有 campaign.yaml 和各单位的报送文件 <单位编号>.yaml，不能放“{name}”",
    "删除它，或移出 submissions/；报送文件写作 submissions/<活动编号>/<单位编号>.yaml",
    "submissions/ 下只能有单位名录 units.yaml、各活动的文件夹，活动文件夹里只能有 campaign.yaml 和 <单位编号>.yaml。"
    "放在别处的文件不会被检查，也不会计入汇总，所以报错，免得以为已经报送。", group=FILES)
STRAY_TOP = _w(STRAY_FILE, "submissions/ 下只能有单位名录 units.yaml 和各活动的文件夹，不能放“{name}”",
               "报送文件应放在活动文件夹里：submissions/<活动编号>/<单位编号>.yaml")
STRAY_UNITS_FOLDER = _w(STRAY_FILE, "submissions/units.yaml 应是单位名录文件，这里却是文件夹，其中的文件不会被检查",
                        "删除这个文件夹，把单位名录写在 submissions/units.yaml 文件里")
STRAY_NESTED = _w(STRAY_FILE, "活动文件夹 {cid} 下不应再有子文件夹（“{sub}”），其中的文件不会被检查",
                  "报送文件直接放在 submissions/{cid}/ 下，写作 <单位编号>.yaml")
STRAY_BAD_CAMPAIGN = _w(STRAY_FILE, "文件夹“{folder}”的 campaign.yaml 不是普通文件，这里不算活动文件夹，其中的文件不会被检查",
                        "先把 submissions/{folder}/campaign.yaml 换成真实的文件")
STRAY_NO_CAMPAIGN = _w(STRAY_FILE, "文件夹“{folder}”里没有 campaign.yaml，不是活动文件夹，其中的文件不会被检查",
                       "报送文件放在已有的活动文件夹中（{known}）；新活动由发文单位添加 campaign.yaml")
STRAY_JUNK = _w(STRAY_FILE, "这是{program}自动生成的文件，不属于报送数据", "删除它（可以把它的名字加入 .gitignore）")
STRAY_HIDDEN = _w(STRAY_FILE, "隐藏文件“{name}”不会被检查，不能放在活动文件夹里", "删除它；报送文件写作 <单位编号>.yaml，不以“.”开头")
FILE_NAME = _r(
    "file-name", "文件名不对",
    "文件名“{name}”含有不该有的字符：{chars}",
    "重新输入文件名（不要复制粘贴），只用小写字母、数字和连字符，例如 <单位编号>.yaml",
    "报送文件应命名为 <单位编号>.yaml：扩展名是小写的 .yaml，文件名和文件夹名里没有空格、全角字符或看不见的字符。",
    group=FILES)
FILE_NAME_SUFFIX = _w(FILE_NAME, "报送文件的扩展名应为 .yaml，这里是“{suffix}”", "把文件改名为 {stem}.yaml")
FILE_NAME_FOLDER = _w(FILE_NAME, "所在的活动文件夹名“{folder}”含有不该有的字符：{chars}，其中的文件不会被检查",
                      "活动文件夹名只用小写字母、数字和连字符，重新输入，不要复制粘贴")
LOOKALIKE_FOLDER = _r(
    "lookalike-folder", "文件夹名与活动相似",
    "文件夹“{folder}”与活动 {cid} 的文件夹{how}，但并不是它：其中的文件不会被当作报送文件检查",
    "把文件移到 submissions/{cid}/ 下，删除文件夹“{folder}”",
    "文件放进了一个名字和活动文件夹几乎一样的文件夹（大小写、全角字符或相似字形不同）。", group=FILES)
UNKNOWN_FILE = _r(
    "unknown-file", "不认识的文件",
    "不认识这个文件：它不是单位名录、表式、活动或报送文件", "报送文件放在 submissions/<活动编号>/<单位编号>.yaml",
    "要求检查的文件不在 warmth 认识的位置。", group=FILES)
FILE_TOO_LARGE = _r(
    "file-too-large", "文件过大",
    "文件过大（{size:,} 字节，上限 {max_bytes:,} 字节），未做检查",
    "一份报送文件通常只有几千字节；请检查是否误粘贴了大量内容或附件", group=FILES)
FILE_UNREADABLE = _r(
    "file-unreadable", "文件无法读取", "无法读取文件：{reason}", "确认文件存在且有读取权限", group=FILES)
EMPTY_FILE = _r("empty-file", "空文件", "文件是空的", "用 warmth new 生成一份待填写的文件", group=FILES)
ENCODING = _r(
    "encoding", "不是 UTF-8 编码",
    "文件不是 UTF-8 编码（{guess}）",
    "请用 UTF-8 编码另存此文件：VS Code 点右下角的编码，选“通过编码保存”→ UTF-8；记事本“另存为”时编码选 UTF-8",
    "报送文件必须是 UTF-8 编码。用 GBK 等编码保存的文件在别人的电脑上会变成乱码。", group=FILES)

# -- YAML (yamlsafe.py) ----------------------------------------------------------------------
LINE_BREAK = _r(
    "line-break", "非标准的换行符",
    "文件含有非标准的换行符：{name}，未做检查",
    "只能用普通换行（LF，或 Windows 的 CRLF）。这类字符多来自从网页、Word 或 PDF 复制的文字："
    "VS Code 打开文件时提示“不常见的行终止符”请选“删除”，再点右下角的“CR/CRLF”改为“LF”后保存",
    group=SYNTAX)
INVISIBLE_CHAR = _r(
    "invisible-char", "看不见的字符",
    "这一行含有 YAML 不允许的不可见字符（{name}）",
    "多半是从网页、Word 或其他系统复制带进来的；删除它后重新输入这一段文字",
    "文件里有控制字符、字节顺序标记（BOM）之类看不见的字符，YAML 不接受，或者会让数字读错。", group=SYNTAX)
INVISIBLE_BOM = _w(INVISIBLE_CHAR, "这一行含有看不见的字节顺序标记（BOM，U+FEFF）",
                 "多半是拼接文件或复制粘贴带进来的；在 VS Code 里把光标移到这里删除它，或删除后重新输入这一行")
TAB = _r(
    "tab", "用制表符缩进",
    "行首缩进用了制表符（Tab），YAML 只允许空格缩进",
    "把 Tab 换成空格（每级缩进 2 个空格）；VS Code 右下角可把“制表符”改为“空格”", group=SYNTAX)
YAML_SYNTAX = _r(
    "yaml-syntax", "YAML 语法错误",
    "YAML 语法错误：这里的写法无法识别",
    "检查这一行及上一行的缩进、冒号、引号和括号；用 warmth new 生成的文件对照格式",
    "文件不能按 YAML 读出来：常见的原因是冒号后面没有空格、引号或括号没有成对、缩进不齐。"
    "提示信息会说出具体是哪一种，并指向出错的行。", group=SYNTAX,
    example="B1: 12.5\nreport: |\n  今年共走访慰问困难职工 120 户。")
SYNTAX_QUOTE_OPEN = _w(YAML_SYNTAX, "YAML 语法错误：{name}从这里开始，到文件末尾也没有闭合",
                       "在这个值的末尾补上同样的引号；值里本身含有这种引号时，改用另一种引号把整个值括起来")
SYNTAX_BRACKET_OPEN = _w(YAML_SYNTAX, "YAML 语法错误：{name}从这里开始，没有闭合，或其中两项之间缺少逗号",
                         "在列表或映射的末尾补上“{close}”，各项之间用半角逗号“,”分隔")
SYNTAX_QUOTE_SPAN = _w(YAML_SYNTAX, "YAML 语法错误：{name}从这里开始，一直到第 {end} 行才结束，多半是少了一个引号",
                       "在这个值的末尾补上同样的引号；值里本身含有这种引号时，改用另一种引号把整个值括起来")
SYNTAX_AFTER_END = _w(YAML_SYNTAX, "YAML 语法错误：文档结束标记“...”之后不能再有内容", "删除“...”这一行，或删除它后面的内容")
SYNTAX_DIRECTIVE = _w(YAML_SYNTAX, "不允许使用 YAML 指令（以 % 开头的行）", "删除这一行；报送文件按固定的规则读取，不需要指令")
SYNTAX_EXTRA_DOCUMENT = _w(YAML_SYNTAX, "YAML 语法错误：这里缺少“---”或多了内容",
                           "报送文件只有一个文档：删除多余的“---”“...”和以 % 开头的行")
# a part of the English text of a problem libyaml reports, and the wording that names it
SYNTAX_PROBLEMS: list[tuple[str, Wording]] = [
    ("could not find expected ':'", _w(YAML_SYNTAX, "YAML 语法错误：缺少冒号，或冒号后面没有空格",
                  "每一项写成“代码: 数值”，冒号用半角“:”，后面空一格")),
    ("mapping values are not allowed", _w(YAML_SYNTAX, "YAML 语法错误：这里不能出现冒号",
                  "值里含有“: ”时请给整个值加引号；也可能是上一行缩进不对")),
    ("found character '\\t'", _w(YAML_SYNTAX, "YAML 语法错误：含有制表符（Tab）",
                  "把 Tab 换成空格")),
    ("found unexpected end of stream", _w(YAML_SYNTAX, "YAML 语法错误：引号或括号没有闭合",
                  "检查这一行及以上的引号、括号是否成对")),
    ("did not find expected key", _w(YAML_SYNTAX, "YAML 语法错误：缩进不一致",
                  "同一级的项目要对齐，每级缩进 2 个空格")),
    ("expected <block end>", _w(YAML_SYNTAX, "YAML 语法错误：缩进不一致",
                  "同一级的项目要对齐，每级缩进 2 个空格")),
    ("but found another document", _w(YAML_SYNTAX, "YAML 语法错误：文件里只能有一个 YAML 文档",
                  "删除多余的“---”行")),
    ("found unknown escape character", _w(YAML_SYNTAX, "YAML 语法错误：双引号里有无法识别的转义符“\\”",
                  "改用单引号，或把“\\”写成“\\\\”")),
    ("special characters are not allowed", _w(YAML_SYNTAX, "YAML 语法错误：文件含有不允许的控制字符",
                  "删除不可见的特殊字符后重新保存")),
    ("found invalid Unicode character escape code", _w(YAML_SYNTAX, "YAML 语法错误：双引号里的 \\u 或 \\U 转义不是有效的字符（例如单独的代理项 \\ud800）",
                  "直接写出这个字符，或删除这个转义")),
    ("did not find expected hexdecimal number", _w(YAML_SYNTAX, "YAML 语法错误：双引号里的 \\x、\\u 或 \\U 转义后面应是十六进制数字",
                  "直接写出这个字符；要写反斜杠本身请写“\\\\”，或改用单引号")),
    ("found unexpected document indicator", _w(YAML_SYNTAX, "YAML 语法错误：引号里的一行以“---”或“...”开头，被当成了文档分隔",
                  "检查引号是否成对；值里需要“---”时不要放在行首")),
    ("found character that cannot start any token", _w(YAML_SYNTAX, "YAML 语法错误：这里的字符不能作为一个值的开头（如 @、` 或 %）",
                  '给整个值加上引号，例如 "@某某"')),
    ("block sequence entries are not allowed", _w(YAML_SYNTAX, "YAML 语法错误：这里不能出现“- ”列表项",
                  "列表项要另起一行并缩进对齐；值本身以“-”开头时请加引号")),
    ("did not find expected '-' indicator", _w(YAML_SYNTAX, "YAML 语法错误：列表项的缩进不一致",
                  "同一列表的各项“- ”要对齐")),
    ("did not find expected node content", _w(YAML_SYNTAX, "YAML 语法错误：这里缺少值",
                  "在冒号或“- ”后面写出值，或删除这一行")),
    ("did not find expected comment or line break", _w(YAML_SYNTAX, "YAML 语法错误：值后面还有多余的内容",
                  "一行只写一个值；要写注释请在“#”前空一格")),
    ("found a tab character", _w(YAML_SYNTAX, "YAML 语法错误：缩进里有制表符（Tab）",
                  "把 Tab 换成空格")),
    ("found an indentation indicator equal to 0", _w(YAML_SYNTAX, "YAML 语法错误：块标记“|”或“>”后面的缩进数字不能是 0",
                  "删除“|”后面的数字")),
    ("found duplicate %YAML directive", _w(YAML_SYNTAX, "YAML 语法错误：%YAML 指令重复",
                  "删除以 % 开头的行")),
    ("found incompatible YAML document", _w(YAML_SYNTAX, "YAML 语法错误：%YAML 指令的版本不受支持",
                  "删除以 % 开头的行")),
    ("found undefined tag handle", _w(YAML_SYNTAX, "YAML 语法错误：使用了未定义的标签",
                  "删除以 ! 开头的标签")),
    ("did not find expected alphabetic or numeric character", _w(YAML_SYNTAX, "YAML 语法错误：“&”或“*”后面缺少名称",
                  "值以 & 或 * 开头时请加引号")),
]
YAML_INDENT = _r(
    "yaml-indent", "缩进不一致",
    "YAML 语法错误：缩进不一致，这一行比下一行缩进少",
    "同一张表里的项目要对齐，每级缩进 2 个空格（表内项目前面是 4 个空格）", group=SYNTAX)
IME_CHAR = _r(
    "ime-char", "中文输入法的字符",
    "YAML 语法错误：这一行有{name}",
    "这是中文输入法打出的字符；请切换到英文（半角）输入，冒号用“:”，空格用半角空格",
    "键和值之间要用半角冒号“:”加一个半角空格；全角冒号、全角空格和全角逗号会让文件读错。", group=SYNTAX)
YAML_DEPTH = _r("yaml-depth", "嵌套过深", "嵌套层次过深", "报送文件的嵌套不超过 {max_depth} 层", group=SYNTAX)
YAML_ALIAS = _r("yaml-alias", "YAML 别名", "不允许使用 YAML 别名（*{anchor}）",
                "把引用的内容直接写出来；报送文件不支持锚点和别名", group=SYNTAX)
YAML_ANCHOR = _r("yaml-anchor", "YAML 锚点", "不允许使用 YAML 锚点（&{anchor}）",
                 "删除 &… 标记，把内容直接写出来；报送文件不支持锚点和别名", group=SYNTAX)
YAML_TAG = _r("yaml-tag", "YAML 类型标签", "不允许使用 YAML 类型标签（{tag}）",
              "删除以 ! 开头的标签；数值直接写数字，文字直接写文字", group=SYNTAX)
YAML_DIRECTIVE = _r("yaml-directive", "YAML 指令", "不允许使用 YAML 指令（以 % 开头的 %YAML、%TAG 行）",
                    "删除这一行（和它后面的“---”行）；报送文件按固定的规则读取，不需要指令", group=SYNTAX)
KEY_TYPE = _r("key-type", "键不是文字", "键必须是简单的文字", "检查缩进和冒号", group=SYNTAX)
DUPLICATE_KEY = _r(
    "duplicate-key", "键重复",
    "键“{key}”重复出现（第 {first} 行已有）", "YAML 只会保留最后一个值；请删除或合并重复的一行",
    "同一个键（例如同一个项目代码）写了两次。YAML 会悄悄丢掉前一个值，所以报错。", group=SYNTAX)

# -- values (values.py: its table words each way a value goes wrong) ---------------------------
VALUE_TYPE = _r("value-type", "不是数值", "{name} 应填一个{what}，不能写“{text}”", "只写数字；没有发生请填 0",
                "这一项的值不是一个数：可能写成了文字、一组内容或多行文字。", group=VALUES)
VALUE_MISSING = _r("value-missing", "未填写", "{name} 未填写", "没有发生的项目请填 0",
                   "这一项（或填报日期、填报人等）冒号后面什么也没写。每一项都要填，没有发生的填 0。", group=VALUES)
VALUE_QUOTED = _r("value-quoted", "数字加了引号", "{name} 的数值加了引号，会被当作文字", "去掉引号，直接写数字",
                  group=VALUES)
VALUE_FRACTION = _r("value-fraction", "计数填了小数", "{name} 是计数（{unit}），只能填整数，不能填 {text}",
                    "人次、户、家、个等计数填整数", group=VALUES)
VALUE_DECIMALS = _r("value-decimals", "小数位过多",
                    "{name} 的金额以万元为单位，最多 {decimals_max} 位小数（精确到元），这里有 {decimals} 位",
                    "四舍五入到 {decimals_max} 位小数，例如 {long} 写作 {rounded}", group=VALUES)
VALUE_TOO_LARGE = _r("value-too-large", "数值大得不合常理", "{name} 的金额 {text} 万元，即一万亿元以上，不合常理",
                     "金额以万元为单位：1 万元写作 1，12345 元写作 1.2345；检查是否多打了数字",
                     "金额在一万亿元以上，或计数在十亿以上：多半是多打了数字，或把元当成了万元。", group=VALUES)
VALUE_FULLWIDTH = _r("value-fullwidth", "全角数字", "{name} 含有全角数字或符号（{text}）",
                     "这是中文输入法的全角字符；请切换到半角（英文）输入后重新输入数字", group=VALUES)
VALUE_THOUSANDS = _r("value-thousands", "千位分隔符", "{name} 的数字带了千位分隔符（{text}）", "去掉逗号，写作 {plain}",
                     group=VALUES)
VALUE_NEGATIVE = _r("value-negative", "负数", "{name} 不能为负数（{text}）", "统计数字都是非负数；没有发生请填 0",
                    group=VALUES)
VALUE_YES_NO = _r("value-yes-no", "是/否写法不对", "{name} 应填“是”或“否”", "请直接写汉字 是 或 否",
                  "“是/否”项要直接写汉字 是 或 否；yes、no、true、on 之类在 YAML 里是真假值，不是汉字，"
                  "数值项也不能写它们。", group=VALUES)
VALUE_NAN = _r("value-nan", "不是有效数值", "{name} 不是有效数值（{text}）", "请填写实际数字；没有发生请填 0", group=VALUES)
VALUE_LEADING_ZERO = _r("value-leading-zero", "数字以 0 开头",
                        "{name} 的数字以 0 开头（{text}），YAML 1.1 会把它当作八进制数", "去掉开头的 0，写作 {plain}",
                        group=VALUES)
VALUE_EXPONENT = _r("value-exponent", "科学计数法", "{name} 用了科学计数法（{text}）", "请写成普通数字", group=VALUES)
VALUE_SIGN = _r("value-sign", "加了正号", "{name} 前面不要加“+”号", "写作 {plain}", group=VALUES)
VALUE_UNIT_TEXT = _r("value-unit-text", "数值后写了单位", "{name} 的数值后面写了单位（{text}）",
                     "只写数字；本项单位是 {unit}，已在表中规定", group=VALUES)

VALUE_TYPE_LIST = _w(VALUE_TYPE, "{name} 应填一个{what}，这里却是一组内容", "只写一个数值，例如 “{example}”")
VALUE_TYPE_BLOCK = _w(VALUE_TYPE, "{name} 应填一个{what}", "只写一个数值，不要用多行文字")
VALUE_MISSING_YESNO = _w(VALUE_MISSING, "{name} 未填写", "请填写 是 或 否")
VALUE_MISSING_FIELD = _w(VALUE_MISSING, "{field}（{key}）未填写", "在冒号后面填写内容")
VALUE_YES_NO_BOOL = _w(VALUE_YES_NO, "{name} 应填“是”或“否”，不要写 {text}",
                       "YAML 会把 yes/no/on/off 当成真假值；请直接写汉字 是 或 否")
VALUE_YES_NO_NUMBER = _w(VALUE_YES_NO, "{name} 应填数值，不能写 {text}", "YAML 1.1 会把 yes/no/on/off 当成真假值；请填写数字")
VALUE_TOO_LARGE_COUNT = _w(VALUE_TOO_LARGE, "{name} 的数值 {text} 在十亿以上，不合常理", "检查是否多打了数字或重复粘贴")
IME_CHAR_VALUE = _w(IME_CHAR, "{name} 的值里有全角冒号或全角空格（{text}）", "切换到半角输入：冒号用“:”，后面空一格")

# -- content and identity (submission.py, structure.py, datafile.py) -------------------------
SCHEMA = _r("schema", "格式不符合规定", "文件顶层应为一组“键: 值”", "用 warmth new 生成模板后再填写",
            "文件的结构或某个值的写法不符合规定（例如应是文字的地方写了列表、日期格式不对、值不在允许的范围内）。"
            "提示信息说明是哪一处、应该怎样写。")
SCHEMA_TOP_DATA = _w(SCHEMA, "文件顶层应为一组“键: 值”", "对照示例文件检查格式")
SCHEMA_TYPE = _w(SCHEMA, "{where} 应为{type}", "对照模板检查这一行的写法")
SCHEMA_ENUM = _w(SCHEMA, "{where} 的值不在允许范围内", "可填：{allowed}")
SCHEMA_PATTERN = _w(SCHEMA, "{where} 的格式不对", "应符合 {pattern}")
SCHEMA_MINIMUM = _w(SCHEMA, "{where} 不能小于 {limit}", "检查是否多写了负号")
SCHEMA_MAXIMUM = _w(SCHEMA, "{where} 不能大于 {limit}", "检查数值是否填错")
SCHEMA_EMPTY = _w(SCHEMA, "{where} 不能为空", "补上内容")
SCHEMA_TOO_LONG = _w(SCHEMA, "{where} 过长（上限 {limit}）", "精简内容")
SCHEMA_FORMAT = _w(SCHEMA, "{where} 格式不对（应为 {format}）", "日期写作 2022-01-20")
SCHEMA_UNIQUE = _w(SCHEMA, "{where} 有重复的项", "删除重复的项")
SCHEMA_OTHER = _w(SCHEMA, "{where} 不符合规定（{validator}）", "对照模板检查")
MISSING_KEY = _r("missing-key", "缺少必填的键", "{where} 缺少“{key}”{title}", "补上“{key}: …”这一行",
                 "文件少了必须有的一行，例如 campaign、unit 或表里的某个项目。")
MISSING_CAMPAIGN = _w(MISSING_KEY, "文件顶层缺少“campaign”（活动编号）", "在文件开头写上 campaign: {folder}")
MISSING_UNIT = _w(MISSING_KEY, "文件顶层缺少“unit”（单位编号）", "在文件开头写上 unit: {stem}")
MISSING_KEY_AFTER = _w(MISSING_KEY, "{where} 缺少“{key}”{title}", "在“{before}”下面补上“{key}: …”这一行")
UNKNOWN_KEY = _r("unknown-key", "多出的键", "{where} 下不应有“{key}”", "删除这一行，或检查拼写（区分大小写）",
                 "文件里有一行不是表式规定的项目或字段：多半是拼写、大小写或全角字符的问题。")
REPORT_PLACEHOLDER = _r("report-placeholder", "报告还是模板文字",
                        "送温暖报告（report）还是模板里的提示文字", "把括号里的提示换成本单位的工作报告")
PATH_CAMPAIGN = _r("path-campaign", "活动编号与文件夹不符",
                   "文件在活动文件夹 {folder} 中，但 campaign 写的是 {cid}",
                   "把 campaign 改为 {folder}，或把文件移到 submissions/{cid}/")
PATH_UNIT = _r("path-unit", "单位编号与文件名不符", "文件名是 {stem}.yaml，但 unit 写的是 {uid}",
               "文件名应为 {uid}.yaml，或改正 unit")
UNKNOWN_CAMPAIGN = _r("unknown-campaign", "活动不存在", "活动 {cid} 不存在", "现有活动：{known}")
UNKNOWN_UNIT = _r("unknown-unit", "单位不在名录中", "单位 {uid} 不在单位名录（submissions/units.yaml）中",
                  "请先由发文单位在名录中登记",
                  "unit 写的单位编号没有在单位名录中登记。编号写错时，提示会给出最接近的编号。")
UNIT_NOT_ASKED = _r("unit-not-asked", "单位不在报送名单中",
                    "{name}（{uid}）不在活动 {cid} 的报送单位名单中",
                    "确认活动和单位是否选对；名单由发文单位在 campaign.yaml 中维护")
DATE = _r("date", "日期不存在", "填报日期 {date} 不是真实的日期", "检查月份和日期")
DATE_FUTURE = _r("date-future", "日期在今天之后", "填报日期 {date} 在今天（{today}）之后", "填写实际填报的日期，写作 年-月-日")
MODELINE = _r("modeline", "第一行的校验提示", "第一行{what}编辑器校验提示（JSON Schema）", "把第一行写成：{want}",
              "warmth new 生成的文件第一行是给编辑器看的校验提示，VS Code 据此在填写时就标出错误。",
              severity=WARNING)
EXPLANATION_FOR_ERROR = _r("explanation-for-error", "用说明代替改正",
                           "规则 {rule} 是错误级别，不能用说明代替改正", "改正数字后删除这条说明",
                           "explanations 下只能给警告写说明；错误必须改正。", severity=WARNING)
ITEM_LEVEL = _r("item-level", "不属于本级填报的项目",
                "{code}（{label}）只由{levels}填报，{name}是{level}，这里却填了 {value}",
                "本单位只填本级的数字，这一项填 0；{levels}的数字由该级工会自己填报，上级的合计由汇总自动算出，不要重复填",
                "表式规定有些项目只由某一层级的单位填报（例如省级帮扶中心及其工作人员只由省级工会填报）。"
                "其他层级的单位填了不为零的数，汇总时就会重复计算，所以报错。哪些层级填哪些项目写在表式的 levels 中，"
                "单位的层级写在单位名录中。")
STANDARD = _r("standard", "超出活动的慰问标准",
              "“{target}”平均每{per} {average} 万元（{money} ÷ {people} = {money_value} ÷ {people_value}），{how}通知规定的标准“{amount}”",
              "核对 {people} 和 {money}（金额以万元为单位）；确属实情（例如对特困家庭提高了标准），请在 explanations 下写 standard: 说明原因",
              "活动通知规定了慰问标准（campaign.yaml 的 standards，写明对应的人次项目 people、金额项目 money 和每人次的 min、max 万元）时，"
              "报告中这一类对象平均每人次的发放款物超出这个范围，就提醒审核人。这是警告：填报单位可以在 explanations 下按编号 standard 说明。",
              severity=WARNING, example="explanations:\n  standard: 对三户因病致困的特困家庭提高了慰问标准")
STANDARD_ITEM = _r("standard-item", "慰问标准的项目不在表式中",
                   "慰问标准“{target}”的 {key} 写的是 {code}，本次活动的表式中没有同时含有 {people} 和 {money} 的表",
                   "people 写慰问对象（人次）的项目代码、money 写同一类对象发放款物（万元）的项目代码，例如 people: C11、money: D11",
                   severity=WARNING, group=DEFINITIONS)
RULES_NOT_CHECKED = _r("rules-not-checked", "有规则因数值无法读取而未检查",
                       "{code} 的值无法读取，用到它的规则 {rules} 没有检查", "按本行的错误提示改正 {code}，重新检查时这些规则会一并检查",
                       "某一项的值写法不对、无法读取时，只有用到这一项的规则不检查（在这一项上列出），其他合计和规则照常检查。",
                       severity=WARNING, group=VALUES)
EXPLANATION_RULE = _r("explanation-rule", "说明的规则编号不存在",
                      "explanations 下的“{rule}”不是本次活动的规则编号，这条说明不会对应到任何警告",
                      "{guess}把冒号前的编号改成警告的规则编号（检查结果中方括号里的编号）；本次活动可以说明的规则：{rules}",
                      "explanations 下每一行是“规则编号: 说明”。编号要和检查结果中警告的编号完全一致（区分大小写），"
                      "说明才会显示在这条警告旁，供审核人核实。",
                      example="explanations:\n  D-per-person: 本次对三户特困家庭提高了慰问标准")
SCHEMA_DRIFT = _r("schema-drift", "生成的 JSON Schema 过时", "生成的 JSON Schema {what}", "运行 warmth schemas 重新生成并提交",
                  "schemas/generated/ 下的文件由表式定义生成，定义改了而生成的文件没有重新生成。", group=DEFINITIONS)

# -- privacy (privacy.py) ---------------------------------------------------------------------
PRIVACY_ID = _r("privacy-id", "疑似身份证号", "疑似居民身份证号码（{masked}）{where}",
                "个人身份信息不得提交到仓库；请删除，只报汇总数字", group=PRIVACY)
PRIVACY_BANK_CARD = _r("privacy-bank-card", "疑似银行卡号", "疑似银行卡号（{masked}）{where}",
                       "银行卡号不得提交到仓库；请删除，发放明细留存在本单位", group=PRIVACY)
PRIVACY_MOBILE = _r("privacy-mobile", "疑似手机号", "疑似手机号码（{masked}）{where}",
                    "正文和备注中不要写手机号；填报人的联系电话写在 phone 一栏（公开仓库只能填办公室固定电话）", group=PRIVACY)
PRIVACY_CONTACT_MOBILE = _r(
    "privacy-contact-mobile", "公开仓库里的手机号",
    "联系电话（phone）填的是手机号码（{masked}）{where}；本仓库是公开仓库，文件里的每一项任何人都能看到",
    "请填写办公室固定电话，如 0871-12345678；确需留手机号时，请发文单位把仓库设为私有，"
    "并在 submissions/units.yaml 中写 visibility: private", group=PRIVACY)

# -- definitions: the unit registry, forms and campaigns (registry.py, forms.py, repo.py) -----
UNIT_DUPLICATE = _r("unit-duplicate", "单位编号重复", "单位编号 {uid} 重复", "每个单位只登记一次", group=DEFINITIONS)
UNIT_ISSUER = _r("unit-issuer", "发文单位不在名录中", "发文单位 {uid} 不在名录中", "在 units 中登记发文单位",
                 group=DEFINITIONS)
UNIT_PARENT = _r("unit-parent", "上级单位不对", "单位 {uid} 的上级 {parent} 不在名录中", "先登记上级单位，或改正 parent",
                 "除发文单位外，每个单位都要有已登记的上级单位（parent）。", group=DEFINITIONS)
UNIT_NO_PARENT = _w(UNIT_PARENT, "单位 {uid} 没有上级单位", "填写 parent（最上级是 {issuer}）")
UNIT_CYCLE = _r("unit-cycle", "上级关系循环", "单位 {uid} 的上级关系形成了循环", "检查 parent", group=DEFINITIONS)
FORM_ID = _r("form-id", "表式编号与文件名不符", "表式编号 {id} 与文件名 {fid}.yaml 不一致", "文件名应为 <表式编号>.yaml",
             group=DEFINITIONS)
FORM_EXTENDS = _r("form-extends", "表式的 extends 不对", "表式 {form} 基于的表式 {base} 不存在", "检查 extends 的拼写",
                  "extends 指向的表式不存在，或几个表式互相基于形成了循环。", group=DEFINITIONS)
FORM_EXTENDS_CYCLE = _w(FORM_EXTENDS, "表式 {form} 的 extends 形成了循环", "检查 extends")
FORM_META = _r("form-meta", "表式缺少必填的信息", "表式 {form} 缺少 {key}", "补上 {key}，或用 extends 基于另一个表式",
               group=DEFINITIONS)
FORM_ITEM = _r("form-item", "表式的项目有误", "表式 {form} 的项目 {code} 引用了不存在的项目 {ref}", "检查 parent/with",
               "表式里的项目没有名称、代码重复，或 parent、with 引用了不存在的项目。", group=DEFINITIONS)
FORM_ITEM_LABEL = _w(FORM_ITEM, "表式 {form} 的项目 {code} 没有名称", "补上 label")
FORM_ITEM_UNION_FUNDS = _w(FORM_ITEM, "表式 {form} 的项目 {code} 标为工会经费（union_funds），但单位不是{unit}",
                           "union_funds 只用于以{unit}为单位的项目")
FORM_ITEM_TWICE = _w(FORM_ITEM, "表式 {form} 的项目代码 {code} 重复", "每个代码只用一次")
FORM_RULE = _r("form-rule", "表式的规则有误", "表式 {form} 的规则 {rule} 用到了不存在的项目 {codes}", "检查项目代码",
               "表式规则的 check 缺失、写法无法识别，或用到了不存在的项目。", group=DEFINITIONS)
FORM_RULE_SYNTAX = _w(FORM_RULE, "表式 {form} 的规则 {rule}：{error}", "改用 + - * / 和比较运算")
FORM_RULE_NO_CHECK = _w(FORM_RULE, "表式 {form} 的规则 {rule} 缺少 check", "补上校验表达式")
CAMPAIGN_ID = _r("campaign-id", "活动编号与文件夹不符", "活动编号 {id} 与所在文件夹 {cid} 不一致",
                 "把 id 改为 {cid}，或移动文件夹", group=DEFINITIONS)
CAMPAIGN_FORM = _r("campaign-form", "活动的表式不存在", "活动使用的表式 {fid} 不存在或有错误", "可用的表式：{known}",
                   group=DEFINITIONS)
CAMPAIGN_UNIT = _r("campaign-unit", "活动的单位不在名录中", "报送单位 {uid} 不在单位名录中",
                   "在 submissions/units.yaml 中登记，或改正编号",
                   "campaign.yaml 里的发文单位、报送单位或收到时间中的单位，不在单位名录或报送名单中。", group=DEFINITIONS)
CAMPAIGN_ISSUER = _w(CAMPAIGN_UNIT, "发文单位 {uid} 不在单位名录中", "在 submissions/units.yaml 中登记")
CAMPAIGN_RECEIVED = _w(CAMPAIGN_UNIT, "收到时间中的 {uid} 不是本次活动的报送单位", "检查单位编号")
CAMPAIGN_FUNDS = _r("campaign-funds", "资金分配给了名单外的单位", "资金分配表中的 {uid} 不是本次活动的报送单位", "检查单位编号",
                    group=DEFINITIONS)
CAMPAIGN_PREVIOUS = _r("campaign-previous", "上一次活动不存在", "上一次活动 {previous} 不存在", "检查 previous 的活动编号",
                       group=DEFINITIONS)
CAMPAIGN_PARAM = _r("campaign-param", "活动缺少规则参数",
                    "表式规则用到的参数 {name} 没有在 params 中设定，相关警告规则不会执行", "在 params 下加上 {name}",
                    severity=WARNING, group=DEFINITIONS)

# -- a notice's own system: upstream notice, phases, visits, focus items, fund allocation -----
# (checked by notice.py on campaign.yaml and on each report)
CAMPAIGN_UPSTREAM = _r(
    "campaign-upstream", "截止日期不早于上级通知",
    "本活动的截止日期 {deadline} 不早于上级通知（{doc}）的截止日期 {upstream}", "把 deadline 改到 {upstream} 之前，留出汇总上报的时间",
    "转发上级通知的活动（写了 upstream），自己的截止日期必须早于上级规定的截止日期，否则来不及汇总上报；"
    "写了上级活动编号（upstream.campaign）时，那次活动须在本仓库中。",
    example="deadline: \"2021-01-20\"\nupstream: {issuer: 某某省总工会, doc_number: 某工办发〔2020〕28号, title: 关于开展送温暖活动的通知, deadline: \"2021-01-27\"}",
    group=DEFINITIONS)
CAMPAIGN_UPSTREAM_UNKNOWN = _w(CAMPAIGN_UPSTREAM, "上级活动 {campaign} 不在本仓库中", "检查 upstream.campaign 的活动编号，或删去这一项")
CAMPAIGN_UPSTREAM_MISMATCH = _r(
    "campaign-upstream-mismatch", "上级通知与仓库里的上级活动不一致",
    "上级通知的{what}写的是 {mine}，仓库里的上级活动 {campaign} 是 {theirs}", "照上级活动的 campaign.yaml 改正",
    "upstream 写了上级活动编号（campaign）时，上级文号和截止日期应与那次活动的 campaign.yaml 一致。"
    "这是警告：上级活动的文件改过，本活动照转发时的原文写，也是可能的。",
    severity=WARNING, group=DEFINITIONS)
CAMPAIGN_PHASE = _r(
    "campaign-phase", "工作阶段的安排有误",
    "阶段“{name}”的截止日期 {due} 早于上一个阶段的 {before}", "按先后顺序写各阶段",
    "phases 中各阶段的日期要按先后写，不能早于通知印发日期；交统计表（forms）的阶段，截止日期必须与 deadline 相同；"
    "同一种材料只在一个阶段交。",
    example="phases:\n  - {name: 制定工作方案, due: \"2021-12-15\", deliverables: [plan]}\n"
            "  - {name: 总结报送, due: \"2022-01-18\", deliverables: [report, forms]}",
    group=DEFINITIONS)
CAMPAIGN_PHASE_ISSUED = _w(CAMPAIGN_PHASE, "阶段“{name}”的截止日期 {due} 早于通知印发日期 {issued}", "改正日期")
CAMPAIGN_PHASE_FORMS = _w(CAMPAIGN_PHASE, "交统计表的阶段“{name}”截止日期 {due} 与报送截止日期 deadline（{deadline}）不一致",
                          "两者写成同一天")
CAMPAIGN_PHASE_TWICE = _w(CAMPAIGN_PHASE, "材料 {what} 在阶段“{first}”和“{name}”都要交", "每种材料只在一个阶段交")
CAMPAIGN_VISIT = _r(
    "campaign-visit", "慰问组的慰问安排有误",
    "{group}的慰问地点“{place}”不在本组的慰问地点（destinations）中", "在 destinations 中加上它，或改正地点名称",
    "groups 下 visits 的每个地点应是本组 destinations 之一；写了 unit 的，须是本次活动的报送单位；"
    "走访日期不能早于通知印发日期。", group=DEFINITIONS)
CAMPAIGN_VISIT_UNIT = _w(CAMPAIGN_VISIT, "{group}在“{place}”对应的单位 {uid} 不是本次活动的报送单位", "检查单位编号")
CAMPAIGN_VISIT_DATE = _w(CAMPAIGN_VISIT, "{group}在“{place}”的走访日期 {visited} 早于通知印发日期 {issued}", "改正走访日期")
CAMPAIGN_FOCUS = _r(
    "campaign-focus", "重点对象的统计项目不存在",
    "重点慰问对象“{target}”的统计项目 {code} 不在本次活动的表式中", "本次活动表式中的项目：{known}",
    "focus 下每个对象的 items 必须是本次活动某个表式的项目代码，网站才能列出它们的汇总数。", group=DEFINITIONS)
CAMPAIGN_FUNDS_COMPARE = _r(
    "campaign-funds-compare", "无法对照资金分配",
    "写了 funds_compare: true，但{why}", "{hint}",
    "要对照资金分配，活动须有资金分配表（funds），表式中须有标为工会经费（union_funds: true）的项目。",
    severity=WARNING, group=DEFINITIONS)
FUNDS_ALLOCATION = _r(
    "funds-allocation", "工会经费少于分配的资金",
    "资金分配表分给本单位 {allocated} 万元，报告的工会经费（{code}）只有 {reported} 万元", "核对 {code}：分配下来的资金也是工会经费；确属实情时在 explanations 下写明原因",
    "活动写了 funds_compare: true 时，分配到资金、下面没有报送单位的单位，报告的工会经费应不少于分配给它的资金。"
    "这是警告：资金结转到下一次活动等情况，在 explanations 下按规则编号 funds-allocation 写明。",
    example="explanations:\n  funds-allocation: 分配资金中的 2 万元按市总工会同意结转到三月帮扶使用",
    severity=WARNING)
PLAN_MISSING = _r(
    "plan-missing", "没有工作方案",
    "本次活动要求报送工作方案，报送文件中没有 plan", "在报送文件中加上 plan（date 和 text）",
    "活动的 phases 中有交工作方案（plan）的阶段时，报送文件要写 plan：date 是方案印发或报出的日期，text 是方案的要点。",
    example="plan:\n  date: 2021-12-10\n  text: |\n    成立送温暖工作专班，分三组走访……", severity=WARNING)
PLAN_PLACEHOLDER = _w(PLAN_MISSING, "工作方案还是模板里的占位文字", "把 plan 下的 text 换成本单位工作方案的要点")
PLAN_DATE = _r(
    "plan-date", "工作方案日期晚于填报日期",
    "工作方案的日期 {plan} 晚于填报日期 {date}", "工作方案先于总结；核对 plan 下的 date",
    "报送文件中 plan 的 date 是工作方案印发或报出的日期，应早于（或等于）文件的填报日期 date。", severity=WARNING)
