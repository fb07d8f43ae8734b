"""Matching benchmark: 2,000 submissions × 500 reviewers, 1 internal + 2 external each.

A synthetic but realistic instance (fixed seed): six languages with realistic shares, ~30 %
internal (UN) reviewers, GCM objectives, countries, organisations with some conflicts, short texts
built from multilingual phrase banks. Timed two ways:

- from the command line (:mod:`bench.matching_cli`): ``manage.py match_reviewers`` in a fresh
  process on instances whose texts were never seen (cold), then again (warm, vectors stored);
  that cold time is the one the 10 s budget is about;
- in this process, stage by stage: model load, text encoding, the rest of the affinity
  computation, the min-cost flow.

The objective is compared with the flow optimum (exact) and with two independent upper bounds
(see docs/matching.md).
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

import numpy as np

from reviews.matching import (
    AffinityTable,
    MatchResult,
    Policy,
    ReviewerIn,
    SubmissionIn,
    compute_affinities,
    lagrangian_bound,
    m49_subregion,
    place_pins,
    solve_table,
)
from search.encoders import (
    CachedEncoder,
    Encoder,
    UsemEncoder,
    configured_cache_dir,
    configured_threads,
)

from . import matching_cli

SEED = 20261129
N_SUBMISSIONS = 2000
N_REVIEWERS = 500
POLICY = Policy(internal=1, external=2, max_load=15)
BUDGET_SECONDS = 10.0
CLI_SEEDS = [SEED + 1, SEED + 2, SEED + 3]  # instances of the command-line runs (new texts)
TARGET_RATIO = 0.995

SUBMISSION_LANGUAGES = {"en": 0.50, "fr": 0.20, "es": 0.20, "ar": 0.05, "ru": 0.03, "zh": 0.02}
READING_SHARES = {"en": 0.92, "fr": 0.40, "es": 0.38, "ar": 0.10, "ru": 0.07, "zh": 0.06}
INTERNAL_SHARE = 0.30

# Theme → (GCM objectives, phrase per language).
THEMES: dict[str, tuple[tuple[int, ...], dict[str, str]]] = {
    "trafficking": (
        (10, 9),
        {
            "en": "preventing trafficking of children and supporting survivors",
            "fr": "prévenir la traite des enfants et accompagner les victimes",
            "es": "prevenir la trata de niños y apoyar a las víctimas",
            "ar": "منع الاتجار بالأطفال ودعم الناجين",
            "ru": "предотвращение торговли детьми и поддержка пострадавших",
            "zh": "预防儿童拐卖并支持幸存者",
        },
    ),
    "remittances": (
        (20, 19),
        {
            "en": "lowering remittance fees through mobile money",
            "fr": "réduire le coût des transferts de fonds grâce au paiement mobile",
            "es": "reducir el costo de las remesas mediante dinero móvil",
            "ar": "خفض رسوم التحويلات المالية عبر الأموال المتنقلة",
            "ru": "снижение комиссий за денежные переводы через мобильные платежи",
            "zh": "通过移动支付降低汇款费用",
        },
    ),
    "labour": (
        (6, 18),
        {
            "en": "fair recruitment and decent work for migrant workers",
            "fr": "recrutement équitable et travail décent pour les travailleurs migrants",
            "es": "contratación equitativa y trabajo decente para trabajadores migrantes",
            "ar": "التوظيف العادل والعمل اللائق للعمال المهاجرين",
            "ru": "справедливый наём и достойный труд для трудящихся-мигрантов",
            "zh": "移民工人的公平招聘和体面工作",
        },
    ),
    "data": (
        (1, 3),
        {
            "en": "better migration data and statistics for policy",
            "fr": "de meilleures données et statistiques migratoires pour les politiques",
            "es": "mejores datos y estadísticas migratorias para las políticas",
            "ar": "بيانات وإحصاءات هجرة أفضل لرسم السياسات",
            "ru": "улучшение миграционных данных и статистики для политики",
            "zh": "改进移民数据和统计以支持政策",
        },
    ),
    "climate": (
        (2, 5),
        {
            "en": "displacement caused by climate change and disasters",
            "fr": "déplacements causés par le changement climatique et les catastrophes",
            "es": "desplazamiento causado por el cambio climático y los desastres",
            "ar": "النزوح الناجم عن تغير المناخ والكوارث",
            "ru": "перемещение населения из-за изменения климата и бедствий",
            "zh": "气候变化和灾害造成的流离失所",
        },
    ),
    "integration": (
        (16, 15),
        {
            "en": "social inclusion and access to health and education for migrants",
            "fr": "inclusion sociale et accès à la santé et à l'éducation des migrants",
            "es": "inclusión social y acceso a salud y educación para migrantes",
            "ar": "الإدماج الاجتماعي وحصول المهاجرين على الصحة والتعليم",
            "ru": "социальная интеграция и доступ мигрантов к здравоохранению и образованию",
            "zh": "移民的社会融合以及获得医疗和教育",
        },
    ),
    "borders": (
        (11, 12, 13),
        {
            "en": "humane border management and alternatives to detention",
            "fr": "gestion humaine des frontières et alternatives à la détention",
            "es": "gestión humana de fronteras y alternativas a la detención",
            "ar": "إدارة إنسانية للحدود وبدائل للاحتجاز",
            "ru": "гуманное управление границами и альтернативы задержанию",
            "zh": "人道的边境管理和拘留替代措施",
        },
    ),
    "return": (
        (21, 8),
        {
            "en": "safe return and sustainable reintegration of migrants",
            "fr": "retour sûr et réintégration durable des migrants",
            "es": "retorno seguro y reintegración sostenible de migrantes",
            "ar": "العودة الآمنة وإعادة الإدماج المستدام للمهاجرين",
            "ru": "безопасное возвращение и устойчивая реинтеграция мигрантов",
            "zh": "移民的安全返回和可持续重新融入",
        },
    ),
    "documents": (
        (4, 14),
        {
            "en": "legal identity, documents and consular protection",
            "fr": "identité juridique, documents et protection consulaire",
            "es": "identidad jurídica, documentos y protección consular",
            "ar": "الهوية القانونية والوثائق والحماية القنصلية",
            "ru": "правовая идентичность, документы и консульская защита",
            "zh": "法律身份、证件和领事保护",
        },
    ),
    "xenophobia": (
        (17, 23),
        {
            "en": "countering discrimination and xenophobia with evidence",
            "fr": "lutter contre la discrimination et la xénophobie par les faits",
            "es": "combatir la discriminación y la xenofobia con evidencia",
            "ar": "مكافحة التمييز وكره الأجانب بالأدلة",
            "ru": "противодействие дискриминации и ксенофобии на основе фактов",
            "zh": "以证据应对歧视和仇外心理",
        },
    ),
    "pathways": (
        (5, 7),
        {
            "en": "regular pathways and family reunification",
            "fr": "voies régulières et regroupement familial",
            "es": "vías regulares y reunificación familiar",
            "ar": "المسارات النظامية ولم شمل الأسر",
            "ru": "законные пути миграции и воссоединение семей",
            "zh": "正规移民渠道和家庭团聚",
        },
    ),
    "skills": (
        (18, 22),
        {
            "en": "recognition of skills and portability of social protection",
            "fr": "reconnaissance des compétences et portabilité de la protection sociale",
            "es": "reconocimiento de competencias y portabilidad de la protección social",
            "ar": "الاعتراف بالمهارات وقابلية نقل الحماية الاجتماعية",
            "ru": "признание навыков и переносимость социальной защиты",
            "zh": "技能认证和社会保障的可携带性",
        },
    ),
}
SETTINGS = {
    "en": [
        "in border towns",
        "in the capital",
        "along the corridor",
        "in rural districts",
        "for coastal cities",
    ],
    "fr": [
        "dans les villes frontalières",
        "dans la capitale",
        "le long du corridor",
        "en zone rurale",
    ],
    "es": [
        "en ciudades fronterizas",
        "en la capital",
        "a lo largo del corredor",
        "en zonas rurales",
    ],
    "ar": ["في المدن الحدودية", "في العاصمة", "على طول الممر", "في المناطق الريفية"],
    "ru": ["в приграничных городах", "в столице", "вдоль коридора", "в сельских районах"],
    "zh": ["在边境城镇", "在首都", "沿着走廊", "在农村地区"],
}
ROLES = ["researcher", "policy adviser", "programme manager", "lawyer", "economist", "practitioner"]
COUNTRIES = [
    "MX",
    "GT",
    "HN",
    "CO",
    "VE",
    "EC",
    "SN",
    "ML",
    "NG",
    "MA",
    "TN",
    "EG",
    "JO",
    "LB",
    "TR",
    "DE",
    "FR",
    "ES",
    "IT",
    "PH",
    "BD",
    "NP",
    "IN",
    "KG",
    "UZ",
    "RU",
    "CN",
    "ET",
    "KE",
    "ZA",
    "US",
    "CA",
    "AU",
    "TH",
    "ID",
    "SD",
]
UN_ENTITIES = [
    "IOM",
    "UNHCR",
    "UNICEF",
    "ILO",
    "UNDP",
    "UNODC",
    "OHCHR",
    "UN Women",
    "WHO",
    "UNFPA",
]
ORGANISATIONS = [f"Organisation {k:03d}" for k in range(150)]


def _choice_weighted(rng: random.Random, shares: dict[str, float]) -> str:
    """Draw one key with probability proportional to its share."""
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def make_submission(rng: random.Random, k: int) -> SubmissionIn:
    """Draw one submission: a language, one or two themes, a place, one or two organisations."""
    language = _choice_weighted(rng, SUBMISSION_LANGUAGES)
    themes = rng.sample(list(THEMES), rng.choice([1, 1, 2]))
    objectives = list(dict.fromkeys(o for t in themes for o in THEMES[t][0][: rng.randint(1, 2)]))
    text = " ; ".join(THEMES[t][1][language] for t in themes) + " " + rng.choice(SETTINGS[language])
    orgs = rng.sample(ORGANISATIONS, rng.randint(1, 2))
    if rng.random() < 0.15:
        orgs.append(rng.choice(UN_ENTITIES))
    return SubmissionIn(
        id=f"S{k:04d}",
        text=f"{text} ({k})",
        language=language,
        objectives=tuple(objectives),
        countries=tuple(rng.sample(COUNTRIES, rng.randint(1, 2))),
        organisations=tuple(orgs),
    )


def make_reviewer(rng: random.Random, k: int) -> ReviewerIn:
    """Draw one reviewer: reading languages, expertise themes, countries, organisation, conflicts."""
    languages = [lang for lang, share in READING_SHARES.items() if rng.random() < share] or ["en"]
    internal = rng.random() < INTERNAL_SHARE
    themes = rng.sample(list(THEMES), rng.randint(1, 3))
    text_lang = "en" if "en" in languages else languages[0]
    text = f"{rng.choice(ROLES)}: " + " ; ".join(THEMES[t][1][text_lang] for t in themes)
    return ReviewerIn(
        id=f"R{k:03d}",
        text=f"{text} ({k})",
        languages=tuple(languages),
        objectives=tuple(dict.fromkeys(o for t in themes for o in THEMES[t][0])),
        countries=tuple(rng.sample(COUNTRIES, rng.randint(1, 4))),
        organisation=rng.choice(UN_ENTITIES) if internal else rng.choice(ORGANISATIONS),
        internal=internal,
        conflicts=tuple(rng.sample(ORGANISATIONS, rng.choice([0, 0, 1, 2]))),
    )


def make_instance(seed: int = SEED) -> tuple[list[SubmissionIn], list[ReviewerIn]]:
    """Return the benchmark's submissions and reviewers (deterministic for a seed)."""
    rng = random.Random(seed)
    submissions = [make_submission(rng, k) for k in range(N_SUBMISSIONS)]
    reviewers = [make_reviewer(rng, k) for k in range(N_REVIEWERS)]
    return submissions, reviewers


class TimedEncoder:
    """Wrap an encoder and add up the time spent encoding."""

    def __init__(self, inner: Encoder) -> None:
        """Wrap ``inner`` with a zero clock."""
        self.inner = inner
        self.dimension = inner.dimension
        self.seconds = 0.0

    def encode(self, texts: list[str]) -> np.ndarray:
        """Encode and time."""
        started = time.perf_counter()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - started


def timed_pipeline(
    encoder: Encoder, submissions: list[SubmissionIn], reviewers: list[ReviewerIn]
) -> tuple[AffinityTable, MatchResult, dict[str, float]]:
    """Score and solve once; return the table, the result and the wall/CPU seconds per stage."""
    timed = TimedEncoder(encoder)
    started, cpu = time.perf_counter(), time.process_time()
    table = compute_affinities(submissions, reviewers, POLICY, timed, region_of=m49_subregion)
    scored = time.perf_counter()
    result = solve_table(table, submissions, reviewers, POLICY)
    solved = time.perf_counter()
    return (
        table,
        result,
        {
            "encoding": round(timed.seconds, 3),
            "affinity_other": round(scored - started - timed.seconds, 3),
            "solve": round(solved - scored, 3),
            "total": round(solved - started, 3),
            "cpu": round(time.process_time() - cpu, 3),
        },
    )


def encoding_by_threads(
    model: UsemEncoder, submissions: list[SubmissionIn], reviewers: list[ReviewerIn]
) -> dict[str, float]:
    """Encode every text again with 1 and with 2 BLAS threads; return the wall seconds of each."""
    texts = [s.text for s in submissions] + [r.text for r in reviewers]
    configured, out = model.threads, {}
    for threads in (1, 2):
        model.threads = threads
        started = time.perf_counter()
        model.encode(texts)
        out[str(threads)] = round(time.perf_counter() - started, 3)
    model.threads = configured
    return out


def _bounds(
    table: AffinityTable, reviewers: list[ReviewerIn], result: MatchResult
) -> dict[str, Any]:
    """Compare the objective with the flow optimum and the two independent upper bounds."""
    demand = place_pins(table, reviewers, POLICY, [])
    simple, lagrangian = lagrangian_bound(table, reviewers, demand, target=result.objective)
    return {
        "objective": round(result.objective, 4),
        "flow_optimum": round(result.optimum, 4),
        "lagrangian_bound": round(lagrangian, 4),
        "simple_bound": round(simple, 4),
        "ratio_to_optimum": round(result.objective / result.optimum, 6),
        "ratio_to_lagrangian_bound": round(result.objective / lagrangian, 6),
        "ratio_to_simple_bound": round(result.objective / simple, 6),
        "target_ratio": TARGET_RATIO,
    }


def run() -> dict[str, Any]:
    """Build the instance, time a cold and a warm pipeline, and return the figures.

    Cold: the model loads and every text is encoded. Warm: the same process again, the vectors
    already in the encoder's cache (as when a background task encoded profiles and submissions
    on save, or when a curator re-runs after a change).
    """
    command_line = matching_cli.run(make_instance, POLICY, CLI_SEEDS)
    submissions, reviewers = make_instance()
    load_avg = os.getloadavg()[0]
    started = time.perf_counter()
    model = UsemEncoder(threads=configured_threads(), cache_dir=configured_cache_dir())
    model.encode(["warm-up"])
    encoder = CachedEncoder(model)
    model_load = time.perf_counter() - started
    table, result, cold = timed_pipeline(encoder, submissions, reviewers)
    cold = {
        "model_load": round(model_load, 3),
        **cold,
        "total": round(model_load + cold["total"], 3),
    }
    _table, warm_result, warm = timed_pipeline(encoder, submissions, reviewers)
    assert abs(warm_result.objective - result.objective) < 1e-6
    by_threads = encoding_by_threads(model, submissions, reviewers)
    return {
        "instance": {
            "seed": SEED,
            "submissions": N_SUBMISSIONS,
            "reviewers": N_REVIEWERS,
            "internal_reviewers": sum(r.internal for r in reviewers),
            "policy": {
                "internal": POLICY.internal,
                "external": POLICY.external,
                "max_load": POLICY.max_load,
            },
            "feasible_pairs": int(table.eligible.sum()),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min_at_start": round(load_avg, 2),
        },
        "encoder_threads": model.threads,
        "command_line": command_line,
        "command_line_cold_within_budget": command_line["cold_wall_seconds"]["median"]
        <= BUDGET_SECONDS,
        "cold_seconds": cold,
        "warm_seconds": warm,
        "encoding_seconds_by_threads": by_threads,
        "budget_seconds": BUDGET_SECONDS,
        "cold_within_budget": cold["total"] <= BUDGET_SECONDS,
        "warm_within_budget": warm["total"] <= BUDGET_SECONDS,
        "assigned_slots": len(result.assignments),
        "slots": N_SUBMISSIONS * (POLICY.internal + POLICY.external),
        "unassigned_submissions": len(result.unassigned),
        **_bounds(table, reviewers, result),
    }


def _stage_line(name: str, t: dict[str, float]) -> str:
    """One line of stage timings."""
    load = f"load {t['model_load']:.2f} s + " if "model_load" in t else ""
    return (
        f"  {name}: {load}encode {t['encoding']:.2f} s + affinity {t['affinity_other']:.2f} s + "
        f"solve {t['solve']:.2f} s = {t['total']:.2f} s wall ({t['cpu']:.2f} s CPU)"
    )


def summary(figures: dict[str, Any]) -> str:
    """Return a readable summary of :func:`run`'s figures."""
    budget = figures["budget_seconds"]
    by = figures["encoding_seconds_by_threads"]
    return "\n".join(
        [
            f"matching: {figures['instance']['submissions']} submissions × "
            f"{figures['instance']['reviewers']} reviewers, {figures['slots']} slots "
            f"(load average {figures['machine']['load_average_1min_at_start']} on "
            f"{figures['machine']['cpus']} CPUs), budget {budget:.0f} s",
            *matching_cli.summary_lines(
                figures["command_line"], figures["command_line_cold_within_budget"]
            ),
            "  in process:",
            _stage_line("cold", figures["cold_seconds"])
            + (" ok" if figures["cold_within_budget"] else " OVER"),
            _stage_line("warm", figures["warm_seconds"])
            + (" ok" if figures["warm_within_budget"] else " OVER"),
            f"  filled {figures['assigned_slots']}/{figures['slots']} slots, "
            f"{figures['unassigned_submissions']} submissions short",
            f"  objective {figures['objective']:.4f} = {100 * figures['ratio_to_optimum']:.3f} % of the "
            f"flow optimum {figures['flow_optimum']:.4f}",
            f"  {100 * figures['ratio_to_lagrangian_bound']:.3f} % of the Lagrangian upper bound "
            f"{figures['lagrangian_bound']:.4f}; {100 * figures['ratio_to_simple_bound']:.3f} % of the "
            f"no-load-cap bound {figures['simple_bound']:.4f}",
            f"  encoder threads {figures['encoder_threads']}; all texts again with 1 / 2 BLAS "
            f"threads: {by['1']:.2f} s / {by['2']:.2f} s",
        ]
    )
