"""The words of a summarised report (issue 11: world-scale reports list findings grouped, not one by one).

Kept apart from `i18n.py`'s catalogue for now (English and Chinese; other languages fall back to English),
so the message catalogue's completeness test stays about the headings it checks; to be moved into it.
"""

from __future__ import annotations

SUMMARY_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "summarised_note": (
            "Summarised: a question with more than {limit} findings in this scope is counted over every "
            "finding and listed grouped by country, with up to {examples} examples per group. Every finding: "
            'scpkg query run {number} --format csv (or GraphQL gap(question: "{id}")), or scpkg report '
            "--detail for a report that lists them all."
        ),
        "group_findings": "Findings",
        "group_examples": "Examples",
        "group_more": "and {n} more",
        "group_country_none": "no country",
        "status_countries": "{status}: {n} finding(s) in {countries} country group(s), counted, not listed.",
        "banner_more": "and {n} more",
        "appendix_grouped": (
            "{n} case studies are cited, grouped here by source document (open a group to see its case "
            "studies); scpkg query run ID --format json gives the evidence of every finding."
        ),
        "case_studies_n": "{n} case studies",
        "no_source": "no source document recorded",
    },
    "zh": {
        "summarised_note": (
            "摘要：本范围内结论超过 {limit} 条的问题，按全部结论计数，"
            "并按国家分组列出，每组最多 {examples} 个示例。"
            '全部结论：scpkg query run {number} --format csv（或 GraphQL gap(question: "{id}")），'
            "或用 scpkg report --detail 生成列出全部结论的报告。"
        ),
        "group_findings": "结论数",
        "group_examples": "示例",
        "group_more": "另有 {n} 条",
        "group_country_none": "无国家",
        "status_countries": "{status}：{countries} 个国家分组中共 {n} 条结论，只计数，不逐条列出。",
        "banner_more": "另有 {n} 项",
        "appendix_grouped": (
            "共引用 {n} 项案例研究，此处按来源文件分组（展开分组可见其案例研究）；"
            "scpkg query run ID --format json 给出每条结论的证据。"
        ),
        "case_studies_n": "{n} 项案例研究",
        "no_source": "未记录来源文件",
    },
}


def summary_message(key: str, lang: str) -> str:
    """A summarised report's text in ``lang``, English where it has none."""
    return SUMMARY_MESSAGES.get(lang, {}).get(key) or SUMMARY_MESSAGES["en"][key]
