"""Every fixed wording of the printed documents, in English and Simplified Chinese.

The core cannot use Qt's catalogues, so the words live here as data: each
entry is an (English, Chinese) pair, picked by ``say`` or ``pick``. Named
placeholders (``{name}``) are filled by the documents.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import resources
from app.domain.offers import Method
from app.domain.products import RuleResult

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
Pair = tuple[str, str]

#: the bank's name when the profile names none
BANK = "LoanDesk"


def pick(pair: Pair, language: Language) -> str:
    return pair[1] if language == "zh" else pair[0]


def say(key: str, language: Language, **values: object) -> str:
    """The wording ``key`` in ``language``, its placeholders filled from ``values``."""
    text = pick(WORDS[key], language)
    return text.format(**values) if values else text


def label(table: Mapping[str, Pair], code: str, language: Language) -> str:
    """A code's words from ``table``; the code itself, made readable, when it has none."""
    pair = table.get(code)
    return pick(pair, language) if pair is not None else code.replace("_", " ")


#: the screens' Chinese catalogue: what a rule found is said once, for screens and paper
CATALOGUE = Path(resources.__file__).resolve().parent / "translations" / "loandesk_zh_CN.ts"


@functools.cache
def _catalogue(context: str) -> dict[str, str]:
    """The finished Chinese translations of one context of the screens' catalogue."""
    found: dict[str, str] = {}
    for node in ET.parse(CATALOGUE).getroot().iter("context"):
        if node.findtext("name") != context:
            continue
        for message in node.iter("message"):
            source, translation = message.find("source"), message.find("translation")
            if source is None or translation is None or translation.get("type"):
                continue
            if source.text and translation.text:
                found[source.text] = translation.text
    return found


_ARREARS: dict[str, Pair] = {"yes": ("yes", "有"), "no": ("no", "无")}
_ID_PROBLEMS: dict[str, str] = {
    "id.format": "应为 18 位，最后一位可为 X",
    "id.region": "前两位不是省级行政区代码",
    "id.birth": "号码中的出生日期无效",
    "id.check": "校验位不符，可能有数字输错",
}


def rule_detail(result: RuleResult, language: Language) -> str:
    """What a policy rule found, in ``language`` (English as the rule said it, if unknown)."""
    if language == "en" or not result.template:
        return result.detail
    template = _catalogue("Rules").get(result.template)
    if template is None:
        return result.detail
    args = list(result.args)
    if result.problem is not None and args:
        args[0] = _ID_PROBLEMS.get(result.problem, args[0])
    elif result.code == "no_arrears" and args:
        args[0] = pick(_ARREARS.get(args[0], (args[0], args[0])), language)
    return template.format(*args)


WORDS: dict[str, Pair] = {
    # every page
    "footer_case": ("Case {case} · printed {time}", "案件编号 {case} · 打印时间 {time}"),
    "footer": ("Printed {time}", "打印时间 {time}"),
    "page": ("Page {page} of {pages}", "第 {page} 页，共 {pages} 页"),
    "dear": ("Dear {name},", "尊敬的{name}："),
    "applicant": ("Applicant", "申请人"),
    "case": ("Case number", "案件编号"),
    "date": ("Date", "日期"),
    # the loan's terms
    "product": ("Product", "贷款产品"),
    "amount": ("Amount", "贷款金额"),
    "term": ("Term", "贷款期限"),
    "months": ("{n} months", "{n} 个月"),
    "rate": ("Interest rate", "年利率"),
    "rate_value": ("{rate} a year, fixed for the whole term", "{rate}，整个贷款期内固定"),
    "fee": ("Arrangement fee", "手续费"),
    "fee_value": (
        "{money} ({share} of the amount, paid at the start)",
        "{money}（贷款金额的 {share}，放款时收取）",
    ),
    "method": ("Repayment method", "还款方式"),
    "instalment": ("Monthly instalment", "每月还款额"),
    "apr": ("Annual percentage rate (APR)", "年化利率（APR）"),
    "total_interest": ("Total interest", "利息总额"),
    "total_cost": ("Total cost of credit (interest and fee)", "贷款总成本（利息及手续费）"),
    "total_repaid": ("Total to repay", "还款总额"),
    "apr_short": ("APR", "年化利率"),
    "total_cost_short": ("Total cost", "总成本"),
    # the offer
    "offer_title": ("Loan offer and repayment schedule", "贷款报价及还款计划"),
    "offer_intro": (
        "These are the terms we can offer for the loan you asked about, with every "
        "monthly payment. Please read them before you decide.",
        "以下是我行就您咨询的贷款可提供的条件及每期还款明细，请在决定前仔细阅读。",
    ),
    "offer_terms": ("The loan", "贷款条件"),
    "schedule": ("Repayment schedule: {method}", "还款计划：{method}"),
    "in_cny": ("Amounts in CNY.", "金额单位：元。"),
    "col_no": ("No.", "期数"),
    "col_payment": ("Payment", "还款额"),
    "col_principal": ("Principal", "本金"),
    "col_interest": ("Interest", "利息"),
    "col_balance": ("Still owed", "剩余本金"),
    "total": ("Total", "合计"),
    "compare": ("The repayment methods compared", "各种还款方式比较"),
    "compare_intro": (
        "The same loan under each repayment method this product offers, so you can choose.",
        "同一笔贷款在本产品各种还款方式下的比较，供您选择。",
    ),
    "chosen": ("{method} (this offer)", "{method}（本报价）"),
    "falling": ("{first} falling to {last}", "首期 {first}，逐月递减至 {last}"),
    "balloon": ("{first}; the last {last}", "每月 {first}，末期 {last}"),
    "offer_note": (
        "This offer is not a decision on an application. Interest is charged each month on "
        "what is still owed; every amount is rounded to the cent and the last instalment "
        "takes up the rounding. The APR includes the arrangement fee.",
        "本报价不代表对贷款申请的审批决定。利息按每月剩余本金计算；各项金额四舍五入到分，"
        "尾差计入最后一期。年化利率已包含手续费。",
    ),
    # the approval letter
    "approval_title": ("Loan approval", "贷款批准通知书"),
    "approval_intro": (
        "We are pleased to tell you that your loan application {case} has been approved "
        "on the terms below.",
        "我们很高兴地通知您，您的贷款申请（案件编号 {case}）已按以下条件获得批准。",
    ),
    "approval_terms": ("The approved loan", "批准的贷款"),
    "conditions": ("Conditions", "批准条件"),
    "conditions_intro": (
        "The loan is paid out once these conditions are met:",
        "满足以下条件后方可放款：",
    ),
    "no_conditions": ("The approval carries no conditions.", "本次批准无附加条件。"),
    "validity": ("Validity", "有效期"),
    "validity_text": (
        "This approval is valid until {date}. After that date, please ask us to look at "
        "your application again.",
        "本批准有效期至 {date}。逾期请联系我行重新审核您的申请。",
    ),
    "approved_by": ("Approved by", "审批人"),
    "col_name": ("Name", "姓名"),
    "col_tier": ("Role", "职级"),
    "col_signed": ("Signed on", "签署日期"),
    "approval_close": (
        "Please bring this letter and your identity card when you come to sign the loan contract.",
        "签订借款合同时，请携带本通知书及本人身份证件。",
    ),
    # the decline notice
    "decline_title": ("Decision on your loan application", "贷款申请结果通知书"),
    "decline_intro": (
        "Thank you for your application {case} for a {product} of {amount}. We have "
        "reviewed it carefully and are unable to offer you this loan.",
        "感谢您申请{product}（案件编号 {case}，申请金额 {amount}）。经审慎审核，"
        "我行目前无法向您发放此笔贷款。",
    ),
    "decline_intro_plain": (
        "Thank you for your application {case}. We have reviewed it carefully and are "
        "unable to offer you a loan.",
        "感谢您的贷款申请（案件编号 {case}）。经审慎审核，我行目前无法向您发放贷款。",
    ),
    "decided_on": ("Date of the decision", "决定日期"),
    "reasons": ("The principal reasons for our decision", "作出此决定的主要原因"),
    "rights": (
        "You have the right to ask us for a fuller explanation of these reasons, and you "
        "may apply again at any time, for example when your circumstances change.",
        "您有权要求我行就上述原因作出进一步说明，也可以随时重新申请，例如在您的情况发生变化之后。",
    ),
    # the credit memo
    "memo_title": ("Credit memo", "授信审查报告"),
    "memo_internal": (
        "Internal, for the case file. ID and phone numbers are shown masked.",
        "内部资料，仅供存档。身份证号码和电话号码已遮蔽显示。",
    ),
    "status": ("Status", "状态"),
    "loan_requested": ("Loan requested", "贷款申请"),
    "documents": ("Documents", "申请材料"),
    "col_document": ("Document", "材料"),
    "col_kind": ("Kind", "类型"),
    "col_status": ("Status", "状态"),
    "col_fields": ("Fields confirmed or read", "已确认或识别的字段"),
    "no_documents": ("No documents on the case.", "案件中没有材料。"),
    "risk": ("Risk assessment", "风险评估"),
    "not_scored": ("The case has not been scored.", "案件尚未评分。"),
    "model": ("Model", "模型"),
    "model_value": ("{model}, version {version} ({role})", "{model}，版本 {version}（{role}）"),
    "champion": ("champion", "主模型"),
    "challenger": ("challenger", "挑战者模型"),
    "pd": ("Probability of default", "违约概率"),
    "score": ("Score", "评分"),
    "grade": ("Grade", "风险等级"),
    "scored_at": ("Scored", "评分时间"),
    "stale": (
        "Stale: the case changed after this score.",
        "已过期：评分后案件有变更。",
    ),
    "main_reasons": ("Main reasons", "主要原因"),
    "challenger_model": ("The challenger model, for comparison", "挑战者模型（供比较）"),
    "reasons_short": ("Reasons", "原因"),
    "signature_of": ("{decision} signed by {name}", "{decision}：{name} 签署"),
    "rules": ("Policy rules", "政策规则"),
    "route": ("The rules propose: {route}.", "规则建议：{route}。"),
    "no_rules": ("No product is chosen, so no rules apply yet.", "尚未选择产品，暂无适用规则。"),
    "col_rule": ("Rule", "规则"),
    "col_result": ("Result", "结果"),
    "col_detail": ("Detail", "说明"),
    "history": ("Decision history", "审批记录"),
    "col_when": ("When", "时间"),
    "col_who": ("Who", "操作人"),
    "col_what": ("What", "事项"),
    "signatures": ("Signatures", "签名"),
    "no_signatures": ("No signature on the case yet.", "案件尚无签名。"),
    "all_verify": (
        "Every signature verifies against the record.",
        "所有签名均与记录核对一致。",
    ),
    "some_fail": (
        "A signature does not verify against the record; see below.",
        "有签名未能与记录核对一致，详见下文。",
    ),
    "decision": ("Decision", "决定"),
    "signed_by": ("Signed by", "签署人"),
    "tier": ("Tier", "职级"),
    "signed_at": ("Signed", "签署时间"),
    "verification": ("Verification", "验证结果"),
    "note": ("Note", "备注"),
    "drawn": ("Signature drawn on screen", "屏幕手写签名"),
    "no_image": ("No drawn signature.", "无手写签名。"),
    "none": ("none", "无"),
    # the product sheet
    "sheet_title": ("{product}: product sheet", "{product}产品说明"),
    "sheet_intro": (
        "What this loan offers, what to bring when you apply, and how each way of "
        "repaying works. Every application is decided on its own merits.",
        "本说明介绍本贷款的基本条件、申请所需材料及各种还款方式。每笔申请均由我行单独审核。",
    ),
    "sheet_terms": ("At a glance", "基本条件"),
    "amount_range": ("{low} to {high}", "{low} 至 {high}"),
    "term_range": ("{low} to {high} months", "{low} 至 {high} 个月"),
    "fee_share": ("{share} of the amount, paid at the start", "贷款金额的 {share}，放款时收取"),
    "methods": ("Repayment methods", "还款方式"),
    "bring": ("What to bring", "申请所需材料"),
    "bring_intro": (
        "For each line, bring one of the papers named, as originals: we scan them at the desk.",
        "下列每一项请携带所列材料之一（原件，我们在柜台扫描）：",
    ),
    "how": ("How repayment works", "还款方式说明"),
    "example": (
        "An example: {amount} over {months} months at {rate} a year, with an arrangement "
        "fee of {fee}. Every method below repays this same loan.",
        "示例：贷款 {amount}，期限 {months} 个月，年利率 {rate}，手续费 {fee}。"
        "以下各种还款方式均按这笔贷款计算。",
    ),
    "first_payment": ("First instalment", "首期还款额"),
    "last_payment": ("Last instalment", "末期还款额"),
}

METHODS: dict[str, Pair] = {
    Method.EQUAL_INSTALMENTS: ("Equal instalments", "等额本息"),
    Method.EQUAL_PRINCIPAL: ("Equal principal", "等额本金"),
    Method.INTEREST_ONLY: ("Interest only (principal at the end)", "按月付息到期还本"),
}

METHOD_HOW: dict[str, Pair] = {
    Method.EQUAL_INSTALMENTS: (
        "You pay the same amount every month. Early payments are mostly interest, later "
        "ones mostly principal.",
        "每月还款额相同。前期还款中利息占比较高，后期本金占比较高。",
    ),
    Method.EQUAL_PRINCIPAL: (
        "You repay the same part of the principal every month, plus that month's interest "
        "on what is still owed, so payments start higher and fall each month. The total "
        "interest is lower.",
        "每月偿还相同的本金，另付当月剩余本金的利息，因此还款额逐月递减，利息总额较少。",
    ),
    Method.INTEREST_ONLY: (
        "You pay only the month's interest every month and repay the whole principal with "
        "the last instalment. Monthly payments are low, but the last one is large and the "
        "total interest is the highest.",
        "每月只支付当月利息，本金在最后一期一次还清。每月还款额较低，但最后一期金额较大，"
        "利息总额最高。",
    ),
}

RULES: dict[str, Pair] = {
    "amount_range": ("Amount within the product's range", "金额在产品范围内"),
    "term_range": ("Term within the product's range", "期限在产品范围内"),
    "age_at_maturity": ("Age at the last instalment", "末期还款时年龄"),
    "min_income": ("Minimum income", "最低收入"),
    "max_dti": ("Debt-to-income cap", "负债收入比上限"),
    "max_ltv": ("Loan-to-value cap", "贷款价值比上限"),
    "valid_id": ("Valid ID number", "身份证号有效"),
    "fresh_documents": ("Documents within validity", "材料在有效期内"),
    "no_arrears": ("No arrears on file", "无逾期记录"),
}

#: a failed rule as the applicant reads it in a decline notice
RULES_PLAIN: dict[str, Pair] = {
    "amount_range": (
        "The amount requested is outside what this product lends.",
        "申请金额超出本产品的贷款额度范围。",
    ),
    "term_range": (
        "The term requested is outside what this product allows.",
        "申请期限超出本产品允许的范围。",
    ),
    "age_at_maturity": (
        "Your age at the end of the loan would be above this product's limit.",
        "贷款到期时您的年龄将超过本产品的上限。",
    ),
    "min_income": (
        "Your income is below the minimum for this product.",
        "您的收入低于本产品的最低要求。",
    ),
    "max_dti": (
        "With this loan, your debt payments would take too large a share of your income.",
        "加上本笔贷款，您的还款额占收入的比例过高。",
    ),
    "max_ltv": (
        "The loan is too large compared with the value of what it would buy.",
        "贷款金额相对于所购物品的价值过高。",
    ),
    "valid_id": ("We could not verify your identity document.", "我行无法核实您的身份证件。"),
    "fresh_documents": (
        "Some of the documents given were out of date.",
        "您提供的部分材料已超过有效期。",
    ),
    "no_arrears": ("There are arrears on your credit record.", "您的信用记录中有逾期。"),
}

OUTCOMES: dict[str, Pair] = {
    "pass": ("passes", "通过"),
    "fail": ("fails", "未通过"),
    "unknown": ("cannot tell", "无法判断"),
}

ROUTES: dict[str, Pair] = {
    "approve": ("approval", "批准"),
    "refer": ("a supervisor's judgement", "由主管判断"),
    "decline": ("a decline", "拒绝"),
}

STATUSES: dict[str, Pair] = {
    "draft": ("Draft", "草稿"),
    "submitted": ("Submitted", "已提交"),
    "in_review": ("In review", "审核中"),
    "approved": ("Approved", "已批准"),
    "declined": ("Declined", "已拒绝"),
    "returned": ("Returned", "已退回"),
    "accepted": ("Accepted", "已接受"),
    "withdrawn": ("Withdrawn", "已撤回"),
}

DECISIONS: dict[str, Pair] = {
    "approve": ("Approval", "批准"),
    "decline": ("Decline", "拒绝"),
    "return": ("Return to the officer", "退回信贷员"),
}

TIERS: dict[str, Pair] = {
    "supervisor": ("Supervisor", "主管"),
    "branch_manager": ("Branch manager", "支行行长"),
}

#: one step of a case's decision history; ``{value}`` is its detail
STEPS: dict[str, Pair] = {
    "opened": ("Case opened", "开立案件"),
    "scored": ("Scored: grade {value}", "评分：等级 {value}"),
    "submitted": ("Submitted; the rules proposed {value}", "提交审核；规则建议{value}"),
    "review": ("Taken for review", "接手审核"),
    "signed": ("Signed: {value}", "签署：{value}"),
    "signed_void": (
        "Signed: {value} (void: the case changed)",
        "签署：{value}（已作废：案件已更改）",
    ),
    "accepted": ("The applicant accepted the offer", "申请人接受了贷款条件"),
    "withdrawn": ("Withdrawn: {value}", "撤回：{value}"),
}

VERIFICATION: dict[str, Pair] = {
    "valid": ("The signature verifies; it is in force.", "签名验证通过，有效。"),
    "void": (
        "The signature verifies; it is void because the case changed after it.",
        "签名验证通过；签署后案件有变更，已作废。",
    ),
    "failed": ("The signature does not verify.", "签名未通过验证。"),
}

DOCUMENT_STATUSES: dict[str, Pair] = {
    "attached": ("Attached", "已添加"),
    "read": ("Read, to confirm", "已识别，待确认"),
    "confirmed": ("Confirmed", "已确认"),
}

#: the case's own fields
FIELDS: dict[str, Pair] = {
    "full_name": ("Full name", "姓名"),
    "id_number": ("Resident ID number", "居民身份证号码"),
    "date_of_birth": ("Date of birth", "出生日期"),
    "phone": ("Phone", "电话"),
    "address": ("Address", "住址"),
    "home": ("Housing", "住房状况"),
    "employer": ("Employer", "工作单位"),
    "job_type": ("Employment type", "就业类型"),
    "employed_since": ("Employed since", "入职日期"),
    "monthly_income": ("Monthly income", "月收入"),
    "monthly_expenses": ("Monthly living expenses", "每月生活支出"),
    "monthly_debt_payments": ("Monthly debt payments", "每月还债额"),
    "total_debt": ("Outstanding debt", "负债余额"),
    "assets": ("Assets", "资产"),
    "arrears_on_file": ("Arrears on file", "逾期记录"),
    "product": ("Product", "贷款产品"),
    "requested_amount": ("Amount requested", "申请金额"),
    "purchase_price": ("Price of what the loan buys", "所购物品价格"),
    "term_months": ("Term", "期限"),
    "purpose": ("Purpose", "贷款用途"),
}

CHOICES: dict[str, Pair] = {
    "owner": ("Owns the home", "自有住房"),
    "parents": ("Lives with parents", "与父母同住"),
    "rent": ("Rents", "租房"),
    "other": ("Other", "其他"),
    "fixed": ("Permanent employee", "固定雇员"),
    "freelance": ("Self-employed or freelance", "个体经营或自由职业"),
    "partime": ("Part-time", "兼职"),
    "others": ("Other", "其他"),
    "no": ("No", "无"),
    "yes": ("Yes", "有"),
}

#: the fields read from documents (``ocr.fields.FIELDS``)
DOCUMENT_FIELDS: dict[str, Pair] = {
    "full_name": ("Full name", "姓名"),
    "sex": ("Sex", "性别"),
    "ethnicity": ("Ethnicity", "民族"),
    "date_of_birth": ("Date of birth", "出生日期"),
    "address": ("Address", "住址"),
    "id_number": ("ID number", "身份证号码"),
    "issuing_authority": ("Issuing authority", "签发机关"),
    "valid_from": ("Valid from", "有效期起"),
    "valid_until": ("Valid until", "有效期至"),
    "passport_number": ("Passport number", "护照号码"),
    "surname": ("Surname", "姓"),
    "given_names": ("Given names", "名"),
    "nationality": ("Nationality", "国籍"),
    "expiry_date": ("Expiry date", "有效期至"),
    "employer": ("Employer", "工作单位"),
    "pay_period": ("Pay period", "工资月份"),
    "gross_pay": ("Gross pay", "应发工资"),
    "net_pay": ("Net pay", "实发工资"),
    "currency": ("Currency", "币种"),
    "bank_name": ("Bank", "银行"),
    "account_number": ("Account number", "账号"),
    "period_start": ("Period start", "起始日期"),
    "period_end": ("Period end", "截止日期"),
    "average_monthly_inflow": ("Average monthly inflow", "月均收入"),
    "average_monthly_outflow": ("Average monthly outflow", "月均支出"),
    "average_balance": ("Average balance", "日均余额"),
    "salary_credit": ("Salary credit", "工资入账"),
    "company_name": ("Company name", "企业名称"),
    "credit_code": ("Unified social credit code", "统一社会信用代码"),
    "legal_representative": ("Legal representative", "法定代表人"),
    "registered_capital": ("Registered capital", "注册资本"),
    "established_on": ("Established on", "成立日期"),
    "provider": ("Provider", "收费单位"),
    "bill_date": ("Bill date", "账单日期"),
    "amount_due": ("Amount due", "应缴金额"),
}
