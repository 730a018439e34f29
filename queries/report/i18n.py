"""Words of the gap reports in the report's language: headings from a small message catalogue kept here,
vocabulary labels (life-cycle stages, sectors, instrument families, ministry types) from the ontology,
which already carries them in the six UN languages, so a translated report never invents a term.

Headings are written in the six UN languages (en fr es ru zh ar; Arabic reports are right to left, see
:func:`direction`); a key missing in one falls back to English, and a test checks that none is missing.
"""

from __future__ import annotations

from functools import cache

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""Languages with a full message catalogue (headings), the six UN languages; vocabulary labels come from
the ontology, which has them in the same six."""

RTL = frozenset({"ar"})
"""Languages written right to left: the report's HTML says ``dir="rtl"`` for them."""


def direction(lang: str) -> str:
    """``rtl`` for a right-to-left language, else ``ltr`` (the ``dir`` of the report's ``<html>``)."""
    return "rtl" if lang in RTL else "ltr"


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
            "计入其所含各阶段。“无工具”：案例研究涵盖此范围，但此处没有任何工具。“未注明”：此处没有已知工具，"
            "但该类工具未注明阶段（“未注明阶段”一行）。“仅已废止”：此处只有已废止的工具。"
            "“无数据”：没有案例研究涵盖此范围。合计行对每类现行工具只计一次。"
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
            "计入的国家：在此有政策、协调机制或已报告观测值的国家。"
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

MESSAGES["fr"] = {
    "title": "Rapport sur les lacunes de cohérence",
    "scope": "Portée",
    "global": "Mondial (l’ensemble du graphe)",
    "country": "Pays",
    "region": "Région",
    "sector": "Secteur",
    "generated": "Généré le",
    "contents": "Sommaire",
    "summary": "Synthèse",
    "question": "Question",
    "gaps": "lacunes",
    "gap": "lacune",
    "covered": "couvert",
    "no-data": "aucune donnée",
    "not-stated": "non précisé",
    "repealed-only": "abrogés uniquement",
    "total": "Total",
    "all_questions": "Toutes les questions",
    "status": "Statut",
    "finding": "Constat",
    "evidence": "Éléments de preuve",
    "coverage_matrix": "Étape du cycle de vie × type d’instrument",
    "coverage_matrix_note": (
        "Chaque cellule compte les instruments de la portée (non abrogés) de ce type qui visent l’étape ; "
        "un instrument visant un groupe d’étapes (amont, milieu de chaîne, aval) compte pour chacune de ses "
        "étapes. « Aucun instrument » : des études de cas couvrent cette portée mais ne signalent rien ici. "
        "« Non précisé » : rien de connu ici, mais des instruments de ce type ne précisent aucune étape (la "
        "ligne « étape non précisée »). « Abrogés uniquement » : seuls des instruments abrogés figurent "
        "ici. « Aucune donnée » : aucune étude de cas ne couvre cette portée. La ligne des totaux compte "
        "une seule fois chaque instrument en vigueur d’un type."
    ),
    "no_instrument": "aucun instrument",
    "no_data": "aucune donnée",
    "not_stated": "non précisé",
    "repealed_only": "abrogés uniquement",
    "stage_not_stated": "Étape non précisée",
    "sector_not_stated": "Secteur non précisé",
    "illustrative_banner": (
        "Éléments illustratifs : {n} des études de cas sur lesquelles ce rapport repose sont marquées comme "
        "illustratives (inventées pour éprouver les questions, et non des faits rapportés) : {names}. "
        "Pour les exclure : --exclude-illustrative."
    ),
    "illustrative_excluded": (
        "Les études de cas marquées comme illustratives sont exclues de tous les chiffres ici."
    ),
    "rules": "Règles de cette question",
    "statuses_note": (
        "Lacune : des études de cas couvrent le sujet et précisent ce dont la question a besoin, et aucun "
        "instrument n’existe. Non précisé : des instruments existent mais ne précisent pas ce dont dépend la "
        "réponse. Abrogés uniquement : seuls des instruments abrogés. Couvert : au moins un instrument. "
        "Déclaré, non décrit : le propre rapport du pays recense des instruments (N > 0) qu’aucune étude de "
        "cas ne décrit. Aucune donnée : aucune étude de cas ne le couvre."
    ),
    "stage": "Étape du cycle de vie",
    "instrument_type": "Type d’instrument",
    "lead_ministries": "Types de ministère chef de file",
    "lead_ministries_note": "Politiques de la portée, selon le type d’organisme qui les pilote.",
    "policies": "politiques",
    "shares": "Proportions comparées aux chiffres mondiaux des documents",
    "shares_note": (
        "Proportion des politiques de la portée, à côté du chiffre mondial du document source (repère)."
    ),
    "in_scope": "dans la portée",
    "document_figure": "documents",
    "no_policy": "aucune politique dans la portée",
    "mea_transposition": "Transposition des AME",
    "party": "Partie",
    "obligation": "Obligation",
    "agreement": "Accord",
    "reported-not-described": "déclaré, non décrit",
    "sdg1211_table": "ODD 12.1.1 : pays disposant d’au moins un instrument par catégorie",
    "sdg1211_note": (
        "Comme l’indicateur 12.1.1 les compte, par région : pays disposant d’au moins un instrument de la "
        "catégorie, soit décrit (une politique en vigueur dans une étude de cas, comptée selon la table de "
        "correspondance des types d’instrument de l’ontologie), soit déclaré (le dernier rapport 12.1.1 du "
        "pays donne un nombre supérieur à 0 ou « oui »). « Déclaré, non décrit » : le rapport recense des "
        "instruments qu’aucune étude de cas ne décrit. Pays comptés : ceux qui ont ici une politique, un "
        "mécanisme de coordination ou une observation déclarée."
    ),
    "countries": "Pays",
    "described": "décrit",
    "reported": "déclaré",
    "reported_only": "déclaré, non décrit",
    "either": "au moins un",
    "coordination-mechanism": "Mécanisme de coordination",
    "questions": "Questions sur les lacunes",
    "source_finding": "Constat des documents",
    "more_rows": "{n} autres constats figurent dans les sorties JSON et CSV.",
    "evidence_appendix": "Éléments de preuve : études de cas",
    "source_document": "Document source",
    "paragraph": "Paragraphe",
    "case_study": "Étude de cas",
    "none": "aucun",
    "unspecified": "Type non précisé",
    "no_lead": "Aucun organisme chef de file enregistré",
    "share_q2": "Cadres généraux",
    "share_q3": "Cible chiffrée ou résultat mesuré",
    "share_q4": (
        "Pilotées par les ministères de l’économie, des finances, du plan, du commerce ou de l’industrie, ou "
        "par des organes de haut niveau"
    ),
}
MESSAGES["es"] = {
    "title": "Informe de brechas de coherencia",
    "scope": "Ámbito",
    "global": "Mundial (todo el grafo)",
    "country": "País",
    "region": "Región",
    "sector": "Sector",
    "generated": "Generado",
    "contents": "Índice",
    "summary": "Resumen",
    "question": "Pregunta",
    "gaps": "brechas",
    "gap": "brecha",
    "covered": "cubierto",
    "no-data": "sin datos",
    "not-stated": "no indicado",
    "repealed-only": "solo derogados",
    "total": "Total",
    "all_questions": "Todas las preguntas",
    "status": "Estado",
    "finding": "Hallazgo",
    "evidence": "Evidencia",
    "coverage_matrix": "Etapa del ciclo de vida × tipo de instrumento",
    "coverage_matrix_note": (
        "Cada celda cuenta los instrumentos de política del ámbito (no derogados) de ese tipo que se "
        "dirigen a la etapa; un instrumento dirigido a un grupo de etapas (fase inicial, intermedia, final) "
        "cuenta para cada una de sus etapas. «Ningún instrumento»: los estudios de caso cubren este ámbito "
        "pero no informan de nada aquí. «No indicado»: no se conoce nada aquí, pero instrumentos de este "
        "tipo no indican ninguna etapa (la fila «etapa no indicada»). «Solo derogados»: aquí solo hay "
        "instrumentos derogados. «Sin datos»: ningún estudio de caso cubre este ámbito. La fila de totales "
        "cuenta una sola vez cada instrumento vigente de un tipo."
    ),
    "no_instrument": "ningún instrumento",
    "no_data": "sin datos",
    "not_stated": "no indicado",
    "repealed_only": "solo derogados",
    "stage_not_stated": "Etapa no indicada",
    "sector_not_stated": "Sector no indicado",
    "illustrative_banner": (
        "Evidencia ilustrativa: {n} de los estudios de caso en que se basa están marcados como ilustrativos "
        "(inventados para poner a prueba las preguntas, no hechos notificados): {names}. Exclúyalos con "
        "--exclude-illustrative."
    ),
    "illustrative_excluded": (
        "Los estudios de caso marcados como ilustrativos quedan excluidos de todas las cifras."
    ),
    "rules": "Reglas de esta pregunta",
    "statuses_note": (
        "Brecha: los estudios de caso cubren el tema e indican lo que la pregunta necesita, y no hay ningún "
        "instrumento. No indicado: existen instrumentos, pero no indican aquello de lo que depende la "
        "respuesta. Solo derogados: solo hay instrumentos derogados. Cubierto: al menos un instrumento. "
        "Notificado, no descrito: el propio informe del país cuenta instrumentos (N > 0) que ningún estudio "
        "de caso describe. Sin datos: ningún estudio de caso lo cubre."
    ),
    "stage": "Etapa del ciclo de vida",
    "instrument_type": "Tipo de instrumento",
    "lead_ministries": "Tipos de ministerio rector",
    "lead_ministries_note": "Políticas del ámbito según el tipo de organismo que las dirige.",
    "policies": "políticas",
    "shares": "Proporciones frente a las cifras mundiales de los documentos",
    "shares_note": (
        "Proporción de las políticas del ámbito, junto a la cifra mundial del documento fuente (marcador)."
    ),
    "in_scope": "en el ámbito",
    "document_figure": "documentos",
    "no_policy": "ninguna política en el ámbito",
    "mea_transposition": "Transposición de los AMUMA",
    "party": "Parte",
    "obligation": "Obligación",
    "agreement": "Acuerdo",
    "reported-not-described": "notificado, no descrito",
    "sdg1211_table": "ODS 12.1.1: países con al menos un instrumento por categoría",
    "sdg1211_note": (
        "Tal como los cuenta el indicador 12.1.1, por región: países con al menos un instrumento de la "
        "categoría, ya sea descrito (una política vigente en un estudio de caso, contada según la "
        "correspondencia de tipos de instrumento de la ontología) o notificado (el último informe 12.1.1 "
        "del propio país da un número mayor que 0 o «sí»). «Notificado, no descrito»: el informe cuenta "
        "instrumentos que ningún estudio de caso describe. Países contados: los que tienen aquí una "
        "política, un mecanismo de coordinación o una observación notificada."
    ),
    "countries": "Países",
    "described": "descrito",
    "reported": "notificado",
    "reported_only": "notificado, no descrito",
    "either": "al menos uno",
    "coordination-mechanism": "Mecanismo de coordinación",
    "questions": "Preguntas sobre brechas",
    "source_finding": "Lo que constataron los documentos",
    "more_rows": "Hay {n} hallazgos más en las salidas JSON y CSV.",
    "evidence_appendix": "Evidencia: estudios de caso",
    "source_document": "Documento fuente",
    "paragraph": "Párrafo",
    "case_study": "Estudio de caso",
    "none": "ninguno",
    "unspecified": "Tipo no indicado",
    "no_lead": "Ningún organismo rector registrado",
    "share_q2": "Marcos generales",
    "share_q3": "Meta cuantificada o resultado medido",
    "share_q4": (
        "Dirigidas por ministerios de economía, finanzas, planificación, comercio o industria, u órganos de "
        "alto nivel"
    ),
}
MESSAGES["ru"] = {
    "title": "Отчёт о пробелах в согласованности политики",
    "scope": "Охват",
    "global": "Весь мир (весь граф)",
    "country": "Страна",
    "region": "Регион",
    "sector": "Сектор",
    "generated": "Дата создания",
    "contents": "Содержание",
    "summary": "Сводка",
    "question": "Вопрос",
    "gaps": "пробел(ов)",
    "gap": "пробел",
    "covered": "охвачено",
    "no-data": "нет данных",
    "not-stated": "не указано",
    "repealed-only": "только отменённые",
    "total": "Итого",
    "all_questions": "Все вопросы",
    "status": "Статус",
    "finding": "Вывод",
    "evidence": "Источники",
    "coverage_matrix": "Этап жизненного цикла × тип инструмента",
    "coverage_matrix_note": (
        "В каждой ячейке — число инструментов политики этого типа в охвате (не отменённых), направленных на "
        "данный этап; инструмент, направленный на группу этапов (начальные, средние, конечные), учитывается "
        "для каждого из её этапов. «Нет инструмента»: тематические исследования охватывают эту область, но "
        "здесь ничего не сообщают. «Не указано»: здесь ничего не известно, но инструменты этого типа не "
        "указывают этап (строка «этап не указан»). «Только отменённые»: здесь есть лишь отменённые "
        "инструменты. «Нет данных»: ни одно тематическое исследование не охватывает эту область. Строка "
        "итогов учитывает каждый действующий инструмент типа один раз."
    ),
    "no_instrument": "нет инструмента",
    "no_data": "нет данных",
    "not_stated": "не указано",
    "repealed_only": "только отменённые",
    "stage_not_stated": "Этап не указан",
    "sector_not_stated": "Сектор не указан",
    "illustrative_banner": (
        "Иллюстративные данные: {n} из тематических исследований, на которых основан отчёт, помечены как "
        "иллюстративные (придуманы для проверки вопросов, а не сообщённые факты): {names}. Исключить их "
        "можно с помощью --exclude-illustrative."
    ),
    "illustrative_excluded": (
        "Тематические исследования, помеченные как иллюстративные, исключены из всех приведённых здесь чисел."
    ),
    "rules": "Правила этого вопроса",
    "statuses_note": (
        "Пробел: тематические исследования охватывают предмет и указывают то, что нужно вопросу, но "
        "инструмента нет. Не указано: инструменты есть, но в них не указано то, от чего зависит ответ. "
        "Только отменённые: есть лишь отменённые инструменты. Охвачено: есть хотя бы один инструмент. "
        "Сообщено, но не описано: собственный доклад страны учитывает инструменты (N > 0), не описанные ни в "
        "одном тематическом исследовании. Нет данных: ни одно тематическое исследование это не охватывает."
    ),
    "stage": "Этап жизненного цикла",
    "instrument_type": "Тип инструмента",
    "lead_ministries": "Типы ведущих министерств",
    "lead_ministries_note": "Политики в охвате по типу органа, который их возглавляет.",
    "policies": "политик(и)",
    "shares": "Доли в сравнении с глобальными показателями документов",
    "shares_note": "Доля политик в охвате рядом с глобальным показателем исходного документа (отметка).",
    "in_scope": "в охвате",
    "document_figure": "документы",
    "no_policy": "нет политик в охвате",
    "mea_transposition": "Имплементация МПС",
    "party": "Сторона",
    "obligation": "Обязательство",
    "agreement": "Соглашение",
    "reported-not-described": "сообщено, но не описано",
    "sdg1211_table": "ЦУР 12.1.1: страны, имеющие хотя бы один инструмент каждой категории",
    "sdg1211_note": (
        "Так, как их считает показатель 12.1.1, по регионам: страны, имеющие хотя бы один инструмент "
        "категории, описанный (действующая политика в тематическом исследовании, учтённая по таблице "
        "соответствия типов инструментов онтологии) или сообщённый (последний доклад страны по показателю "
        "12.1.1 даёт число больше 0 или «да»). «Сообщено, но не описано»: доклад учитывает инструменты, не "
        "описанные ни в одном тематическом исследовании. Учитываемые страны: те, у которых здесь есть "
        "политика, механизм координации или сообщённое наблюдение."
    ),
    "countries": "Страны",
    "described": "описано",
    "reported": "сообщено",
    "reported_only": "сообщено, но не описано",
    "either": "хотя бы один",
    "coordination-mechanism": "Механизм координации",
    "questions": "Вопросы о пробелах",
    "source_finding": "Что установлено в документах",
    "more_rows": "Ещё выводов: {n} — см. файлы JSON и CSV.",
    "evidence_appendix": "Источники: тематические исследования",
    "source_document": "Исходный документ",
    "paragraph": "Пункт",
    "case_study": "Тематическое исследование",
    "none": "нет",
    "unspecified": "Тип не указан",
    "no_lead": "Ведущий орган не указан",
    "share_q2": "Общие рамочные стратегии",
    "share_q3": "Количественная цель или измеренный результат",
    "share_q4": (
        "Под руководством министерств экономики, финансов, планирования, торговли или промышленности либо "
        "органов высокого уровня"
    ),
}
MESSAGES["ar"] = {
    "title": "تقرير فجوات الاتساق",
    "scope": "النطاق",
    "global": "عالمي (الرسم المعرفي بأكمله)",
    "country": "البلد",
    "region": "المنطقة",
    "sector": "القطاع",
    "generated": "تاريخ الإنشاء",
    "contents": "المحتويات",
    "summary": "الملخص",
    "question": "السؤال",
    "gaps": "فجوات",
    "gap": "فجوة",
    "covered": "مشمول",
    "no-data": "لا توجد بيانات",
    "not-stated": "غير مذكور",
    "repealed-only": "ملغاة فقط",
    "total": "المجموع",
    "all_questions": "جميع الأسئلة",
    "status": "الحالة",
    "finding": "الاستنتاج",
    "evidence": "الأدلة",
    "coverage_matrix": "مرحلة دورة الحياة × نوع الأداة",
    "coverage_matrix_note": (
        "تحصي كل خانة أدوات السياسة ضمن النطاق (غير الملغاة) من ذلك النوع التي تستهدف المرحلة؛ وتُحسب "
        "الأداة التي تستهدف مجموعة مراحل (المراحل الأولى أو الوسطى أو الأخيرة) لكل مرحلة من مراحلها. «لا "
        "توجد أداة»: تغطي دراسات الحالة هذا النطاق لكنها لا تذكر شيئًا هنا. «غير مذكور»: لا شيء معروف هنا، "
        "لكن أدوات من هذا النوع لا تذكر أي مرحلة (صف «المرحلة غير مذكورة»). «ملغاة فقط»: لا توجد هنا إلا "
        "أدوات ملغاة. «لا توجد بيانات»: لا تغطي أي دراسة حالة هذا النطاق. ويحصي صف المجموع كل أداة سارية من "
        "نوع ما مرة واحدة."
    ),
    "no_instrument": "لا توجد أداة",
    "no_data": "لا توجد بيانات",
    "not_stated": "غير مذكور",
    "repealed_only": "ملغاة فقط",
    "stage_not_stated": "المرحلة غير مذكورة",
    "sector_not_stated": "القطاع غير مذكور",
    "illustrative_banner": (
        "أدلة توضيحية: {n} من دراسات الحالة التي يستند إليها هذا التقرير موسومة بأنها توضيحية (مختلقة "
        "لاختبار الأسئلة، وليست وقائع مُبلَّغًا عنها): {names}. يمكن استبعادها باستخدام "
        "--exclude-illustrative."
    ),
    "illustrative_excluded": "استُبعدت دراسات الحالة الموسومة بأنها توضيحية من جميع الأرقام الواردة هنا.",
    "rules": "قواعد هذا السؤال",
    "statuses_note": (
        "فجوة: تغطي دراسات الحالة الموضوع وتذكر ما يحتاجه السؤال، ولا توجد أي أداة. غير مذكور: توجد أدوات "
        "لكنها لا تذكر ما تتوقف عليه الإجابة. ملغاة فقط: لا توجد إلا أدوات ملغاة. مشمول: توجد أداة واحدة على "
        "الأقل. مُبلَّغ عنه، غير موصوف: يحصي التقرير الوطني للبلد نفسه أدوات (N > 0) لا تصفها أي دراسة حالة. "
        "لا توجد بيانات: لا تغطيه أي دراسة حالة."
    ),
    "stage": "مرحلة دورة الحياة",
    "instrument_type": "نوع الأداة",
    "lead_ministries": "أنواع الوزارات الرائدة",
    "lead_ministries_note": "السياسات ضمن النطاق حسب نوع الجهة التي تقودها.",
    "policies": "سياسات",
    "shares": "النسب مقارنةً بالأرقام العالمية الواردة في الوثائق",
    "shares_note": "نسبة السياسات ضمن النطاق، إلى جانب الرقم العالمي الوارد في الوثيقة المصدر (العلامة).",
    "in_scope": "ضمن النطاق",
    "document_figure": "الوثائق",
    "no_policy": "لا توجد سياسة ضمن النطاق",
    "mea_transposition": "تنفيذ الاتفاقات البيئية المتعددة الأطراف",
    "party": "الطرف",
    "obligation": "الالتزام",
    "agreement": "الاتفاق",
    "reported-not-described": "مُبلَّغ عنه، غير موصوف",
    "sdg1211_table": (
        "المؤشر 12.1.1 من أهداف التنمية المستدامة: البلدان التي لديها أداة واحدة على الأقل في كل فئة"
    ),
    "sdg1211_note": (
        "كما يحصيها المؤشر 12.1.1، حسب المنطقة: البلدان التي لديها أداة واحدة على الأقل من الفئة، إما "
        "موصوفة (سياسة سارية في دراسة حالة، تُحسب وفق جدول المطابقة بين أنواع الأدوات في الأنطولوجيا) أو "
        "مُبلَّغ عنها (يذكر أحدث تقرير للبلد بشأن المؤشر 12.1.1 عددًا أكبر من 0 أو «نعم»). «مُبلَّغ عنه، "
        "غير موصوف»: يحصي التقرير أدوات لا تصفها أي دراسة حالة. البلدان المحسوبة: تلك التي لديها هنا سياسة "
        "أو آلية تنسيق أو ملاحظة مُبلَّغ عنها."
    ),
    "countries": "البلدان",
    "described": "موصوف",
    "reported": "مُبلَّغ عنه",
    "reported_only": "مُبلَّغ عنه، غير موصوف",
    "either": "واحدة على الأقل",
    "coordination-mechanism": "آلية التنسيق",
    "questions": "أسئلة الفجوات",
    "source_finding": "ما توصلت إليه الوثائق",
    "more_rows": "توجد استنتاجات أخرى عددها {n} في مخرجات JSON وCSV.",
    "evidence_appendix": "الأدلة: دراسات الحالة",
    "source_document": "الوثيقة المصدر",
    "paragraph": "الفقرة",
    "case_study": "دراسة حالة",
    "none": "لا شيء",
    "unspecified": "النوع غير مذكور",
    "no_lead": "لم تُسجَّل جهة رائدة",
    "share_q2": "الأطر الشاملة",
    "share_q3": "هدف كمّي أو نتيجة مقيسة",
    "share_q4": "بقيادة وزارات الاقتصاد أو المالية أو التخطيط أو التجارة والصناعة أو هيئات رفيعة المستوى",
}

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
