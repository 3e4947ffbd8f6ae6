"""The branch report as PDF: the dashboard's figures on paper, in English or Chinese.

It names no applicant: counts, shares, amounts, decline reasons and the
officers' names only.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from app.letters import formats
from app.letters.facts import Letterhead
from app.letters.parts import document
from app.letters.pdf import Bars, Column, Heading, Pairs, Paragraph, Table, blocks, render
from app.letters.texts import STATUSES, Language, Pair, label, pick
from app.services.reports import WRITTEN, BranchFigures

WORDS: dict[str, Pair] = {
    "title": ("Branch report", "支行业务报告"),
    "scope": ("What it covers", "报告范围"),
    "period": ("Period", "期间"),
    "all_time": ("All time", "全部时间"),
    "from_to": ("{since} to {until}", "{since} 至 {until}"),
    "from": ("From {since}", "{since} 起"),
    "to": ("Up to {until}", "截至 {until}"),
    "product": ("Product", "产品"),
    "officer": ("Officer", "信贷员"),
    "all": ("All", "全部"),
    "how": (
        "The pipeline, grades, overrides, workload and missing documents count the cases "
        "opened in the period; decisions and turnaround count the cases decided in it.",
        "进件、风险等级、等级调整、工作量与缺件统计期间内开立的案件；审批结果与办理时长统计期间内作出决定的案件。",
    ),
    "pipeline": ("Pipeline: cases opened, by status now", "进件：期间开立的案件及当前状态"),
    "decisions": ("Decisions", "审批结果"),
    "decided": ("Decided", "已决定"),
    "approved": ("Approved", "批准"),
    "declined": ("Declined", "拒绝"),
    "approval_rate": ("Approval rate", "批准率"),
    "approved_amount": ("Amount approved", "批准金额"),
    "turnaround": ("Opening to decision", "开立至决定"),
    "turnaround_value": (
        "median {median} days, 90% within {p90} days, mean {mean} days",
        "中位数 {median} 天，90% 在 {p90} 天内，平均 {mean} 天",
    ),
    "none": ("—", "—"),
    "reasons": ("Top decline reasons", "主要拒绝原因"),
    "written": ("In the supervisor's own words", "主管自行填写的原因"),
    "no_reasons": ("No case was declined in the period.", "期间内没有被拒绝的案件。"),
    "grades": ("Risk grades of the cases opened", "期间开立案件的风险等级"),
    "grade": ("Grade {grade}", "等级 {grade}"),
    "unscored": ("Not scored", "未评分"),
    "overrides": ("Grade overrides", "等级调整"),
    "better": ("To a better grade", "调高等级"),
    "worse": ("To a worse grade", "调低等级"),
    "workload": ("Officers' workload", "信贷员工作量"),
    "col_officer": ("Officer", "信贷员"),
    "col_opened": ("Opened", "开立"),
    "col_with": ("With the officer", "信贷员处理中"),
    "col_review": ("In review", "审核中"),
    "col_decided": ("Decided", "已决定"),
    "missing": ("Documents missing from open cases", "未结案件缺少的材料"),
    "no_missing": ("No open case lacks a document.", "没有缺少材料的未结案件。"),
    "cases": ("{count} cases", "{count} 件"),
    "drift": ("Model drift", "模型漂移"),
    "model": ("Model", "模型"),
    "scored": ("Cases scored", "已评分案件"),
    "score_psi": ("Score PSI", "评分 PSI"),
    "worst": ("Most drifted input", "漂移最大的输入"),
    "few": (
        "Fewer than 30 cases: the PSI is mostly chance so far.",
        "案件少于 30 件：PSI 目前主要反映随机波动。",
    ),
    "no_model": ("No model is in use here.", "本机未使用模型。"),
    "footer": ("Branch report · made {time}", "支行业务报告 · 生成时间 {time}"),
}
BANDS: dict[str, Pair] = {
    "stable": ("stable", "稳定"),
    "watch": ("watch", "关注"),
    "act": ("act", "需处理"),
}


def _say(key: str, language: Language, **values: object) -> str:
    text = pick(WORDS[key], language)
    return text.format(**values) if values else text


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def branch_report(head: Letterhead, report: BranchFigures, product_names: dict[str, Pair]) -> bytes:
    """The report as PDF bytes, made in memory."""
    lang = head.language
    f = report.figures
    scope = f.scope
    if scope.since and scope.until:
        period = _say("from_to", lang, since=scope.since, until=scope.until)
    elif scope.since:
        period = _say("from", lang, since=scope.since)
    elif scope.until:
        period = _say("to", lang, until=scope.until)
    else:
        period = _say("all_time", lang)
    product = label(product_names, scope.product, lang) if scope.product else _say("all", lang)
    officer = report.names.get(scope.officer, scope.officer) if scope.officer else _say("all", lang)
    t = f.turnaround
    turnaround = (
        _say(
            "turnaround_value",
            lang,
            median=_days(t.median_days),
            p90=_days(t.p90_days),
            mean=_days(t.mean_days),
        )
        if t.cases
        else _say("none", lang)
    )
    parts = blocks(
        Heading(_say("scope", lang)),
        Pairs(
            (
                (_say("period", lang), period),
                (_say("product", lang), product),
                (_say("officer", lang), officer),
            )
        ),
        Paragraph(_say("how", lang), small=True),
        Heading(_say("pipeline", lang)),
        Bars(
            tuple(
                (label(STATUSES, status.value, lang), float(count), str(count))
                for status, count in f.pipeline
            )
        ),
        Heading(_say("decisions", lang)),
        Pairs(
            (
                (_say("decided", lang), str(f.decided)),
                (_say("approved", lang), str(f.approved)),
                (_say("declined", lang), str(f.declined)),
                (_say("approval_rate", lang), _share(f.approval_rate)),
                (_say("approved_amount", lang), formats.money(f.approved_amount, lang)),
                (_say("turnaround", lang), turnaround),
            )
        ),
        Heading(_say("reasons", lang)),
        Bars(
            tuple(
                (_say("written", lang) if reason == WRITTEN else reason, float(n), str(n))
                for reason, n in f.decline_reasons
            )
        )
        if f.decline_reasons
        else Paragraph(_say("no_reasons", lang)),
        Heading(_say("grades", lang)),
        Bars(
            (
                *((_say("grade", lang, grade=g), float(n), str(n)) for g, n in f.grades),
                (_say("unscored", lang), float(f.unscored), str(f.unscored)),
            )
        ),
        Heading(_say("overrides", lang)),
        Pairs(
            (
                (_say("better", lang), str(f.overrides_better)),
                (_say("worse", lang), str(f.overrides_worse)),
            )
        ),
        _workload(report, lang),
        _missing(report, lang),
        _drift(report, lang),
    )
    when = formats.moment(report.made_at, lang)
    doc = document(head, _say("title", lang), parts)
    return render(replace(doc, footer=_say("footer", lang, time=when)))


def _workload(report: BranchFigures, lang: Language) -> list[Heading | Table]:
    rows = tuple(
        (
            report.names.get(w.officer, w.officer[:8]),
            str(w.opened),
            str(w.with_officer),
            str(w.in_review),
            str(w.decided),
        )
        for w in report.figures.workload
    )
    if not rows:
        return []
    return [
        Heading(_say("workload", lang)),
        Table(
            (
                Column(_say("col_officer", lang), 2.0),
                Column(_say("col_opened", lang), 1.0, "R"),
                Column(_say("col_with", lang), 1.2, "R"),
                Column(_say("col_review", lang), 1.0, "R"),
                Column(_say("col_decided", lang), 1.0, "R"),
            ),
            rows,
        ),
    ]


def _missing(report: BranchFigures, lang: Language) -> list[Heading | Bars | Paragraph]:
    missing = report.figures.missing
    if not missing:
        return [Heading(_say("missing", lang)), Paragraph(_say("no_missing", lang))]
    return [
        Heading(_say("missing", lang)),
        Bars(
            tuple(
                (
                    pick(report.requirements.get(need, (need, need)), lang),
                    float(count),
                    _say("cases", lang, count=count),
                )
                for need, count in missing
            )
        ),
    ]


def _drift(report: BranchFigures, lang: Language) -> list[Heading | Pairs | Paragraph]:
    drift = report.drift
    if drift is None:
        return [Heading(_say("drift", lang)), Paragraph(_say("no_model", lang))]

    def psi(value: float | None, band: str | None) -> str:
        if value is None:
            return _say("none", lang)
        return f"{Decimal(str(value)):.3f} ({label(BANDS, band or '', lang)})"

    rows = [
        (_say("model", lang), drift.model_id),
        (_say("scored", lang), str(drift.cases)),
        (_say("score_psi", lang), psi(drift.score_psi, drift.score_band)),
    ]
    if drift.worst_feature is not None:
        worst = f"{drift.worst_feature}: {psi(drift.worst_psi, drift.worst_band)}"
        rows.append((_say("worst", lang), worst))
    out: list[Heading | Pairs | Paragraph] = [Heading(_say("drift", lang)), Pairs(tuple(rows))]
    if drift.too_few:
        out.append(Paragraph(_say("few", lang), small=True))
    return out
