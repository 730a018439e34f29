"""Words of the gap reports in the report's language: headings from a small message catalogue kept here,
vocabulary labels (life-cycle stages, sectors, instrument families, ministry types) from the ontology,
which already carries them in the six UN languages, so a translated report never invents a term.

Only English and Chinese headings are written so far; any other language falls back to English headings
and still gets the ontology's labels in that language where it has them.
"""

from __future__ import annotations

from functools import cache

LANGUAGES = ("en", "zh")
"""Languages with a full message catalogue (headings); vocabulary labels exist in all six UN languages."""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Coherence-gap report",
        "scope": "Scope",
        "global": "Global (the whole graph)",
        "country": "Country",
        "region": "Region",
        "sector": "Sector",
        "generated": "Generated",
        "contents": "Contents",
        "summary": "Summary",
        "question": "Question",
        "gaps": "gaps",
        "gap": "gap",
        "covered": "covered",
        "no-data": "no data",
        "not-stated": "not stated",
        "repealed-only": "repealed only",
        "total": "Total",
        "all_questions": "All questions",
        "status": "Status",
        "finding": "Finding",
        "evidence": "Evidence",
        "coverage_matrix": "Life-cycle stage × instrument type",
        "coverage_matrix_note": (
            "Each cell counts the policy instruments in scope (not repealed) of that type that target the "
            "stage; an instrument aimed at a stage group (upstream, midstream, downstream) counts for its "
            "stages. “No instrument”: case studies cover this scope but report nothing here. “Not stated”: "
            "nothing known here, but instruments of this type name no stage (the “stage not stated” row). "
            "“Repealed only”: only repealed instruments here. “No data”: no case study covers this scope. "
            "The total row counts each live instrument of a type once."
        ),
        "no_instrument": "no instrument",
        "no_data": "no data",
        "not_stated": "not stated",
        "repealed_only": "repealed only",
        "stage_not_stated": "Stage not stated",
        "sector_not_stated": "Sector not stated",
        "illustrative_banner": (
            "Illustrative evidence: {n} of the case studies this rests on are marked illustrative (invented "
            "to exercise the questions, not reported facts): {names}. Leave them out with "
            "--exclude-illustrative."
        ),
        "illustrative_excluded": "Case studies marked illustrative are left out of every number here.",
        "rules": "Rules of this question",
        "statuses_note": (
            "Gap: case studies cover the subject, state what the question needs, and no instrument is there. "
            "Not stated: instruments exist but do not state what the answer depends on. Repealed only: only "
            "repealed instruments. Covered: at least one instrument. Reported, not described: the country's "
            "own report counts instruments (N > 0) that no case study describes. No data: no case study "
            "covers it."
        ),
        "stage": "Life-cycle stage",
        "instrument_type": "Instrument type",
        "lead_ministries": "Lead ministry types",
        "lead_ministries_note": "Policies in scope by the type of body that leads them.",
        "policies": "policies",
        "shares": "Shares against the documents' global figures",
        "shares_note": (
            "Share of the policies in scope, beside the global figure of the source document (marker)."
        ),
        "in_scope": "in scope",
        "document_figure": "documents",
        "no_policy": "no policy in scope",
        "mea_transposition": "MEA transposition",
        "party": "Party",
        "obligation": "Obligation",
        "agreement": "Agreement",
        "reported-not-described": "reported, not described",
        "sdg1211_table": "SDG 12.1.1: countries with at least one instrument per category",
        "sdg1211_note": (
            "As indicator 12.1.1 counts them, by region: countries with at least one instrument of the "
            "category, either described (a policy in force in a case study, counted by the ontology's "
            "crosswalk of instrument types) or reported (the country's own latest 12.1.1 report gives a "
            "number above 0 or yes). “Reported, not described”: the report counts instruments no case study "
            "describes. Countries counted: those with a policy, a coordination mechanism or a reported "
            "observation here."
        ),
        "countries": "Countries",
        "described": "described",
        "reported": "reported",
        "reported_only": "reported, not described",
        "either": "at least one",
        "coordination-mechanism": "Coordination mechanism",
        "questions": "Gap questions",
        "source_finding": "What the documents found",
        "more_rows": "{n} more findings are in the JSON and CSV outputs.",
        "evidence_appendix": "Evidence: case studies",
        "source_document": "Source document",
        "paragraph": "Paragraph",
        "case_study": "Case study",
        "none": "none",
        "unspecified": "Type not stated",
        "no_lead": "No lead body recorded",
        "share_q2": "Overarching frameworks",
        "share_q3": "Quantified target or measured outcome",
        "share_q4": "Led by economy, finance, planning, trade/industry or high-level bodies",
    },
    "zh": {
        "title": "政策一致性缺口报告",
        "scope": "范围",
        "global": "全球（整个图谱）",
        "country": "国家",
        "region": "区域",
        "sector": "部门",
        "generated": "生成日期",
        "contents": "目录",
        "summary": "概要",
        "question": "问题",
        "gaps": "缺口",
        "gap": "缺口",
        "covered": "已覆盖",
        "no-data": "无数据",
        "not-stated": "未注明",
        "repealed-only": "仅有已废止工具",
        "total": "合计",
        "all_questions": "全部问题",
        "status": "状态",
        "finding": "结论",
        "evidence": "证据",
        "coverage_matrix": "生命周期阶段 × 政策工具类型",
        "coverage_matrix_note": (
            "每个单元格统计范围内（未废止的）针对该阶段的该类政策工具数量；针对阶段组（上游、中游、下游）的工具"
            "计入其所含各阶段。“无工具”：案例研究涵盖此范围，但此处没有任何工具。“无数据”：没有案例研究涵盖此范围。"
        ),
        "no_instrument": "无工具",
        "no_data": "无数据",
        "not_stated": "未注明",
        "repealed_only": "仅已废止",
        "stage_not_stated": "未注明阶段",
        "sector_not_stated": "未注明部门",
        "illustrative_banner": (
            "示例性证据：所依据的案例研究中有 {n} 项标记为示例性"
            "（为检验问题而虚构，并非报告的事实）：{names}。"
            "可用 --exclude-illustrative 排除。"
        ),
        "illustrative_excluded": "本报告的所有数字均已排除标记为示例性的案例研究。",
        "rules": "本问题的规则",
        "statuses_note": (
            "缺口：案例研究涵盖该对象并注明问题所需信息，但没有工具。未注明：有工具，但未注明答案所依赖的信息。"
            "仅有已废止工具：只有已废止的工具。已覆盖：至少有一项工具。"
            "已报告、未描述：该国自己的报告计入了（N > 0）任何案例研究都未描述的工具。"
            "无数据：没有案例研究涵盖。"
        ),
        "stage": "生命周期阶段",
        "instrument_type": "政策工具类型",
        "lead_ministries": "牵头部委类型",
        "lead_ministries_note": "范围内政策按牵头机构类型统计。",
        "policies": "项政策",
        "shares": "与文件全球数据的比较",
        "shares_note": "范围内政策所占比例，与来源文件的全球数据（标记）并列。",
        "in_scope": "范围内",
        "document_figure": "文件数据",
        "no_policy": "范围内没有政策",
        "mea_transposition": "多边环境协定的国内转化",
        "party": "缔约方",
        "obligation": "义务",
        "agreement": "协定",
        "reported-not-described": "已报告、未描述",
        "sdg1211_table": "可持续发展目标12.1.1：每类至少有一项工具的国家",
        "sdg1211_note": (
            "按指标12.1.1的统计方式、按区域列出：至少有一项该类工具的国家，分为“已描述”（案例研究中有现行政策，"
            "按本体的工具类型对照计入）和“已报告”（该国最近一次12.1.1报告给出大于0的数字或“是”）。"
            "“已报告、未描述”：报告计入了任何案例研究都未描述的工具。"
        ),
        "countries": "国家",
        "described": "已描述",
        "reported": "已报告",
        "reported_only": "已报告、未描述",
        "either": "至少一项",
        "coordination-mechanism": "协调机制",
        "questions": "缺口问题",
        "source_finding": "文件的结论",
        "more_rows": "另有 {n} 条结论见 JSON 和 CSV 输出。",
        "evidence_appendix": "证据：案例研究",
        "source_document": "来源文件",
        "paragraph": "段落",
        "case_study": "案例研究",
        "none": "无",
        "unspecified": "类型未注明",
        "no_lead": "未记录牵头机构",
        "share_q2": "总体框架",
        "share_q3": "有量化目标或已衡量成果",
        "share_q4": "由经济、财政、规划、贸易/工业部门或高级别机构牵头",
    },
}

# The other four UN languages: only the status words so far (everything else falls back to English).
MESSAGES["ar"] = {"reported-not-described": "مُبلَّغ عنه، غير موصوف"}
MESSAGES["fr"] = {"reported-not-described": "déclaré, non décrit"}
MESSAGES["ru"] = {"reported-not-described": "сообщено, но не описано"}
MESSAGES["es"] = {"reported-not-described": "notificado, no descrito"}

FAMILIES = ("regulatory", "economic", "information", "voluntary", "procurement", "unspecified")
"""Instrument families, as the Cypher names them (the ontology's five direct subclasses of
PolicyInstrument, plus instruments typed no further)."""

_FAMILY_CLASS = {
    "regulatory": "RegulatoryInstrument",
    "economic": "EconomicInstrument",
    "information": "InformationInstrument",
    "voluntary": "VoluntaryInstrument",
    "procurement": "ProcurementInstrument",
}

_VOCAB = "https://w3id.org/scpkg/vocab/"
_ONT = "https://w3id.org/scpkg/ont/"


def message(key: str, lang: str) -> str:
    """A heading or phrase in ``lang``, English when the catalogue lacks it."""
    return MESSAGES.get(lang, {}).get(key) or MESSAGES["en"][key]


@cache
def _labels() -> dict[str, dict[str, str]]:
    """IRI → {language: label}: skos:prefLabel, else rdfs:label, of every ontology term and concept."""
    from rdflib import RDFS, SKOS, Literal

    from scpkg.ontology import load_graph

    graph = load_graph()
    out: dict[str, dict[str, str]] = {}
    for prop in (RDFS.label, SKOS.prefLabel):  # prefLabel second, so it wins
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal) and o.language:
                out.setdefault(str(s), {})[o.language] = str(o)
    return out


def label_iri(iri: str, lang: str, default: str | None = None) -> str:
    """The ontology's label of ``iri`` in ``lang`` (then English, then ``default`` or the IRI's end)."""
    names = _labels().get(iri, {})
    return names.get(lang) or names.get("en") or default or iri.rstrip("/").rsplit("/", 1)[-1]


def stage_label(code: str, lang: str) -> str:
    """A life-cycle stage's label from its code ('end-of-life'); 'not-stated' is the matrix's row of
    instruments that name no stage."""
    if code == "not-stated":
        return message("stage_not_stated", lang)
    return label_iri(f"{_VOCAB}life-cycle-stage/{code}", lang, code)


def sector_label(code: str, lang: str) -> str:
    """A sector's label from its code ('textiles'); 'not-stated' is the findings' subject for policies
    that name no sector."""
    if code == "not-stated":
        return message("sector_not_stated", lang)
    return label_iri(f"{_VOCAB}sector/{code}", lang, code)


def ministry_label(code: str | None, lang: str) -> str:
    """A ministry type's label from its code ('finance'); ``None`` is a policy with no lead body."""
    if code is None:
        return message("no_lead", lang)
    return label_iri(f"{_VOCAB}ministry-type/{code}", lang, code)


def family_label(family: str, lang: str) -> str:
    """An instrument family's label: the ontology class's, or the catalogue's word for 'unspecified'."""
    cls = _FAMILY_CLASS.get(family)
    return label_iri(f"{_ONT}{cls}", lang, family) if cls else message("unspecified", lang)


def item_label(code: str, lang: str) -> str:
    """An SDG 12.1.1 item's label: a category's from the ontology, coordination-mechanism's likewise."""
    for scheme in ("sdg-12-1-1", "sdg-12-1-1-item"):
        iri = f"{_VOCAB}{scheme}/{code}"
        if iri in _labels():
            return label_iri(iri, lang, code)
    return code
