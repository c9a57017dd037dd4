"""The command line's help in Chinese: each English text of ``--help`` beside its Chinese.

:data:`HELP` holds every description, epilog and option help of every command (as written in
``cli/*.py``, before argparse fills in ``%(default)s``), :data:`ARGPARSE` argparse's own words. Used by
:mod:`clusterpolicy.cli.helpzh` only when help or a usage line is printed in Chinese. Option names,
metavars, file names, choice values, numbers and ``%(default)s`` are kept as they are;
``tests/test_cli_help.py`` fails when a help text has no Chinese here, or a Chinese text no longer has
its English in the command line.
"""

from __future__ import annotations

#: argparse's own words (its ``_()`` texts) that help shows.
ARGPARSE: dict[str, str] = {
    "usage: ": "用法:",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
}

HELP: tuple[tuple[str, str], ...] = (
    # clusterpolicy itself
    ("Evaluate SME characteristic industrial clusters (中小企业特色产业集群) under national and provincial regimes.",
     "按国家级和省级认定制度评估中小企业特色产业集群。"),
    ("Exit codes: 0 ran; 1 the outcome named by --fail-on was found; 2 bad input or usage; 3 inconsistent plugins/rules; 70 internal error.",
     "退出码:0 已运行;1 发现了 --fail-on 所指的情形;2 输入或用法有误;3 插件或规则不一致;70 内部错误。"),
    ("print the version and exit", "显示版本号并退出"),
    ("language of the help and messages (default: from the locale, zh under LANG=zh_*; else en)",
     "帮助和提示信息的语言(默认:按系统区域设置,LANG=zh_* 时为 zh,否则为 en)"),
    # the commands, as the list of commands shows them
    ("list jurisdictions, parents, sources, rule counts", "列出各辖区及其上级、依据文件和规则数量"),
    ("evaluate a cluster profile under one regime", "按一个制度评估集群档案"),
    ("evaluate a cluster under several regimes side by side", "按多个制度评估一个集群,并列对照"),
    ("print the JSON Schema of the cluster profile (or of another input)", "显示集群档案(或其他输入)的 JSON Schema"),
    ("list loaded plugins, where they come from and their hooks", "列出已加载的插件、其来源及所实现的钩子"),
    ("serve the HTTP API and the comparison web page", "启动 HTTP 接口和对照网页服务"),
    ("what regime B changes relative to regime A (added, removed, tightened, loosened …)", "制度 B 相对于制度 A 的变化(新增、删除、从严、放宽等)"),
    ("write a jurisdiction's own declarations as a TOML rule file", "将一个辖区自身的声明写成 TOML 规则文件"),
    ("load TOML rule files with every load-time check and summarise them", "加载 TOML 规则文件,执行全部加载检查并汇总"),
    ("scaffold a commented TOML rule file (or, with --python, a plugin package)", "生成带注释的 TOML 规则文件框架(加 --python 时生成插件包)"),
    ("a regime's source documents and, with DOCUMENT, the text its rules cite", "制度的依据文件;给出 DOCUMENT 时显示其规则所引用的原文"),
    ("typical-case collection: categories, calls, submission checks, summary table", "典型案例征集:案例类别、征集通知、报送材料检查、汇总表"),
    ("every dated obligation of a recognised cluster, with its status", "已认定集群每一项有日期的义务及其状态"),
    ("lifecycle state of a recognised cluster and its revocation grounds", "已认定集群所处的状态及其各项撤销情形"),
    ("check a recommendation list against a call's quota and deadline", "对照推荐通知的推荐数量和截止日检查推荐名单"),
    ("screen many clusters (one per row: CSV, XLSX, JSON Lines) under several regimes", "按多个制度批量筛查集群(每行一个:CSV、XLSX、JSON Lines)"),
    ("the ladder to recognition: the province, then national; what fails, projections, the next calls",
     "认定路径:先省级,再国家级;未满足的指标、预测、下一次推荐通知"),
    ("re-evaluate a profile with some values changed: only what the changes flip", "修改档案中的若干值后重新评估:只列出结论因此改变的指标"),
    # the descriptions of evaluate, compare, whatif and check-rules (their --help)
    ("Evaluate a cluster profile under one regime and print a table of every criterion: its status, the requirement, "
     "the measured value, the margin and the article it rests on; then the reasons for what did not pass, what rests "
     "on an interpretation, the parent's criteria the regime removes or does not inherit, the missing inputs and the "
     "result.\nExample: clusterpolicy evaluate examples/strong-national.toml -r national",
     "按一个制度评估集群档案,列出每项指标的结论、要求、实际值、余量和所依据的条款;再列出未满足的原因、依据作者解读的规则、该制度删除或不承继的上级指标、缺少的数据和最终结论。"
     "\n示例:clusterpolicy evaluate examples/strong-national.toml -r national"),
    ("Evaluate a cluster profile under several regimes (default: all) and print criterion rows × regime columns, "
     "each status with its margin (Δ: the status or requirement differs; ±: the criterion exists in some regimes "
     "only); then each regime's reason and article for every row that differs or that a regime does not find met, "
     "and each regime's result (*: it rests on declarations or a claimed waiver).\nExample: clusterpolicy compare "
     "examples/hainan-only.toml -r national -r hainan",
     "按多个制度(默认:全部)评估一个集群档案,按指标逐行、按制度分列对照,每格为结论及余量(Δ:结论或要求不同;"
     "±:只有部分制度有该指标);再对有差异或某一制度未认定满足的每一行,列出各制度的理由和条款,并列出各制度的结论(*:结论依据声明或所主张的豁免)。\n示例:clusterpolicy compare examples/hainan-only.toml -r national -r hainan"),
    ("Re-evaluate a cluster profile with some values changed (--set PATH=VALUE, the value written as in a TOML "
     "profile) and print the changes (old → new), then per regime its result, whether it changes, and only the "
     "criteria whose status the changes flip, with their new margin and reason; the profile file is not changed. "
     "\nExample: clusterpolicy whatif examples/hainan-only.toml --set area_km2=120",
     "修改集群档案中的若干值后重新评估(--set PATH=VALUE,值按 TOML 档案的写法填写),先列出各项修改(原值 → 新值),再按制度列出结论及其是否改变,并只列出状态因修改而改变的指标及其新的余量和理由;"
     "档案文件本身不会被修改。\n示例:clusterpolicy whatif examples/hainan-only.toml --set area_km2=120"),
    ("Load TOML rule files (a directory: every .toml in it) with every load-time check a jurisdiction plugin gets, "
     "and print per file its jurisdiction, parent and what it declares (added, overridden, amended, removed), then "
     "what it takes over unchanged, does not inherit and rests on an interpretation. A mistake is named with its "
     "file and key path (exit status 3).\nExample: clusterpolicy check-rules examples/rules/",
     "加载 TOML 规则文件(给出文件夹时为其中全部 .toml 文件),执行辖区插件加载时的全部检查,逐个文件列出辖区、上级辖区及所声明的规则(新增、取代、修改、删除),再列出原样承继、不承继和含解读的规则。"
     "有误时指明文件和键路径(退出码 3)。\n示例:clusterpolicy check-rules examples/rules/"),
    # options every command takes
    ("output format (default: text)", "输出格式(默认:text)"),
    ("language of text output (default: from the locale, zh under LANG=zh_*; else en)",
     "文本输出的语言(默认:按系统区域设置,LANG=zh_* 时为 zh,否则为 en)"),
    ("do not load this plugin (repeatable)", "不加载此插件(可重复)"),
    ("load a TOML rule file (or a directory of them) as a jurisdiction plugin (repeatable); see also $CLUSTERPOLICY_RULES_DIR",
     "将 TOML 规则文件(或存放规则文件的文件夹)作为辖区插件加载(可重复);另见 $CLUSTERPOLICY_RULES_DIR"),
    # evaluate, compare, schema, pathway, whatif
    ("profile file (.toml or .json; - reads standard input)", "档案文件(.toml 或 .json;- 表示读取标准输入)"),
    ("encoding of the profile file, e.g. gb18030 for one a Chinese Windows editor saved (default: UTF-8, with or without BOM)",
     "档案文件的编码,例如中文版 Windows 上的编辑器保存的文件用 gb18030(默认:UTF-8,带或不带 BOM)"),
    ("regime (jurisdiction id), e.g. national", "制度(辖区 id),例如 national"),
    ("assessment date YYYY-MM-DD (default: the profile's, else today)", "评估日期 YYYY-MM-DD(默认:档案中的评估日期,没有则为今天)"),
    ("regime to include (repeatable; default: all)", "纳入的制度(可重复;默认:全部)"),
    ("which input: profile (default), submission, …", "哪一种输入:profile(默认)、submission 等"),
    ("the provincial regime (id), instead of matching the profile's province by name", "省级制度(id),代替按档案中的省份名称匹配"),
    ("a profile path and its new value, as in the profile file (repeatable), e.g. years.2024.total_output=42",
     "档案路径及其新值,写法与档案文件中相同(可重复),例如 years.2024.total_output=42"),
    # serve
    ("Serve the HTTP API (/api/…, OpenAPI at /openapi.json) and the side-by-side comparison page at /.",
     "启动服务:HTTP 接口(/api/…,OpenAPI 文档在 /openapi.json)和 / 处的各制度对照网页。"),
    ("address to bind (default: %(default)s, this machine only)", "绑定的地址(默认:%(default)s,仅限本机访问)"),
    ("TCP port (default: %(default)s)", "TCP 端口(默认:%(default)s)"),
    ("largest request body accepted (default: 1048576, 1 MiB)", "可接受的最大请求正文(默认:1048576,即 1 MiB)"),
    ("close a connection whose request head is not complete this long after it began (default: 10; the client gets a 408)",
     "请求头开始发送 SECONDS 秒后仍未完整时关闭连接(默认:10;客户端收到 408)"),
    ("close a connection whose request body pauses this long between two chunks (default: 10)", "请求正文两段数据之间停顿达 SECONDS 秒时关闭连接(默认:10)"),
    ("close a connection whose request body is not all in this long after it began (default: 120)", "请求正文开始发送 SECONDS 秒后仍未全部收到时关闭连接(默认:120)"),
    ("server processes sharing the port, to use N cores: a number, or auto (one per CPU); default: 1 (needs fork: not on Windows)",
     "共用该端口的服务器进程数,以利用 N 个 CPU 核心:填数字,或 auto(每个 CPU 一个);默认:1(需要 fork,Windows 上不可用)"),
    ("do not log each request", "不逐条记录请求日志"),
    ("print the OpenAPI document and exit (docs/openapi.json is this)", "显示 OpenAPI 文档并退出(即 docs/openapi.json)"),
    # diff, export-rules, check-rules, new-jurisdiction, sources
    ("output format: text, json or md (a Markdown memo) (default: text)", "输出格式:text、json 或 md(Markdown 备忘录)(默认:text)"),
    ("reference regime (jurisdiction id), e.g. national", "作为参照的制度(辖区 id),例如 national"),
    ("regime to describe, e.g. hainan", "要说明其变化的制度,例如 hainan"),
    ("only this rule family (repeatable), e.g. criteria", "只看这一规则类别(可重复),例如 criteria"),
    ("write to this file instead of standard output", "写入此文件,而不是标准输出"),
    ("jurisdiction id, e.g. hainan", "辖区 id,例如 hainan"),
    ("rule files (or directories of them)", "规则文件(或存放规则文件的文件夹)"),
    ("new jurisdiction id, e.g. zhejiang", "新辖区的 id,例如 zhejiang"),
    ("jurisdiction it inherits from (default: national)", "所承继的上级辖区(默认:national)"),
    ("name in Chinese (default: a placeholder to edit)", "中文名称(默认:待修改的占位文字)"),
    ("name in English (default: a placeholder to edit)", "英文名称(默认:待修改的占位文字)"),
    ("write the TOML file here instead of standard output", "将 TOML 文件写到此处,而不是标准输出"),
    ("instead, create a Python plugin package in DIR", "改为在 DIR 中创建 Python 插件包"),
    ("replace files that already exist (default: refuse)", "替换已存在的文件(默认:不替换)"),
    ("regime (jurisdiction id), e.g. hainan", "制度(辖区 id),例如 hainan"),
    ("a document id (as in a citation), e.g. 琼工信规〔2023〕4号: print its text", "文件 id(与引用中的写法相同),例如 琼工信规〔2023〕4号:显示其原文"),
    # cases
    ("list case categories and their sub-topics", "列出案例类别及其子方向"),
    ("list collection calls: scope, submitters, deadline, documents", "列出征集通知:征集范围、报送主体、截止日期、材料"),
    ("check a case submission against a regime's call", "对照制度的征集通知检查一份案例报送材料"),
    ("check each submitter's package: the documents sent once per submitter (统一报送)", "检查每个报送单位的整批材料:每个报送单位只报送一份的材料(统一报送)"),
    ("propose categories for a case text, with the terms that matched", "为案例文本建议类别,并列出匹配到的词语"),
    ("write the summary table (汇总表) of several submissions: CSV (UTF-8 with BOM) or .xlsx", "写出多份报送材料的汇总表:CSV(UTF-8,带 BOM)或 .xlsx"),
    ("regime (default: national)", "制度(默认:national)"),
    ("submission file (.toml or .json; - reads standard input)", "报送材料文件(.toml 或 .json;- 表示读取标准输入)"),
    ("regime whose call the submission answers, e.g. anhui", "报送材料所响应的征集通知属于哪个制度,例如 anhui"),
    ("exit with status 1 when the check finds a problem (problem), or a problem or a missing confirmation (unconfirmed); for scripts",
     "检查发现问题(problem),或发现问题或缺少确认事项(unconfirmed)时,以退出码 1 退出;供脚本使用"),
    ("submission files (grouped by submitter)", "报送材料文件(按报送单位分组)"),
    ("regime whose call the submissions answer, e.g. anhui", "报送材料所响应的征集通知属于哪个制度,例如 anhui"),
    ("case text file (UTF-8), or - for standard input", "案例文本文件(UTF-8),或用 - 表示标准输入"),
    ("regime whose categories to use (default: national)", "使用哪个制度的案例类别(默认:national)"),
    ("how many categories to show (default: 3; 0 = all that match)", "显示多少个类别(默认:3;0 表示所有匹配的类别)"),
    ("submission files", "报送材料文件"),
    ("output file: .xlsx for a spreadsheet, anything else for CSV", "输出文件:.xlsx 写成电子表格,其他文件名写成 CSV"),
    ("regime whose category titles to use (default: national)", "使用哪个制度的类别名称(默认:national)"),
    ("language of the table itself (default: zh)", "表格本身的语言(默认:zh)"),
    # timeline, status, quota
    ("recognition record (.toml or .json; - reads standard input)", "认定记录文件(.toml 或 .json;- 表示读取标准输入)"),
    ("date YYYY-MM-DD the statuses are for (default: today)", "状态所对应的日期 YYYY-MM-DD(默认:今天)"),
    ("days before a due day an open item is 'due soon' (default: 30)", "到期日前 DAYS 天起,未完成的事项为“即将到期”(默认:30)"),
    ("also write the dated items as an iCalendar file (RFC 5545)", "同时将有日期的事项写成 iCalendar 文件(RFC 5545)"),
    ("date YYYY-MM-DD of the assessment (default: today)", "评估日期 YYYY-MM-DD(默认:今天)"),
    ("recommendation list (.toml or .json; - reads standard input)", "推荐名单文件(.toml 或 .json;- 表示读取标准输入)"),
    ("year of the call (default: the list's 'call')", "推荐通知的年度(默认:名单中的 'call')"),
    ("date YYYY-MM-DD of the check (default: today)", "检查日期 YYYY-MM-DD(默认:今天)"),
    # batch
    ("Evaluate every row of a flat file under the chosen regimes and write, per row and regime, the overall status and each criterion's status. "
     "Bad rows are reported (row number and column) and skipped; the output is written atomically.",
     "按所选制度评估表格文件的每一行,逐行、逐制度写出总体结论和每项指标的结论。有问题的行会报告(行号和列)并跳过;"
     "输出以原子方式写入(不会留下写到一半的文件)。"),
    ("flat file: .csv, .parquet, .xlsx or .jsonl (- reads CSV from standard input)", "表格文件:.csv、.parquet、.xlsx 或 .jsonl(- 表示从标准输入读取 CSV)"),
    ("output: .csv (UTF-8 with BOM; ids and English values, for machines and Excel; a rejected row's error in --lang) or .xlsx (wide, for people; "
     "with --lang zh its headers and values are Chinese), .jsonl or .parquet (for machines); - for stdout; never the input file",
     "输出:.csv(UTF-8,带 BOM;id 和英文取值,供程序和 Excel 使用;被拒的行的问题按 --lang 的语言写出)或 .xlsx(宽表,供人阅读;"
     "加 --lang zh 时表头和取值为中文)、.jsonl 或 .parquet(供程序使用);- 表示标准输出;不能是输入文件"),
    ("assessment date for every row (default: each row's assessment_date, else today)", "所有行的评估日期(默认:各行的 assessment_date,没有则为今天)"),
    ("input format (default: from the file name)", "输入格式(默认:按文件名判断)"),
    ("output format (default: from the file name)", "输出格式(默认:按文件名判断)"),
    ("encoding of a CSV or JSON Lines input, e.g. gb18030 for a CSV saved by Excel on Chinese Windows "
     "(default: UTF-8 with or without BOM; a CSV that is not UTF-8 but reads as GB18030 is read as GB18030)",
     "CSV 或 JSON Lines 输入文件的编码,例如中文版 Windows 上 Excel 保存的 CSV 用 gb18030"
     "(默认:UTF-8,带或不带 BOM;不是 UTF-8 但可按 GB18030 读取的 CSV 按 GB18030 读取)"),
    ("columns: numpy over many rows; rows: one profile at a time (default: columns when numpy is installed)",
     "columns:用 numpy 对多行一并计算;rows:逐个档案计算(默认:已安装 numpy 时为 columns)"),
    ("CSV reader: arrow (columnar, pyarrow) or text (the stdlib's); default: arrow when installed and the file is UTF-8",
     "CSV 读取方式:arrow(列式读取,需 pyarrow)或 text(Python 标准库);默认:已安装 pyarrow 且文件为 UTF-8 时为 arrow"),
    ("rows evaluated together (default: 16384)", "一并评估的行数(默认:16384)"),
    ("if any row is rejected: write nothing and exit with status 2", "有任何一行被拒时:不写出任何内容,以退出码 2 退出"),
    ("exit with status 1 if any row was rejected (the output is written)", "有任何一行被拒时以退出码 1 退出(输出照常写出)"),
    ("no progress, no per-row problems on stderr", "不在标准错误上显示进度和各行的问题"),
)  # fmt: skip
