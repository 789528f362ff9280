"""Bilingual labels for the web pages. Every key has a Chinese and an English text."""

from __future__ import annotations

from fastapi import Request

LANGUAGES = ("zh", "en")
LANG_COOKIE = "ipoffice_lang"

MESSAGES: dict[str, tuple[str, str]] = {
    "site.name": ("知识产权业务平台", "IP Office Platform"),
    "nav.home": ("首页", "Home"),
    "nav.inquiry": ("案件状态查询", "Status inquiry"),
    "nav.applications": ("申请案件", "Applications"),
    "nav.users": ("用户管理", "Users"),
    "nav.audit": ("审计日志", "Audit log"),
    "nav.login": ("登录", "Log in"),
    "nav.logout": ("退出", "Log out"),
    "nav.api_docs": ("接口文档", "API documentation"),
    "lang.switch": ("English", "中文"),
    "login.title": ("用户登录", "Log in"),
    "login.username": ("用户名", "Username"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码错误", "Wrong username or password"),
    "login.locked": (
        "该用户名登录失败次数过多，请稍后再试。",
        "Too many failed logins for this username; try again later.",
    ),
    "home.welcome": ("欢迎", "Welcome"),
    "home.public_intro": (
        "输入申请号即可查询专利和商标申请的公开状态，无需登录。",
        "Look up the public status of a patent or trademark application by its number; "
        "no login needed.",
    ),
    "home.your_roles": ("您的角色", "Your roles"),
    "home.what_you_can_do": ("您可以使用", "What you can use"),
    "home.my_applications": ("我的申请", "My applications"),
    "home.examination_queue": ("审查案件", "Applications to examine"),
    "home.users": ("用户与角色", "Users and roles"),
    "home.audit": ("审计日志核验", "Audit log verification"),
    "inquiry.title": ("申请状态查询", "Application status inquiry"),
    "inquiry.number": ("申请号 / 注册号", "Application number"),
    "inquiry.placeholder": ("如 2023101234566 或 2023 1 0123456.6", "e.g. 202310123456.6"),
    "inquiry.submit": ("查询", "Look up"),
    "inquiry.hint": (
        "专利申请号 12 位加校验位；商标为注册号/申请号。",
        "Patent numbers have 12 digits plus a check digit; trademarks use their serial number.",
    ),
    "inquiry.not_found": (
        "未找到该申请号的申请，请核对后重新输入。",
        "No application has this number; check it and try again.",
    ),
    "inquiry.malformed": (
        "申请号格式不正确，请核对后重新输入。",
        "This is not a valid application number; check it and try again.",
    ),
    "field.number": ("申请号", "Number"),
    "field.title": ("名称", "Title"),
    "field.kind": ("类型", "Type"),
    "field.status": ("状态", "Status"),
    "field.filing_date": ("申请日", "Filing date"),
    "field.priority_date": ("优先权日", "Priority date"),
    "field.publication_date": ("公布/公告日", "Publication date"),
    "field.decision_date": ("决定日", "Decision date"),
    "field.timeline": ("案件进程", "Timeline"),
    "field.deadlines": ("法定期限", "Legal deadlines"),
    "deadline.due": ("届满日", "Due"),
    "deadline.moved": ("原届满日为节假日，顺延自", "moved from a non-working day"),
    "deadline.start": ("起算日", "Runs from"),
    "field.version": ("版本", "Version"),
    "field.note": ("备注", "Note"),
    "field.username": ("用户名", "Username"),
    "field.display_name": ("姓名", "Name"),
    "field.roles": ("角色", "Roles"),
    "field.active": ("启用", "Active"),
    "title.withheld": (
        "（申请内容公布前保密）",
        "(confidential until the application is published)",
    ),
    "apps.title": ("申请案件", "Applications"),
    "apps.none": ("没有符合条件的申请。", "No applications match."),
    "apps.filter": ("筛选", "Filter"),
    "apps.all_statuses": ("全部状态", "All statuses"),
    "apps.all_kinds": ("全部类型", "All types"),
    "apps.total": ("共", "Total"),
    "apps.next": ("下一页", "Next page"),
    "apps.prev": ("上一页", "Previous page"),
    "apps.change_status": ("变更状态", "Change status"),
    "apps.move_to": ("变更为", "Move to"),
    "apps.no_moves": ("该案件已结案，无可用操作。", "This application is closed."),
    "apps.changed": ("状态已更新。", "Status updated."),
    "audit.title": ("审计日志核验", "Audit log verification"),
    "audit.recent": ("最近记录", "Recent records"),
    "audit.ok": ("审计链完整", "Audit chain intact"),
    "audit.broken": ("审计链被篡改", "Audit chain broken"),
    "report.title": ("检索报告（AI辅助）", "Search report (AI-assisted)"),
    "report.document": ("文献", "Document"),
    "report.cutoff": ("检索截止日", "Prior-art cut-off"),
    "report.notice": (
        "本报告由系统辅助生成，列出供审查员核对的候选文献与段落，不构成审查意见。",
        "Generated with AI assistance: candidate documents and passages for the examiner to "
        "check. It is not an examination opinion.",
    ),
    "report.claim": ("权利要求", "Claim"),
    "report.element": ("技术特征", "Element"),
    "report.passage": ("最佳匹配段落", "Best-matching passage"),
    "report.coverage": ("覆盖度", "Coverage"),
    "report.matched": ("匹配词", "Matched terms"),
    "wb.title": ("审查工作台", "Examiner workbench"),
    "wb.all_open": ("全部待审", "All open"),
    "wb.text": ("文本", "Text"),
    "wb.no_text": (
        "该申请的文本（权利要求书等）尚未导入，无法检索。",
        "This application's text (claims etc.) is not on file yet, so it cannot be searched.",
    ),
    "wb.claims": ("权利要求", "Claims"),
    "wb.search": ("现有技术检索", "Prior-art search"),
    "wb.query": ("检索式（留空则以权利要求检索）", "Query (empty: the claims are searched)"),
    "wb.query_hint": ("可输入中文或英文", "Chinese or English"),
    "wb.mode": ("检索方式", "Mode"),
    "wb.run_search": ("检索", "Search"),
    "wb.no_results": ("截止日前没有找到相关文献。", "Nothing found before the cut-off."),
    "wb.compare": ("特征对比", "Side-by-side comparison"),
    "wb.report": ("检索报告", "Search report"),
    "wb.draft_report": ("生成检索报告草稿", "Draft a search report"),
    "home.workbench": ("审查工作台", "Examiner workbench"),
    "error.title": ("出错了", "Something went wrong"),
    "error.back": ("返回首页", "Back to home"),
}


def language(request: Request) -> str:
    """The page language: ?lang=, then the cookie, then Accept-Language, then Chinese."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LANGUAGES:
        return asked
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("en"):
        return "en"
    return "zh"


def translate(key: str, lang: str) -> str:
    zh, en = MESSAGES[key]
    return en if lang == "en" else zh


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]
