"""The objectives a request names weigh more than a slightly closer text (bench/support_quality:
measured there), and reasons name objectives in words."""

import pytest

from support.suggestions import Need, _shared_reasons

pytestmark = pytest.mark.django_db


def test_an_item_sharing_an_objective_beats_a_slightly_closer_text_without_one():
    need = Need(title="Réinsertion", description="des migrants de retour", objectives=(21,))
    fitting_bonus, reasons = _shared_reasons(need, [21, 16], [])
    other_bonus, _reasons = _shared_reasons(need, [5, 7], [])
    # A fitting practice in another language at cosine 0.50 against a near text at 0.58.
    assert 0.50 + fitting_bonus > 0.58 + other_bonus
    assert [str(reason) for reason in reasons] == [
        "same objectives: 21. Dignified return and reintegration"
    ]


def test_more_shared_objectives_add_less_and_stop_at_three():
    need = Need(title="t", description="d", objectives=(1, 2, 3, 4))
    one, _r = _shared_reasons(need, [1], [])
    three, _r = _shared_reasons(need, [1, 2, 3], [])
    four, _r = _shared_reasons(need, [1, 2, 3, 4], [])
    assert one < three == four
    assert three - one < 2 * one


def test_an_item_about_the_objective_weighs_more_than_one_touching_it():
    need = Need(title="Recruitment fees", description="workers pay agencies", objectives=(6,))
    about, _r = _shared_reasons(need, [6, 10], [], main={6})
    touching, reasons = _shared_reasons(need, [22, 6], [], main={22})
    # An ethical recruitment charter at cosine 0.45 against a pension scheme for workers abroad
    # (social protection first, fair recruitment second) at 0.52.
    assert 0.45 + about > 0.52 + touching > 0.52
    assert [str(reason) for reason in reasons] == [
        "same objectives: 6. Recruitment and decent work"
    ]


def test_a_need_is_read_part_by_part():
    need = Need(
        title="Identificación de víctimas de trata",
        description="Queremos crear un mecanismo nacional, abrir una línea gratuita de denuncia "
        "y formar a inspectores. Urgente.",
    )
    assert need.parts == [
        "Identificación de víctimas de trata",
        "Queremos crear un mecanismo nacional",
        "abrir una línea gratuita de denuncia",
        "formar a inspectores",
    ]
    assert Need(title="移民回归", description="我们需要心理支持。以及职业培训").parts == [
        "移民回归",
        "我们需要心理支持",
        "以及职业培训",
    ]
