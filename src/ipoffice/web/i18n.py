"""Bilingual labels for the web pages. Every key has a Chinese and an English text."""

from __future__ import annotations

from fastapi import Request

from ipoffice.web.labels import DOMAIN_MESSAGES

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
    "nav.screening": ("异常申请筛查", "Screening"),
    "screening.title": ("非正常申请筛查复核", "Abnormal-filing screening review"),
    "screening.notice": (
        "筛查结果仅为提示，须经审查员核实；未经人工确认，不对申请人作出任何决定。",
        "A finding is a signal for an examiner to check; nothing is decided against an "
        "applicant without a person's action.",
    ),
    "screening.behaviour": ("行为类型", "Behaviour"),
    "screening.all_behaviours": ("全部行为类型", "All behaviours"),
    "screening.all_statuses": ("全部状态", "All statuses"),
    "screening.status.open": ("待复核", "Open"),
    "screening.status.confirmed": ("已确认", "Confirmed"),
    "screening.status.dismissed": ("已排除", "Dismissed"),
    "screening.application": ("申请", "Application"),
    "screening.score": ("得分", "Score"),
    "screening.risk": ("申请风险", "Application risk"),
    "screening.as_of": ("筛查日", "Screened as of"),
    "screening.detector": ("检测器", "Detector"),
    "screening.none": ("没有符合条件的筛查结果。", "No findings match."),
    "screening.counts": ("统计", "Counts"),
    "screening.open_by_behaviour": ("按行为类型", "By behaviour"),
    "screening.source": ("依据", "Basis"),
    "screening.evidence": ("证据", "Evidence"),
    "screening.raw": ("原始数据（JSON）", "Raw data (JSON)"),
    "screening.related": ("关联申请", "Related applications"),
    "screening.workbench": ("在审查工作台中打开", "Open in the workbench"),
    "screening.not_on_file": ("（本局无此申请）", "(not an application of this office)"),
    "screening.review": ("复核", "Review"),
    "screening.confirm": ("确认", "Confirm"),
    "screening.dismiss": ("排除", "Dismiss"),
    "screening.reopen": ("重新打开", "Reopen"),
    "screening.reopen_hint": (
        "仅系统管理员可重新打开已复核的结果，并须说明理由。",
        "Only an administrator may reopen a reviewed finding, with a reason.",
    ),
    "screening.note": ("复核意见", "Review note"),
    "screening.note_hint": ("排除时必须填写理由。", "A reason is required to dismiss."),
    "screening.reviewed_by": ("复核人", "Reviewed by"),
    "screening.reviewed_at": ("复核时间", "Reviewed at"),
    "screening.other_findings": ("同一申请的其他结果", "Other findings of this application"),
    "screening.also_cite": ("一并引用的已确认结果", "Also cite these confirmed findings"),
    "screening.clue.title": ("起草移交线索", "Draft a clue for a local bureau"),
    "screening.clue.subject": ("涉及主体名称", "Subject name"),
    "screening.clue.uscc": ("统一社会信用代码（选填）", "Unified social credit code (optional)"),
    "screening.clue.division": ("移交地区", "Division to receive the clue"),
    "screening.clue.division_detail": (
        "更具体的行政区划代码（选填，6位）",
        "A more precise division code (optional, 6 digits)",
    ),
    "screening.clue.summary": ("线索摘要", "Summary"),
    "screening.clue.submit": ("保存线索草稿", "Save the draft clue"),
    "screening.clues": ("引用本结果的线索", "Clues citing this finding"),
    "screening.clue_status.draft": ("草稿", "Draft"),
    "screening.clue_status.transferred": ("已移交", "Transferred"),
    "screening.clue_status.received": ("已接收", "Received"),
    "screening.clue_status.closed": ("已办结", "Closed"),
    "screening.credit.title": ("提议列入失信记录", "Propose a credit record"),
    "screening.credit.subject_type": ("主体类型", "Subject type"),
    "screening.credit.note": ("提议说明", "Grounds"),
    "screening.credit.hint": (
        "仅为提议，须另行作出决定后方生效；列入期限依《国家知识产权局知识产权信用管理规定》。",
        "A proposal only: it takes effect only after a separate decision; the listing period "
        "follows the CNIPA IP credit rules.",
    ),
    "screening.credit.submit": ("提交提议", "Submit the proposal"),
    "screening.credits": ("引用本结果的信用记录", "Credit records citing this finding"),
    "screening.credit_status.proposed": ("已提议", "Proposed"),
    "screening.credit_status.in_effect": ("生效中", "In effect"),
    "screening.credit_status.repaired": ("已修复", "Repaired"),
    "screening.credit_status.expired": ("已届满", "Expired"),
    "screening.subject_type.applicant": ("申请人", "Applicant"),
    "screening.subject_type.agency": ("代理机构", "Agency"),
    "screening.subject_type.agent": ("代理师", "Agent"),
    "screening.done.confirm": ("已确认该结果。", "The finding is confirmed."),
    "screening.done.dismiss": ("已排除该结果。", "The finding is dismissed."),
    "screening.done.reopen": ("已重新打开该结果。", "The finding is open again."),
    "screening.done.clue": ("线索草稿已保存。", "The draft clue is saved."),
    "screening.done.credit": ("信用记录提议已提交。", "The credit record is proposed."),
    "screening.rules.title": ("本局筛查规则", "Office screening rules"),
    "screening.rules.hint": (
        "《规范申请专利行为的规定》第三条第（八）项：本局规定的其他情形，以数据形式维护。",
        "Order No. 77 Art. 3(8): the office's own rules, kept as data.",
    ),
    "screening.rules.none": ("尚无规则。", "No rules yet."),
    "screening.rules.add": ("新增规则", "Add a rule"),
    "screening.rules.edit": ("修改规则", "Edit the rule"),
    "screening.rules.code": ("规则编号", "Code"),
    "screening.rules.rule_title": ("规则名称", "Title"),
    "screening.rules.score": ("得分（0-1）", "Score (0-1)"),
    "screening.rules.basis": ("依据", "Basis"),
    "screening.rules.effective_from": ("生效日（选填）", "In effect from (optional)"),
    "screening.rules.effective_to": ("失效日（选填）", "In effect until (optional)"),
    "screening.rules.condition": ("条件（JSON）", "Condition (JSON)"),
    "screening.rules.condition_hint": (
        '例如 {"all": [{"field": "kind", "op": "eq", "value": "utility_model"}]}',
        'e.g. {"all": [{"field": "kind", "op": "eq", "value": "utility_model"}]}',
    ),
    "screening.rules.active": ("启用", "Active"),
    "screening.rules.inactive": ("已停用", "Inactive"),
    "screening.rules.activate": ("启用", "Activate"),
    "screening.rules.deactivate": ("停用", "Deactivate"),
    "screening.rules.save": ("保存", "Save"),
    "screening.rules.saved": ("已保存规则", "Saved rule"),
    "screening.rules.updated": ("更新时间", "Updated"),
    "ev.similarity": ("相似度", "Similarity"),
    "ev.estimated_similarity": ("估计相似度", "Estimated similarity"),
    "ev.measure": ("计算方法", "Measure"),
    "ev.same_applicant": ("同一申请人", "Same applicant"),
    "ev.other_applicants": ("对方申请人", "Other applicants"),
    "ev.shared_sentences": ("相同语句", "Shared sentences"),
    "ev.near_duplicates": ("近似申请", "Near duplicates"),
    "ev.group_size": ("组内申请数", "Group size"),
    "ev.passages": ("相关段落", "Passages"),
    "ev.signals": ("触发信号", "Signals"),
    "ev.rule": ("规则编号", "Rule"),
    "ev.title": ("名称", "Title"),
    "ev.basis": ("依据", "Basis"),
    "ev.tests": ("条件检验", "Tests"),
    "ev.test": ("条件", "Test"),
    "ev.value": ("实际值", "Value"),
    "ev.passed": ("满足", "Passed"),
    "ev.entity": ("申请主体", "Entity"),
    "ev.month": ("月份", "Month"),
    "ev.applications_in_month": ("当月申请量", "Applications in the month"),
    "ev.ratio_to_baseline": ("相对基线倍数", "Ratio to baseline"),
    "ev.baseline": ("基线", "Baseline"),
    "ev.monthly_series": ("月度申请量", "Monthly applications"),
    "ev.monthly": ("月度申请量", "Monthly applications"),
    "ev.cluster": ("关联群组", "Cluster"),
    "ev.member_count": ("成员数", "Members"),
    "ev.members": ("成员", "Members"),
    "ev.applications": ("申请量", "Applications"),
    "ev.period": ("时间段", "Period"),
    "ev.places": ("地点", "Places"),
    "ev.agency": ("代理机构", "Agency"),
    "ev.agents": ("代理师", "Agents"),
    "ev.rate": ("比例", "Rate"),
    "ev.lower_bound": ("比例下限", "Lower bound"),
    "ev.flagged": ("被标记申请", "Flagged"),
    "ev.behaviours": ("行为类型", "Behaviours"),
    "ev.inventors": ("发明人", "Inventors"),
    "error.title": ("出错了", "Something went wrong"),
    "error.back": ("返回首页", "Back to home"),
}


def _merge_domain_labels() -> None:
    """Add each domain's labels; a key defined twice is a mistake, not an override."""
    for messages in DOMAIN_MESSAGES:
        twice = sorted(set(messages) & set(MESSAGES))
        if twice:
            raise RuntimeError(f"labels defined twice: {twice}")
        MESSAGES.update(messages)


_merge_domain_labels()


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
