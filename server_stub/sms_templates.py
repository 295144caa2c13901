"""SMS texts in Kazakh, Russian and English, one entry per notification kind.

The application number identifies the child: no template names a child or shows an IIN
(R28, R30), since an SMS lands on a phone others may read and in the operator's logs.
Texts are short because a Cyrillic SMS carries only 70 characters per segment (67 when
split), and every extra segment costs the region money. Dates are local Kazakhstan dates
(dd.mm.yyyy) preformatted by the caller, as are names in the parent's language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from domain.messages import DEFAULT_LANGUAGE, LANGUAGES

# kind -> {language -> str.format template}
TEMPLATES: dict[str, dict[str, str]] = {
    "login_code": {
        "kk": "Kezek: кіру коды {code}. Оны ешкімге айтпаңыз.",
        "ru": "Kezek: код для входа {code}. Никому его не сообщайте.",
        "en": "Kezek: your login code is {code}. Do not share it with anyone.",
    },
    "phone_code": {
        "kk": "Kezek: нөмірді растау коды {code}. Оны ешкімге айтпаңыз.",
        "ru": "Kezek: код подтверждения номера {code}. Никому его не сообщайте.",
        "en": "Kezek: phone confirmation code {code}. Do not share it with anyone.",
    },
    "application_registered": {
        "kk": "Kezek: №{number} өтініш кезекке қойылды. Кезектегі нөмір: {positions}.",
        "ru": "Kezek: заявление №{number} поставлено в очередь. Номер в очереди: {positions}.",
        "en": "Kezek: application {number} is in the queue. Queue positions: {positions}.",
    },
    "offer_made": {
        "kk": (
            "Kezek: №{number} өтінішке орын ұсынылды: {kindergarten}, {group} тобы. "
            "{deadline} дейін (қоса алғанда) жауап беріңіз, әйтпесе орын келесі кезектегіге "
            "беріледі."
        ),
        "ru": (
            "Kezek: по заявлению №{number} предложено место: {kindergarten}, группа {group}. "
            "Ответьте до {deadline} включительно, иначе место перейдёт следующему в очереди."
        ),
        "en": (
            "Kezek: a place is offered for application {number}: {kindergarten}, group "
            "{group}. Answer by {deadline} inclusive, or it goes to the next in the queue."
        ),
    },
    "offer_reminder": {
        "kk": (
            "Kezek: ұсынылған орын туралы еске саламыз: {kindergarten}. "
            "{deadline} дейін (қоса алғанда) жауап беріңіз."
        ),
        "ru": (
            "Kezek: напоминаем о предложенном месте: {kindergarten}. "
            "Ответьте до {deadline} включительно."
        ),
        "en": (
            "Kezek: reminder of the place offered at {kindergarten}. "
            "Please answer by {deadline} inclusive."
        ),
    },
    "offer_expired": {
        "kk": (
            "Kezek: ұсынылған орынға ({kindergarten}) жауап беру мерзімі өтті, ұсыныс "
            "қабылданбады деп саналады. Өтініш басқа балабақшалардың кезегінде қалады."
        ),
        "ru": (
            "Kezek: срок ответа на предложение места ({kindergarten}) истёк, оно считается "
            "отклонённым. Заявление остаётся в очереди в другие сады."
        ),
        "en": (
            "Kezek: the offer of a place at {kindergarten} has expired and counts as "
            "declined. The application stays in the queue for the other kindergartens."
        ),
    },
    "referral_issued": {
        "kk": (
            "Kezek: №{referral} жолдама берілді: {kindergarten}. Құжаттарды балабақшаға "
            "{deadline} дейін (қоса алғанда) әкеліңіз."
        ),
        "ru": (
            "Kezek: выдано направление №{referral}: {kindergarten}. Принесите документы "
            "в детский сад до {deadline} включительно."
        ),
        "en": (
            "Kezek: referral {referral} issued: {kindergarten}. Bring the documents to the "
            "kindergarten by {deadline} inclusive."
        ),
    },
    "referral_reminder": {
        "kk": (
            "Kezek: жолдама ({kindergarten}) {deadline} дейін (қоса алғанда) жарамды. "
            "Құжаттарды уақытында әкеліңіз."
        ),
        "ru": (
            "Kezek: направление ({kindergarten}) действует до {deadline} включительно. "
            "Успейте принести документы."
        ),
        "en": (
            "Kezek: the referral to {kindergarten} is valid until {deadline} inclusive. "
            "Please bring the documents in time."
        ),
    },
    "referral_lapsed": {
        "kk": (
            "Kezek: жолдаманың ({kindergarten}) мерзімі өтті, орын келесі кезектегіге "
            "берілді. Өтініш {until} дейін тоқтатылды, кейін кезектегі орнына оралады."
        ),
        "ru": (
            "Kezek: срок направления ({kindergarten}) истёк, место передано следующему. "
            "До {until} заявление приостановлено, затем вернётся на своё место в очереди."
        ),
        "en": (
            "Kezek: the referral to {kindergarten} has lapsed and the place went to the next "
            "in the queue. The application is paused until {until}, then keeps its position."
        ),
    },
    "postponed": {
        "kk": (
            "Kezek: балабақшаға ({kindergarten}) баруды бастау {until} күніне ауыстырылды. "
            "Орын сізге сақталады."
        ),
        "ru": (
            "Kezek: начало посещения ({kindergarten}) перенесено на {until}. "
            "Место за вами сохраняется."
        ),
        "en": (
            "Kezek: the start at {kindergarten} is postponed to {until}. "
            "The place stays reserved for you."
        ),
    },
    "confirmation_reminder": {
        "kk": (
            "Kezek: №{number} өтінішті {deadline} дейін (қоса алғанда) растаңыз, "
            "әйтпесе ол тоқтатылады."
        ),
        "ru": (
            "Kezek: подтвердите заявление №{number} до {deadline} включительно, "
            "иначе оно будет приостановлено."
        ),
        "en": (
            "Kezek: please confirm application {number} by {deadline} inclusive, "
            "or it will be suspended."
        ),
    },
    "suspended": {
        "kk": (
            "Kezek: №{number} өтініш расталмағандықтан тоқтатылды. Оны растаңыз: "
            "кезектегі орны сақталған."
        ),
        "ru": (
            "Kezek: заявление №{number} приостановлено, так как не подтверждено. "
            "Подтвердите его: место в очереди сохранено."
        ),
        "en": (
            "Kezek: application {number} is suspended because it was not confirmed. "
            "Confirm it: its queue position is kept."
        ),
    },
    "benefit_rejected": {
        "kk": (
            "Kezek: №{number} өтініш бойынша жеңілдік расталмады. Өтініш бастапқы "
            "күнімен жалпы кезекте қалады."
        ),
        "ru": (
            "Kezek: льгота по заявлению №{number} не подтверждена. Заявление остаётся "
            "в общей очереди с прежней датой подачи."
        ),
        "en": (
            "Kezek: the benefit on application {number} was not confirmed. The application "
            "stays in the general queue with its original date."
        ),
    },
    "enrolled": {
        "kk": "Kezek: бала балабақшаға қабылданды: {kindergarten}. Өтініш жабылды.",
        "ru": "Kezek: ребёнок зачислен в детский сад: {kindergarten}. Заявление закрыто.",
        "en": "Kezek: the child is enrolled at {kindergarten}. The application is closed.",
    },
    "aged_out": {
        "kk": (
            "Kezek: №{number} өтініш баланың жасына байланысты жабылды: балабақшадан орын "
            "енді ұсынылмайды."
        ),
        "ru": (
            "Kezek: заявление №{number} закрыто по возрасту ребёнка: места в детском саду "
            "больше не предлагаются."
        ),
        "en": (
            "Kezek: application {number} is closed because of the child's age: no more "
            "kindergarten places are offered."
        ),
    },
    "withdrawn": {
        "kk": "Kezek: №{number} өтініш кері қайтарылып, кезектен шығарылды.",
        "ru": "Kezek: заявление №{number} отозвано и снято с очереди.",
        "en": "Kezek: application {number} is withdrawn and removed from the queue.",
    },
}

KINDS: frozenset[str] = frozenset(TEMPLATES)


def fields(kind: str) -> frozenset[str]:
    """The ``str.format`` fields the Russian template of ``kind`` needs."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(TEMPLATES[kind]["ru"]) if name
    )


def resolve_language(language: str | None) -> str:
    """The language an SMS is actually written in: an unknown one falls back to Russian."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def render(kind: str, language: str | None, params: Mapping[str, Any]) -> str:
    """The SMS body for ``kind``.

    Unlike UI messages, a missing field is an error, not a degraded text: an SMS with a
    literal ``{deadline}`` in it would be sent, paid for and not understood.
    """
    entry = TEMPLATES.get(kind)
    if entry is None:
        raise ValueError(f"unknown SMS kind {kind!r}")
    template = entry[resolve_language(language)]
    try:
        return template.format_map(params)
    except (KeyError, IndexError) as exc:
        raise ValueError(f"SMS {kind!r} needs the field {exc}") from None
