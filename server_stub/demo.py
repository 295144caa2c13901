"""A realistic demo region: districts, kindergartens, attending children and the queue.

``python -m server_stub demo-data`` fills an empty database so that a demo, a benchmark or a
black-box test meets the shapes of real data: kindergartens almost full (so the few free
places are contested), a queue with every category, twins (R12), siblings already attending
(R11), correctional needs (R7), documentary benefits still pending (R13) and applications
suspended for want of the yearly confirmation (R24).

Everything comes from one ``random.Random`` seeded with ``seed`` (and ``now``), so a seed
always gives the same region: a bug seen on a demo database can be rebuilt row for row.

Speed is a requirement, not a nicety: benchmarks need 10,000 kindergartens and 1,000,000
applications in minutes. So rows are plain tuples built in chunks, never ORM objects; ids are
assigned here (choices refer to their application without a round trip). PostgreSQL
receives them through binary ``COPY`` in a second thread while the next chunk is generated,
with foreign keys validated once at the end instead of row by row; SQLite through the
driver's executemany. Memory stays bounded: only per-kindergarten facts are kept
(coordinates, neighbours, a few families for the sibling advantage), never the applications.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import queue
import random
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, NamedTuple, TypeVar

from argon2 import PasswordHasher
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    String,
    Table,
    TypeDecorator,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from domain.ages import counting_date, school_year_of
from domain.benefits import DEFAULT_BENEFIT_RULES, Benefit, Category
from domain.iin import Sex, make_iin
from domain.phones import MOBILE_CODES
from domain.policy import DEFAULT_POLICY, Policy
from domain.priority import batches_from_births
from server_stub.clock import KZ_TZ, local_date
from server_stub.models import (
    Account,
    Application,
    Choice,
    Counter,
    District,
    Enrollment,
    Group,
    Kindergarten,
)
from server_stub.services.applications import confirmation_year

__all__ = ["DemoDataError", "DemoReport", "demo_kindergarten_ids", "generate"]

Row = tuple[Any, ...]

CHUNK_ROWS = 20_000
KINDERGARTENS_PER_DISTRICT = 50
HEAD_ACCOUNTS = 50
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin"  # a demo login, printed by the report
HEAD_PASSWORD = "demo"
APPLICATION_COUNTER = "application"
QUEUE_YEARS = 5  # queued_at spreads over this many years before ``now``

# Shares of the queue (DOMAIN.md R8, R7, R12, R11, R24). First priority comes to about 15 %:
# every correctional child claims special needs, and 12.8 % of the others a social benefit.
EXTRAORDINARY_SHARE = 0.03
PENDING_SHARE = 0.15  # of extraordinary benefits: documents not yet seen (R13)
CORRECTIONAL_SHARE = 0.03
SANATORIUM_SHARE = 0.01
SOCIAL_BENEFIT_SHARE = 0.128
TWIN_PAIR_SHARE = 0.01  # pairs, so about 2 % of applications are twins
SIBLING_SHARE = 0.08  # an older brother or sister already attends a chosen kindergarten
SUSPENDED_SHARE = 0.02  # not confirmed this year (R24), among those who had to confirm
STAFF_RELATIVE_SHARE = 0.005  # R29
DESK_CREATED_SHARE = 0.05  # walk-ins registered at a kindergarten desk
KAZAKH_FAMILY_SHARE = 0.7


class DemoDataError(RuntimeError):
    """The database cannot take a demo region (it already holds a queue)."""


@dataclass
class DemoReport:
    """What :func:`generate` wrote, and how fast: rows per table, seconds, facts of the queue."""

    dialect: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("inf")

    def __str__(self) -> str:
        lines = [
            f"Demo region written to {self.dialect} in {self.seconds:.1f} s "
            f"({self.rows:,} rows, {self.rows_per_second:,.0f} rows/s)"
        ]
        width = max((len(name) for name in self.counts), default=0)
        lines += [f"  {name:<{width}}  {count:>10,}" for name, count in self.counts.items()]
        if self.stats:
            lines.append("  queue: " + ", ".join(f"{k} {v:,}" for k, v in self.stats.items()))
        if self.phases:
            lines.append("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.phases.items()))
        heads = min(HEAD_ACCOUNTS, self.counts.get("kindergarten", 0))
        lines.append(
            f"  logins: {ADMIN_LOGIN}/{ADMIN_PASSWORD} (department), "
            f"head<kindergarten id>/{HEAD_PASSWORD} (first {heads} kindergartens)"
        )
        return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Vocabulary. Real names of Kazakhstan's cities and districts; kindergarten, street and
# person names of the kinds families and the register actually use.
# --------------------------------------------------------------------------------------

# key -> (name_kk, name_ru, latitude, longitude)
_CITIES: dict[str, tuple[str, str, float, float]] = {
    "almaty": ("Алматы", "Алматы", 43.2380, 76.8890),
    "astana": ("Астана", "Астана", 51.1690, 71.4490),
    "shymkent": ("Шымкент", "Шымкент", 42.3170, 69.5960),
    "karaganda": ("Қарағанды", "Караганда", 49.8060, 73.0850),
    "aktobe": ("Ақтөбе", "Актобе", 50.2830, 57.1670),
    "taraz": ("Тараз", "Тараз", 42.9000, 71.3670),
    "pavlodar": ("Павлодар", "Павлодар", 52.2870, 76.9670),
    "oskemen": ("Өскемен", "Усть-Каменогорск", 49.9480, 82.6280),
    "semey": ("Семей", "Семей", 50.4110, 80.2270),
    "atyrau": ("Атырау", "Атырау", 47.1170, 51.8830),
    "kostanay": ("Қостанай", "Костанай", 53.2140, 63.6240),
    "kyzylorda": ("Қызылорда", "Кызылорда", 44.8530, 65.5090),
    "oral": ("Орал", "Уральск", 51.2330, 51.3670),
    "petropavl": ("Петропавл", "Петропавловск", 54.8670, 69.1500),
    "aktau": ("Ақтау", "Актау", 43.6500, 51.1670),
    "turkistan": ("Түркістан", "Туркестан", 43.2970, 68.2510),
    "kokshetau": ("Көкшетау", "Кокшетау", 53.2830, 69.3830),
    "taldykorgan": ("Талдықорған", "Талдыкорган", 45.0170, 78.3830),
}

# City districts first, so a small demo is one city (Almaty) with its real districts.
_URBAN_DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("Алмалы ауданы", "Алмалинский район", "almaty"),
    ("Бостандық ауданы", "Бостандыкский район", "almaty"),
    ("Әуезов ауданы", "Ауэзовский район", "almaty"),
    ("Медеу ауданы", "Медеуский район", "almaty"),
    ("Жетісу ауданы", "Жетысуский район", "almaty"),
    ("Түрксіб ауданы", "Турксибский район", "almaty"),
    ("Наурызбай ауданы", "Наурызбайский район", "almaty"),
    ("Алатау ауданы", "Алатауский район", "almaty"),
    ("Есіл ауданы", "Есильский район", "astana"),
    ("Алматы ауданы", "Алматинский район", "astana"),
    ("Сарыарқа ауданы", "Сарыаркинский район", "astana"),
    ("Байқоңыр ауданы", "Байконурский район", "astana"),
    ("Нұра ауданы", "Нуринский район", "astana"),
    ("Абай ауданы", "Абайский район", "shymkent"),
    ("Әл-Фараби ауданы", "Аль-Фарабийский район", "shymkent"),
    ("Еңбекші ауданы", "Енбекшинский район", "shymkent"),
    ("Қаратау ауданы", "Каратауский район", "shymkent"),
    ("Тұран ауданы", "Туранский район", "shymkent"),
    ("Қазыбек би ауданы", "район имени Казыбек би", "karaganda"),
    ("Әлихан Бөкейхан ауданы", "район Алихана Бокейхана", "karaganda"),
)

_RURAL_DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("Қарасай ауданы", "Карасайский район", "almaty"),
    ("Талғар ауданы", "Талгарский район", "almaty"),
    ("Іле ауданы", "Илийский район", "almaty"),
    ("Целиноград ауданы", "Целиноградский район", "astana"),
    ("Сайрам ауданы", "Сайрамский район", "shymkent"),
    ("Төле би ауданы", "Толебийский район", "shymkent"),
    ("Бұқар жырау ауданы", "Бухар-Жырауский район", "karaganda"),
    ("Мұғалжар ауданы", "Мугалжарский район", "aktobe"),
    ("Байзақ ауданы", "Байзакский район", "taraz"),
    ("Ертіс ауданы", "Иртышский район", "pavlodar"),
    ("Глубокое ауданы", "Глубоковский район", "oskemen"),
    ("Бесқарағай ауданы", "Бескарагайский район", "semey"),
    ("Махамбет ауданы", "Махамбетский район", "atyrau"),
    ("Қостанай ауданы", "Костанайский район", "kostanay"),
    ("Сырдария ауданы", "Сырдарьинский район", "kyzylorda"),
    ("Бәйтерек ауданы", "Байтерекский район", "oral"),
    ("Қызылжар ауданы", "Кызылжарский район", "petropavl"),
    ("Мұнайлы ауданы", "Мунайлинский район", "aktau"),
    ("Ордабасы ауданы", "Ордабасинский район", "turkistan"),
    ("Зеренді ауданы", "Зерендинский район", "kokshetau"),
    ("Ескелді ауданы", "Ескельдинский район", "taldykorgan"),
    ("Еңбекшіқазақ ауданы", "Енбекшиказахский район", "almaty"),
    ("Жамбыл ауданы", "Жамбылский район", "almaty"),
    ("Шортанды ауданы", "Шортандинский район", "astana"),
    ("Түлкібас ауданы", "Тюлькубасский район", "shymkent"),
    ("Қазығұрт ауданы", "Казыгуртский район", "shymkent"),
    ("Осакаров ауданы", "Осакаровский район", "karaganda"),
    ("Хромтау ауданы", "Хромтауский район", "aktobe"),
    ("Жуалы ауданы", "Жуалынский район", "taraz"),
    ("Баянауыл ауданы", "Баянаульский район", "pavlodar"),
    ("Ұлан ауданы", "Уланский район", "oskemen"),
    ("Жарма ауданы", "Жарминский район", "semey"),
    ("Исатай ауданы", "Исатайский район", "atyrau"),
    ("Меңдіқара ауданы", "Мендыкаринский район", "kostanay"),
    ("Шиелі ауданы", "Шиелийский район", "kyzylorda"),
    ("Теректі ауданы", "Теректинский район", "oral"),
    ("Аққайың ауданы", "Аккайынский район", "petropavl"),
    ("Түпқараған ауданы", "Тупкараганский район", "aktau"),
    ("Сауран ауданы", "Сауранский район", "turkistan"),
    ("Бурабай ауданы", "Бурабайский район", "kokshetau"),
    ("Кербұлақ ауданы", "Кербулакский район", "taldykorgan"),
    ("Райымбек ауданы", "Райымбекский район", "almaty"),
    ("Ұйғыр ауданы", "Уйгурский район", "almaty"),
    ("Аршалы ауданы", "Аршалынский район", "astana"),
    ("Сарыағаш ауданы", "Сарыагашский район", "shymkent"),
    ("Мақтаарал ауданы", "Мактааральский район", "shymkent"),
    ("Шет ауданы", "Шетский район", "karaganda"),
    ("Алға ауданы", "Алгинский район", "aktobe"),
    ("Қордай ауданы", "Кордайский район", "taraz"),
    ("Павлодар ауданы", "Павлодарский район", "pavlodar"),
    ("Зайсан ауданы", "Зайсанский район", "oskemen"),
    ("Аягөз ауданы", "Аягозский район", "semey"),
    ("Индер ауданы", "Индерский район", "atyrau"),
    ("Әулиекөл ауданы", "Аулиекольский район", "kostanay"),
    ("Жаңақорған ауданы", "Жанакорганский район", "kyzylorda"),
    ("Бөрлі ауданы", "Бурлинский район", "oral"),
    ("Тайынша ауданы", "Тайыншинский район", "petropavl"),
    ("Бейнеу ауданы", "Бейнеуский район", "aktau"),
    ("Отырар ауданы", "Отырарский район", "turkistan"),
    ("Ақкөл ауданы", "Аккольский район", "kokshetau"),
    ("Көксу ауданы", "Коксуский район", "taldykorgan"),
    ("Кеген ауданы", "Кегенский район", "almaty"),
    ("Ерейментау ауданы", "Ерейментауский район", "astana"),
    ("Бәйдібек ауданы", "Байдибекский район", "shymkent"),
    ("Қарқаралы ауданы", "Каркаралинский район", "karaganda"),
    ("Мәртөк ауданы", "Мартукский район", "aktobe"),
    ("Меркі ауданы", "Меркенский район", "taraz"),
    ("Күршім ауданы", "Курчумский район", "oskemen"),
    ("Мақат ауданы", "Макатский район", "atyrau"),
    ("Қарасу ауданы", "Карасуский район", "kostanay"),
    ("Жалағаш ауданы", "Жалагашский район", "kyzylorda"),
    ("Ақжайық ауданы", "Акжаикский район", "oral"),
    ("Мағжан Жұмабаев ауданы", "район Магжана Жумабаева", "petropavl"),
    ("Қарақия ауданы", "Каракиянский район", "aktau"),
    ("Созақ ауданы", "Сузакский район", "turkistan"),
    ("Сандықтау ауданы", "Сандыктауский район", "kokshetau"),
    ("Қаратал ауданы", "Каратальский район", "taldykorgan"),
    ("Балқаш ауданы", "Балхашский район", "almaty"),
    ("Шардара ауданы", "Шардаринский район", "shymkent"),
    ("Қарғалы ауданы", "Каргалинский район", "aktobe"),
    ("Мойынқұм ауданы", "Мойынкумский район", "taraz"),
    ("Шемонаиха ауданы", "Шемонаихинский район", "oskemen"),
    ("Жылыой ауданы", "Жылыойский район", "atyrau"),
    ("Федоров ауданы", "Федоровский район", "kostanay"),
    ("Қазалы ауданы", "Казалинский район", "kyzylorda"),
    ("Келес ауданы", "Келесский район", "turkistan"),
    ("Сарқан ауданы", "Сарканский район", "taldykorgan"),
    ("Шу ауданы", "Шуский район", "taraz"),
    ("Тарбағатай ауданы", "Тарбагатайский район", "oskemen"),
    ("Арал ауданы", "Аральский район", "kyzylorda"),
    ("Жетісай ауданы", "Жетысайский район", "turkistan"),
    ("Панфилов ауданы", "Панфиловский район", "taldykorgan"),
    ("Талас ауданы", "Таласский район", "taraz"),
    ("Қармақшы ауданы", "Кармакшинский район", "kyzylorda"),
    ("Алакөл ауданы", "Алакольский район", "taldykorgan"),
    ("Сарысу ауданы", "Сарысуский район", "taraz"),
)

# A Kazakh-language kindergarten has a Kazakh name; a Russian or mixed one may have either.
_KINDERGARTEN_NAMES: dict[str, tuple[str, ...]] = {
    "kk": (
        "Балапан", "Айгөлек", "Еркетай", "Күншуақ", "Балдырған", "Ақбота", "Болашақ",
        "Қарлығаш", "Ботақан", "Құлыншақ", "Жұлдыз", "Айналайын", "Ақниет", "Арай", "Шаттық",
        "Мөлдір", "Сәби", "Алтын бесік", "Бәйтерек", "Қызғалдақ", "Нұрсәт", "Ақжелкен",
        "Балауса", "Гүлдер", "Достық", "Ақсұңқар", "Ертөстік", "Бөбек",
    ),
    "ru": (
        "Золотой ключик", "Солнышко", "Радуга", "Теремок", "Ромашка", "Колокольчик",
        "Алёнушка", "Сказка", "Ласточка", "Светлячок", "Дюймовочка", "Берёзка", "Звёздочка",
        "Улыбка", "Родничок", "Журавушка", "Балапан", "Айгөлек", "Еркетай", "Күншуақ",
        "Балдырған", "Ақбота", "Болашақ", "Қарлығаш",
    ),
}  # fmt: skip

_GROUP_NICKNAMES: dict[str, tuple[str, ...]] = {
    "kk": (
        "Балапандар", "Жұлдызшалар", "Күнбағыс", "Ботақандар", "Қошақандар", "Көбелектер",
        "Гүлдер", "Құлыншақтар", "Шұғыла", "Айгөлек", "Ақбота", "Бөбектер",
    ),
    "ru": (
        "Пчёлки", "Звёздочки", "Солнышко", "Капельки", "Лучики", "Непоседы", "Гномики",
        "Почемучки", "Колобок", "Ладушки", "Радуга", "Божьи коровки",
    ),
}  # fmt: skip

# R5 group names by age group 1..5 in the group's language. A Kazakh group is named
# "«Балапан» кіші тобы": after its own name "топ" takes the possessive "тобы".
_AGE_GROUP_NAMES: dict[str, tuple[str, ...]] = {
    "kk": ("бөбекжай тобы", "кіші тобы", "ортаңғы тобы", "ересек тобы", "мектепалды тобы"),
    "ru": (
        "Ясельная группа",
        "Младшая группа",
        "Средняя группа",
        "Старшая группа",
        "Предшкольная группа",
    ),
}
_TYPE_SUFFIX: dict[str, dict[str, str]] = {
    "kk": {"general": "", "correctional": " (түзету)", "sanatorium": " (санаторлық)"},
    "ru": {"general": "", "correctional": " (коррекционная)", "sanatorium": " (санаторная)"},
}

# (Russian address form, Kazakh address form)
_STREETS: tuple[tuple[str, str], ...] = (
    ("ул. Абая", "Абай көшесі"),
    ("пр. Абылай хана", "Абылай хан даңғылы"),
    ("ул. Толе би", "Төле би көшесі"),
    ("ул. Жандосова", "Жандосов көшесі"),
    ("ул. Сейфуллина", "Сейфуллин көшесі"),
    ("ул. Байтурсынова", "Байтұрсынов көшесі"),
    ("ул. Кенесары", "Кенесары көшесі"),
    ("ул. Сатпаева", "Сәтбаев көшесі"),
    ("ул. Жамбыла", "Жамбыл көшесі"),
    ("ул. Муканова", "Мұқанов көшесі"),
    ("ул. Ауэзова", "Әуезов көшесі"),
    ("ул. Гагарина", "Гагарин көшесі"),
    ("ул. Пушкина", "Пушкин көшесі"),
    ("пр. Республики", "Республика даңғылы"),
    ("ул. Достык", "Достық көшесі"),
    ("ул. Кабанбай батыра", "Қабанбай батыр көшесі"),
    ("ул. Богенбай батыра", "Бөгенбай батыр көшесі"),
    ("ул. Курмангазы", "Құрманғазы көшесі"),
    ("ул. Жибек жолы", "Жібек жолы көшесі"),
    ("ул. Майлина", "Майлин көшесі"),
    ("ул. Тауелсиздик", "Тәуелсіздік көшесі"),
    ("ул. Шевченко", "Шевченко көшесі"),
    ("мкр. Самал-2", "Самал-2 шағын ауданы"),
    ("мкр. Аксай-4", "Ақсай-4 шағын ауданы"),
    ("мкр. Жетысу-3", "Жетісу-3 шағын ауданы"),
    ("мкр. Орбита-1", "Орбита-1 шағын ауданы"),
    ("мкр. Нурсат", "Нұрсат шағын ауданы"),
    ("мкр. Кокжиек", "Көкжиек шағын ауданы"),
)
# (Russian, Kazakh) village names for rural districts
_VILLAGES: tuple[tuple[str, str], ...] = (
    ("Акбулак", "Ақбұлақ"),
    ("Карабулак", "Қарабұлақ"),
    ("Коктобе", "Көктөбе"),
    ("Бесагаш", "Бесағаш"),
    ("Кайнар", "Қайнар"),
    ("Талдыбулак", "Талдыбұлақ"),
    ("Береке", "Береке"),
    ("Жанаталап", "Жаңаталап"),
    ("Аксай", "Ақсай"),
    ("Шамалган", "Шамалған"),
    ("Енбек", "Еңбек"),
    ("Каракемер", "Қаракемер"),
)

_KK_BOYS: tuple[str, ...] = (
    "Нұрсұлтан", "Алихан", "Айбек", "Ерасыл", "Әлихан", "Мирас", "Арсен", "Ернұр",
    "Нұрислам", "Омар", "Алдияр", "Ансар", "Расул", "Темірлан", "Санжар", "Ислам",
    "Амир", "Мұхаммед", "Айсұлтан", "Нұрәли", "Әли", "Іңкәр", "Бекарыс", "Абылай",
)  # fmt: skip
_KK_GIRLS: tuple[str, ...] = (
    "Айша", "Аяла", "Айару", "Томирис", "Медина", "Інжу", "Жансая", "Аружан", "Амина",
    "Раяна", "Камила", "Айлин", "Сафия", "Әмина", "Мадина", "Жасмин", "Айым", "Дана",
    "Ақбота", "Назерке", "Асылым", "Хадиша", "Айзере", "Нұрай",
)  # fmt: skip
_KK_FATHERS: tuple[str, ...] = (
    "Ерлан", "Асхат", "Бақыт", "Ержан", "Дәурен", "Нұрлан", "Серік", "Қайрат", "Марат",
    "Ерболат", "Талғат", "Мұрат", "Бекзат", "Жандос", "Ғалымжан", "Руслан", "Арман",
    "Дидар", "Бауыржан", "Азамат", "Ерғали", "Нұржан", "Досжан", "Жасұлан",
)  # fmt: skip
_KK_SURNAMES: tuple[str, ...] = (
    "Ахметов", "Омаров", "Сериков", "Жумабаев", "Нурланов", "Сарсенбаев", "Токтаров",
    "Касымов", "Абдрахманов", "Исмаилов", "Муканов", "Оспанов", "Смагулов", "Есенов",
    "Байжанов", "Кенжебаев", "Нургалиев", "Тулегенов", "Ермеков", "Жаксылыков",
    "Алимжанов", "Сулейменов", "Калиев", "Амангельдиев", "Кудайбергенов", "Бейсенов",
)  # fmt: skip
_KK_WOMEN: tuple[str, ...] = (
    "Гүлнар", "Сәуле", "Айгүл", "Жанар", "Динара", "Ботагөз", "Әсел", "Салтанат",
    "Гүлмира", "Жібек", "Ләззат", "Мөлдір",
)  # fmt: skip

_RU_BOYS: tuple[str, ...] = (
    "Артём", "Александр", "Максим", "Михаил", "Иван", "Дмитрий", "Кирилл", "Матвей",
    "Тимофей", "Лев", "Марк", "Даниил", "Егор", "Никита", "Илья", "Роман", "Фёдор", "Арсений",
)  # fmt: skip
_RU_GIRLS: tuple[str, ...] = (
    "Анна", "Мария", "София", "Алиса", "Виктория", "Полина", "Варвара", "Ева", "Дарья",
    "Ксения", "Вероника", "Елизавета", "Василиса", "Милана", "Анастасия", "Александра",
)  # fmt: skip
# (father's name, patronymic of a son, patronymic of a daughter)
_RU_FATHERS: tuple[tuple[str, str, str], ...] = (
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Александр", "Александрович", "Александровна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Павел", "Павлович", "Павловна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Роман", "Романович", "Романовна"),
    ("Константин", "Константинович", "Константиновна"),
)
_RU_SURNAMES: tuple[str, ...] = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Макаров", "Никитин", "Захаров",
    "Зайцев", "Борисов", "Яковлев", "Романов", "Кузьмин", "Ковальский", "Ким", "Пак", "Цой",
    "Шевченко", "Бондаренко", "Ковальчук", "Шмидт", "Вагнер",
)  # fmt: skip
_RU_WOMEN: tuple[str, ...] = (
    "Ирина",
    "Елена",
    "Ольга",
    "Татьяна",
    "Наталья",
    "Светлана",
    "Людмила",
    "Марина",
)

_MOBILE_CODES: tuple[str, ...] = tuple(sorted(MOBILE_CODES))
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Weights(Generic[_T]):
    """Values with their shares, ready for one ``random()`` and a bisect per draw."""

    values: tuple[_T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, shares: dict[_T, float]) -> _Weights[_T]:
        return cls(tuple(shares), tuple(itertools.accumulate(shares.values())))


_EXTRAORDINARY_BENEFITS = _Weights.of(
    {Benefit.MILITARY: 0.6, Benefit.SPECIAL_STATE_BODY: 0.3, Benefit.FALLEN_IN_SERVICE: 0.1}
)
_SOCIAL_BENEFITS = _Weights.of(
    {
        Benefit.LARGE_FAMILY: 0.6,
        Benefit.DISABLED_PARENT: 0.2,
        Benefit.NO_PARENTAL_CARE: 0.1,
        Benefit.ORPHAN: 0.1,
    }
)
_URBAN_KG_LANGUAGES = _Weights.of({"kk": 0.45, "ru": 0.15, "kk,ru": 0.40})
_RURAL_KG_LANGUAGES = _Weights.of({"kk": 0.7, "ru": 0.1, "kk,ru": 0.2})
_KAZAKH_FAMILY_ACCEPTS = _Weights.of({"kk": 0.65, "kk,ru": 0.3, "ru": 0.05})
_OTHER_FAMILY_ACCEPTS = _Weights.of({"ru": 0.8, "kk,ru": 0.2})
_CHOICE_COUNTS = _Weights.of({1: 0.15, 2: 0.25, 3: 0.25, 4: 0.35})

# group kinds of R7, bit positions in a kindergarten's "what it has" mask
_LANGS = ("kk", "ru")
_TYPES = ("general", "correctional", "sanatorium")
_NEIGHBOURS = 12  # nearest kindergartens remembered per kindergarten, itself first
_SIBLING_POOL = 6  # families remembered per kindergarten for the sibling advantage

# The share of the queue by how long ago its application was filed, oldest year first:
# older applicants have mostly been placed already, so the recent years weigh more.
_QUEUE_YEAR_WEIGHTS = (0.08, 0.14, 0.22, 0.28, 0.28)
_DAY = 86_400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_KZ_OFFSET = int(KZ_TZ.utcoffset(None).total_seconds())


def _kind_bit(language: str, group_type: str) -> int:
    return 1 << (_LANGS.index(language) * len(_TYPES) + _TYPES.index(group_type))


@functools.cache
def _wanted_bits(accepted: str, need: str) -> int:
    """The mask of group kinds (R7) a family with these languages and need can take."""
    return sum(_kind_bit(lang, need) for lang in accepted.split(","))


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------


class _Family(NamedTuple):
    """What brothers and sisters share: the parent's IIN, a surname, a father, phones.

    A named tuple, not a frozen dataclass: one is made per child, and tuples are made
    several times faster.
    """

    parent_iin: str
    kazakh: bool
    surname: str  # the masculine form
    father: int  # index into the fathers of the family's language
    patronymic_surname: bool  # Kazakh style "Ерланұлы Алихан" instead of a -ов surname
    phones: tuple[str, str | None]


class _Rng(random.Random):
    """``random.Random`` with cheaper draws for the millions of rows of a national region.

    ``randint`` and ``choice`` go through rejection sampling on ``getrandbits`` and cost
    about three times as much as scaling one ``random()``; the bias of scaling (about
    n / 2**53 for a range of n) is of no consequence for demo data.
    """

    def pick(self, items: Sequence[_T]) -> _T:
        return items[int(self.random() * len(items))]

    def weighted(self, weights: _Weights[_T]) -> _T:
        cumulative = weights.cumulative
        return weights.values[bisect.bisect_right(cumulative, self.random() * cumulative[-1])]

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both ends included (like ``randint``)."""
        return low + int(self.random() * (high - low + 1))


class _People:
    """Names, IINs and phones; owns the IIN serials so that every IIN it gives is unique."""

    def __init__(self, rng: _Rng, today: date) -> None:
        self.rng = rng
        self.today = today
        self._serials: dict[tuple[date, str], int] = {}
        self._today = today.toordinal()
        self._earliest_parent = _years_before(today, 46).toordinal() + 1  # 45 at most
        self._twenty_years_ago = _years_before(today, 20).toordinal()

    def iin(self, birth: date, sex: Sex) -> str:
        """A valid IIN (R1) never given before: serials run upwards per birth date and sex.

        ``make_iin`` skips serials that have no check digit, so the next serial is taken
        after the one it used, not after the one asked for.
        """
        key = (birth, sex)
        serial = self._serials.get(key, 1)
        number = make_iin(birth, sex, serial)
        used = int(number[7:11])
        if used < serial:  # wrapped around 9999: the day is full
            raise DemoDataError(f"more than 9,999 people of sex {sex} born on {birth}")
        self._serials[key] = used + 1
        return number

    def phone(self) -> str:
        rng = self.rng
        return f"+7{rng.pick(_MOBILE_CODES)}{rng.between(0, 9_999_999):07d}"

    def phones(self) -> tuple[str, str | None]:
        """One or two mobile numbers (R4)."""
        first = self.phone()
        return first, self.phone() if self.rng.random() < 0.3 else None

    def family(self, child_birth: date, *, with_phones: bool = True) -> _Family:
        """A new family; the parent is 20-45 years old today and 18 or more at the birth.

        Families of attending children need phones only if a younger child applies later,
        so the region asks for them only then (a million phones fewer to draw).
        """
        rng = self.rng
        latest = min(self._twenty_years_ago, _years_before(child_birth, 18).toordinal())
        typical = self._today - int(rng.gauss(31 * 365.25, 5 * 365.25))
        parent_birth = date.fromordinal(min(max(typical, self._earliest_parent), latest))
        sex: Sex = "F" if rng.random() < 0.75 else "M"  # mothers file most applications
        kazakh = rng.random() < KAZAKH_FAMILY_SHARE
        if kazakh:
            surname = rng.pick(_KK_SURNAMES)
            father = rng.between(0, len(_KK_FATHERS) - 1)
            patronymic_surname = rng.random() < 0.35
        else:
            surname = rng.pick(_RU_SURNAMES)
            father = rng.between(0, len(_RU_FATHERS) - 1)
            patronymic_surname = False
        phones = self.phones() if with_phones else ("", None)
        parent_iin = self.iin(parent_birth, sex)
        return _Family(parent_iin, kazakh, surname, father, patronymic_surname, phones)

    def child_name(self, family: _Family, sex: Sex) -> str:
        rng = self.rng
        boy = sex == "M"
        if family.kazakh:
            given = rng.pick(_KK_BOYS if boy else _KK_GIRLS)
            patronymic = _KK_FATHERS[family.father] + ("ұлы" if boy else "қызы")
            if family.patronymic_surname:
                return f"{patronymic} {given}"
            return f"{_gendered(family.surname, boy)} {given} {patronymic}"
        given = rng.pick(_RU_BOYS if boy else _RU_GIRLS)
        _, son, daughter = _RU_FATHERS[family.father]
        return f"{_gendered(family.surname, boy)} {given} {son if boy else daughter}"

    def woman_name(self) -> str:
        """A head of a kindergarten: most of them are women."""
        rng = self.rng
        if rng.random() < KAZAKH_FAMILY_SHARE:
            father = rng.pick(_KK_FATHERS)
            return f"{rng.pick(_KK_SURNAMES)}а {rng.pick(_KK_WOMEN)} {father}қызы"
        _, _, daughter = rng.pick(_RU_FATHERS)
        surname = _gendered(rng.pick(_RU_SURNAMES), boy=False)
        return f"{surname} {rng.pick(_RU_WOMEN)} {daughter}"


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _gendered(surname: str, boy: bool) -> str:
    """Russian-pattern surnames agree with the sex (-ов/-ова, -ин/-ина, -ский/-ская)."""
    if boy:
        return surname
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    return surname  # Ким, Шевченко: the same for both


# --------------------------------------------------------------------------------------
# Writing rows: COPY on PostgreSQL, executemany elsewhere, all in one transaction
# --------------------------------------------------------------------------------------


def _copy_type(table: Table, column: str) -> str:
    """The PostgreSQL type name binary COPY needs to encode a value of ``column``."""
    kind = table.c[column].type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int4"
    if isinstance(kind, Float):
        return "float8"
    if isinstance(kind, DateTime):
        return "timestamptz" if kind.timezone else "timestamp"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, String):
        return "text"
    raise TypeError(f"no COPY type for {table.name}.{column} ({kind!r})")


_Chunk = tuple[Table, Sequence[str], Sequence[Row]]


class _Writer:
    """Writes chunks of rows (tuples in ``columns`` order) into one open transaction.

    PostgreSQL gets binary ``COPY``: psycopg encodes each row in C, several times faster
    than executemany and than building COPY text in Python. Inside :meth:`background` the
    COPYs run in a second thread, so the server inserts one chunk (indexes, foreign keys)
    while Python generates the next: both cores work. Other databases get a Core
    executemany, which applies the same type processing as the ORM.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.counts: dict[str, int] = {}
        self._copy = connection.dialect.name == "postgresql"
        self._queue: queue.Queue[_Chunk | None] | None = None
        self._error: BaseException | None = None

    def write(self, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        if self._error is not None:  # the COPY thread failed: stop generating
            raise self._error
        if self._queue is not None:
            self._queue.put((table, columns, rows))
        elif self._copy:
            self._copy_rows(table, columns, rows)
        elif self.connection.dialect.name == "sqlite":
            self._insert_rows(table, columns, rows)
        else:
            self.connection.execute(
                table.insert(), [dict(zip(columns, r, strict=True)) for r in rows]
            )
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    @contextmanager
    def background(self) -> Iterator[None]:
        """Run the COPYs of the block in a thread; on leaving, wait for them (and re-raise).

        The connection is the thread's alone meanwhile: the block only generates rows.
        At most two chunks wait in the queue, so memory stays bounded.
        """
        if not self._copy:
            yield
            return
        self._queue = queue.Queue(maxsize=2)
        thread = threading.Thread(target=self._drain, args=(self._queue,), name="demo-copy")
        thread.start()
        try:
            yield
        finally:
            self._queue.put(None)
            thread.join()
            self._queue = None
        if self._error is not None:
            raise self._error

    def _drain(
        self, chunks: queue.Queue[tuple[Table, Sequence[str], Sequence[Row]] | None]
    ) -> None:
        while (chunk := chunks.get()) is not None:
            if self._error is None:  # after a failure, only empty the queue
                try:
                    self._copy_rows(*chunk)
                except BaseException as exc:  # handed to the generating thread
                    self._error = exc

    def _insert_rows(self, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
        """The driver's executemany with SQLAlchemy's own bind processors (UTC datetimes,
        dates, booleans): what ``table.insert()`` stores, at a third of its cost."""
        dialect = self.connection.dialect
        processors = [
            (i, processor)
            for i, column in enumerate(columns)
            if (processor := table.c[column].type.dialect_impl(dialect).bind_processor(dialect))
        ]
        if processors:
            processed: list[Row] = []
            for row in rows:
                values = list(row)
                for i, processor in processors:
                    values[i] = processor(values[i])
                processed.append(tuple(values))
            rows = processed
        marks = ", ".join("?" * len(columns))
        statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
        self.connection.exec_driver_sql(statement, list(rows))

    def _copy_rows(self, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
        raw = self.connection.connection.driver_connection
        assert raw is not None
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types([_copy_type(table, column) for column in columns])
            for row in rows:
                copy.write_row(row)


class _Buffer:
    """Rows for one table, written whenever the chunk is full (and at the end)."""

    def __init__(self, writer: _Writer, table: Table, columns: Sequence[str]) -> None:
        self.writer = writer
        self.table = table
        self.columns = tuple(columns)
        self.rows: list[Row] = []

    def flush(self) -> None:
        self.writer.write(self.table, self.columns, self.rows)
        self.rows = []


_DISTRICT_COLUMNS = ("id", "name_kk", "name_ru")
_KINDERGARTEN_COLUMNS = (
    "id", "district_id", "name_kk", "name_ru", "address", "languages", "latitude",
    "longitude", "active",
)  # fmt: skip
_GROUP_COLUMNS = ("id", "kindergarten_id", "name", "age_group", "language", "type", "capacity",
                  "active")  # fmt: skip
_ENROLLMENT_COLUMNS = (
    "id", "referral_id", "application_id", "kindergarten_id", "group_id", "place_id",
    "child_iin", "child_name", "birth_date", "parent_iin", "vaccination", "head_decision",
    "enrolled_at", "enrolled_by", "left_at", "leave_reason", "version",
)  # fmt: skip
_APPLICATION_COLUMNS = (
    "id", "number", "child_iin", "child_name", "birth_date", "parent_iin", "phone1", "phone2",
    "language", "benefit", "benefit_status", "benefit_deadline", "category", "need",
    "accepted_languages", "desired_start", "staff_relative_of", "batch_id", "queued_at",
    "status", "status_changed_at", "stop_until", "confirmed_school_year", "suspended_at",
    "created_by", "version",
)  # fmt: skip
_QUEUED_AT = _APPLICATION_COLUMNS.index("queued_at")
_STATUS_CHANGED_AT = _APPLICATION_COLUMNS.index("status_changed_at")
_SUSPENDED_AT = _APPLICATION_COLUMNS.index("suspended_at")
_CHOICE_COLUMNS = ("application_id", "kindergarten_id", "rank", "active")
_ACCOUNT_COLUMNS = (
    "id", "login", "password_hash", "role", "full_name", "kindergarten_id", "district_id",
    "active", "created_at",
)  # fmt: skip

_TABLES_WITH_IDS = (District, Kindergarten, Group, Account, Enrollment, Application)
# the tables of millions of rows, whose foreign keys are checked in bulk on PostgreSQL
_BULK_TABLES = (Kindergarten, Group, Enrollment, Application, Choice)


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# --------------------------------------------------------------------------------------
# The region
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Kindergarten:
    """What the queue generator needs to know about one kindergarten, kept for all of them."""

    id: int
    district: int  # index into the region's districts
    lat: float
    lon: float
    kinds: int = 0  # bit mask of (language, type) group kinds it has (R7)
    neighbours: tuple[int, ...] = ()  # indexes of the nearest in the district, itself first
    families: list[tuple[_Family, int]] = field(default_factory=list)  # (family, birth ord)


@dataclass
class _Region:
    kindergartens: list[_Kindergarten]
    district_ranges: list[tuple[int, int]]  # kindergarten index range per district


def _district_names(index: int) -> tuple[str, str, str, bool]:
    """(name_kk, name_ru, city key, urban) of the index-th district of the region."""
    names = _URBAN_DISTRICTS + _RURAL_DISTRICTS
    kk, ru, city = names[index % len(names)]
    round_ = index // len(names)
    if round_:
        kk, ru = f"{kk} №{round_ + 1}", f"{ru} №{round_ + 1}"
    return kk, ru, city, index % len(names) < len(_URBAN_DISTRICTS)


def _write_region(
    rng: _Rng,
    people: _People,
    writer: _Writer,
    *,
    kindergartens: int,
    ids: dict[str, int],
    school_year: int,
    now: datetime,
    policy: Policy,
) -> _Region:
    """Districts, kindergartens, groups and the children attending them (85-100 % full)."""
    n_districts = max(
        1, (kindergartens + KINDERGARTENS_PER_DISTRICT // 2) // KINDERGARTENS_PER_DISTRICT
    )
    # consecutive kindergartens share a district: district d is the index range
    # [ceil(d * K / n), ceil((d + 1) * K / n)), i.e. the indexes i with i * n // K == d
    ranges = [
        (-(-d * kindergartens // n_districts), -(-(d + 1) * kindergartens // n_districts))
        for d in range(n_districts)
    ]
    districts = _Buffer(writer, _table(District), _DISTRICT_COLUMNS)
    kg_buffer = _Buffer(writer, _table(Kindergarten), _KINDERGARTEN_COLUMNS)
    group_buffer = _Buffer(writer, _table(Group), _GROUP_COLUMNS)
    enrollment_buffer = _Buffer(writer, _table(Enrollment), _ENROLLMENT_COLUMNS)

    centres: list[tuple[float, float, float, str, bool]] = []
    for d in range(n_districts):
        kk, ru, city, urban = _district_names(d)
        districts.rows.append((ids["district"] + d, kk, ru))
        _, _, lat, lon = _CITIES[city]
        if urban:
            lat, lon, spread = lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.07, 0.07), 0.015
        else:
            angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0.3, 1.2)
            lat, lon, spread = (
                lat + distance * math.sin(angle),
                lon + distance * math.cos(angle),
                0.04,
            )
        centres.append((lat, lon, spread, city, urban))
    districts.flush()

    kgs: list[_Kindergarten] = []
    numbers: dict[str, int] = {}  # kindergartens are numbered per city (or district)
    kg_id, group_id, enrollment_id = ids["kindergarten"], ids["kgroup"], ids["enrollment"]
    first_day_of_year = counting_date(school_year, policy).toordinal()
    today = local_date(now).toordinal()
    unvaccinated_share = policy.unvaccinated_max_share
    for index in range(kindergartens):
        d = index * n_districts // kindergartens
        lat0, lon0, spread, city, urban = centres[d]
        lat = round(lat0 + rng.gauss(0, spread), 6)
        lon = round(lon0 + rng.gauss(0, spread / math.cos(math.radians(lat0))), 6)
        kg = _Kindergarten(kg_id, d, lat, lon)
        kgs.append(kg)
        key = city if urban else f"district-{d}"
        numbers[key] = numbers.get(key, 0) + 1
        languages = rng.weighted(_URBAN_KG_LANGUAGES if urban else _RURAL_KG_LANGUAGES)
        name_kk, name_ru = _kindergarten_names(rng, numbers[key], languages)
        address = _address(rng, city, d, urban, languages == "kk")
        kg_buffer.rows.append(
            (kg_id, ids["district"] + d, name_kk, name_ru, address, languages, lat, lon, True)
        )
        own = languages.split(",")
        for age in range(1, 6):
            count = 2 if rng.random() < (0.3 if age == 1 else 0.5) else 1
            langs = own if count == 2 and len(own) == 2 else [rng.pick(own) for _ in range(count)]
            for lang in langs:
                roll = rng.random()
                kind = "correctional" if roll < 0.05 else "sanatorium" if roll < 0.07 else "general"
                if kind == "correctional":
                    capacity = rng.between(15, 18)
                elif age == 1:
                    capacity = rng.between(15, 22)
                else:
                    capacity = rng.between(20, 30)
                kg.kinds |= _kind_bit(lang, kind)
                nickname = rng.pick(_GROUP_NICKNAMES[lang])
                age_name = _AGE_GROUP_NAMES[lang][age - 1]
                name = (
                    f"«{nickname}» {age_name}" if lang == "kk" else f"{age_name} «{nickname}»"
                ) + _TYPE_SUFFIX[lang][kind]
                group_buffer.rows.append((group_id, kg_id, name, age, lang, kind, capacity, True))
                # R5: everyone in this group is ``age`` full years old on 1 September
                born_from = counting_date(school_year - age - 1, policy).toordinal() + 1
                born_to = counting_date(school_year - age, policy).toordinal()
                attending = round(capacity * rng.uniform(0.85, 1.0))
                unvaccinated_left = (
                    attending if kind == "correctional" else int(attending * unvaccinated_share)
                )
                for _ in range(attending):
                    birth = date.fromordinal(rng.between(born_from, born_to))
                    sex: Sex = "M" if rng.random() < 0.51 else "F"
                    family = people.family(birth, with_phones=False)
                    roll = rng.random()
                    vaccination = "exempt" if roll < 0.03 else "complete"
                    if roll > 0.95 and unvaccinated_left > 0:  # R21: at most 10 %
                        vaccination = "incomplete"
                        unvaccinated_left -= 1
                    start = max(birth.toordinal() + 365, first_day_of_year - 4 * 365)
                    start = min(start, today - 1)
                    enrolled_day = rng.between(start, max(start, today - 1))
                    enrolled_at = _at(enrolled_day, rng.between(9 * 3600, 17 * 3600))
                    enrollment_buffer.rows.append(
                        (
                            enrollment_id, None, None, kg_id, group_id, None,
                            people.iin(birth, sex), people.child_name(family, sex), birth,
                            family.parent_iin, vaccination, None, min(enrolled_at, now),
                            None, None, None, 1,
                        )
                    )  # fmt: skip
                    enrollment_id += 1
                    # remember some families: their younger children get the sibling advantage
                    if len(kg.families) < _SIBLING_POOL and rng.random() < 0.1:
                        family = family._replace(phones=people.phones())
                        kg.families.append((family, birth.toordinal()))
                group_id += 1
        kg_id += 1
        if len(enrollment_buffer.rows) >= CHUNK_ROWS:
            for buffer in (kg_buffer, group_buffer, enrollment_buffer):
                buffer.flush()
    for buffer in (kg_buffer, group_buffer, enrollment_buffer):
        buffer.flush()
    for start, stop in ranges:
        _link_neighbours(kgs[start:stop], start)
    return _Region(kgs, ranges)


def _kindergarten_names(rng: _Rng, number: int, languages: str) -> tuple[str, str]:
    """(name_kk, name_ru): a nursery-kindergarten, a kindergarten or a private one."""
    nickname = rng.pick(_KINDERGARTEN_NAMES["kk" if languages == "kk" else "ru"])
    roll = rng.random()
    if roll < 0.55:
        return f"№{number} «{nickname}» бөбекжайы", f"Ясли-сад №{number} «{nickname}»"
    if roll < 0.9:
        return f"№{number} «{nickname}» балабақшасы", f"Детский сад №{number} «{nickname}»"
    return f"«{nickname}» жеке балабақшасы", f"Частный детский сад «{nickname}»"


def _address(rng: _Rng, city: str, district: int, urban: bool, kazakh: bool) -> str:
    street_ru, street_kk = rng.pick(_STREETS)
    house = str(rng.between(1, 250)) + ("А" if rng.random() < 0.08 else "")
    city_kk, city_ru, _, _ = _CITIES[city]
    if urban:
        return (
            f"{city_kk} қ., {street_kk}, {house}"
            if kazakh
            else f"г. {city_ru}, {street_ru}, {house}"
        )
    village_ru, village_kk = _VILLAGES[(district + rng.between(0, 2)) % len(_VILLAGES)]
    district_kk, district_ru, _, _ = _district_names(district)
    if kazakh:
        return f"{district_kk}, {village_kk} а., {street_kk}, {house}"
    return f"{district_ru}, с. {village_ru}, {street_ru}, {house}"


def _link_neighbours(kgs: list[_Kindergarten], offset: int) -> None:
    """Each kindergarten's nearest ones in its district (itself first): where parents choose."""
    for kg in kgs:
        scale = math.cos(math.radians(kg.lat))
        by_distance = sorted(
            range(len(kgs)),
            key=lambda i: (kgs[i].lat - kg.lat) ** 2 + ((kgs[i].lon - kg.lon) * scale) ** 2,
        )
        kg.neighbours = tuple(offset + i for i in by_distance[:_NEIGHBOURS])


def _at(day_ordinal: int, local_seconds: int) -> datetime:
    """A UTC instant on a Kazakhstan calendar day, ``local_seconds`` after local midnight."""
    seconds = (day_ordinal - _EPOCH_ORDINAL) * _DAY + local_seconds - _KZ_OFFSET
    return _EPOCH + timedelta(seconds=seconds)


# --------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------


def _sorted_uniforms(rng: _Rng, n: int) -> Iterator[float]:
    """n sorted uniform numbers in [0, 1), one at a time, without holding them.

    The next value is the minimum of the ``n - i`` uniforms still to come on [u, 1): so the
    queue's timestamps come out in order and ids follow them, as they would in real life.
    """
    u = 0.0
    for i in range(n):
        u += (1.0 - u) * (1.0 - rng.random() ** (1.0 / (n - i)))
        yield u


class _QueueTimes:
    """Maps sorted uniforms onto the last QUEUE_YEARS years, weighted by year (monotone)."""

    def __init__(self, now: datetime) -> None:
        self.end = int((now - _EPOCH).total_seconds()) - 60
        self.year = int(365.25 * _DAY)
        self.start = self.end - QUEUE_YEARS * self.year
        total = sum(_QUEUE_YEAR_WEIGHTS)
        self.cumulative = [0.0]
        for weight in _QUEUE_YEAR_WEIGHTS:
            self.cumulative.append(self.cumulative[-1] + weight / total)

    def seconds(self, u: float) -> int:
        year = min(bisect.bisect_right(self.cumulative, u) - 1, len(_QUEUE_YEAR_WEIGHTS) - 1)
        low, high = self.cumulative[year], self.cumulative[year + 1]
        within = (u - low) / (high - low)
        return min(self.start + int((year + within) * self.year), self.end)


class _Confirmation:
    """Where the yearly confirmation (R24) stands at ``now``, as the server's tick leaves it.

    ``confirmed_school_year`` holds the year Y of the last confirmation window (1 August Y
    to the deadline, 1 October Y) the family answered, as the server's
    :func:`~server_stub.services.applications.confirmation_year` counts it; filing an
    application counts as confirming for the window the filing falls in. Families who
    filed before the current window had to confirm: inside the window some have not yet;
    after the deadline those who did not are suspended, until the grace period ends and
    the server closes them (closed applications are not generated: a demo shows a queue).
    """

    def __init__(self, now: datetime, policy: Policy) -> None:
        today = local_date(now)
        self.year = confirmation_year(today, policy)
        opens = date(self.year, policy.confirmation_reminders_from.month,
                     policy.confirmation_reminders_from.day)  # fmt: skip
        deadline = date(self.year, policy.confirmation_deadline.month,
                        policy.confirmation_deadline.day)  # fmt: skip
        # an hour of margin: a twin filed minutes later must be on the same side
        self.window_opened = int((_at(opens.toordinal(), 0) - _EPOCH).total_seconds()) - 3600
        self.in_window = today < deadline
        elapsed = (today - opens).days / max(1, (deadline - opens).days)
        self.still_unconfirmed = 1.0 - (0.3 + 0.6 * elapsed)  # most confirm as it nears
        self.suspended_at = _at(deadline.toordinal(), 0)
        grace = timedelta(days=policy.suspension_grace_days)
        self.suspensions = not self.in_window and now - grace < self.suspended_at

    def state(self, rng: _Rng, queued_seconds: int) -> tuple[str, int, datetime | None]:
        """(status, confirmed_school_year, suspended_at) of an application filed then."""
        if queued_seconds >= self.window_opened:
            return "queued", self.year, None  # filed in this window: confirmed by filing
        if self.in_window:
            late = rng.random() < self.still_unconfirmed
            return "queued", self.year - 1 if late else self.year, None
        if self.suspensions and rng.random() < SUSPENDED_SHARE:
            return "suspended", self.year - 1, self.suspended_at
        return "queued", self.year, None


def _write_queue(
    rng: _Rng,
    people: _People,
    writer: _Writer,
    region: _Region,
    *,
    applications: int,
    ids: dict[str, int],
    first_number: int,
    school_year: int,
    now: datetime,
    policy: Policy,
) -> dict[str, int]:
    """Applications and their choices, chunk by chunk; returns facts for the report."""
    app_buffer = _Buffer(writer, _table(Application), _APPLICATION_COLUMNS)
    choice_buffer = _Buffer(writer, _table(Choice), _CHOICE_COLUMNS)
    kgs = region.kindergartens
    times = _QueueTimes(now)
    uniforms = _sorted_uniforms(rng, applications)
    stats = dict.fromkeys(
        ("extraordinary", "first_priority", "general", "pending_benefit", "correctional",
         "twins", "siblings", "suspended"), 0,
    )  # fmt: skip

    # R6: nobody in the queue is 6 on this school year's counting date; and none is 6 today
    # either (a child who turned 6 since 1 September would leave at the next one)
    oldest_birth = max(
        counting_date(school_year - policy.aged_out_years, policy).toordinal() + 1,
        _years_before(local_date(now), policy.aged_out_years).toordinal() + 1,
    )
    confirmation = _Confirmation(now, policy)
    app_id = ids["application"]
    number = first_number
    # The second of a pair of twins takes the next slot: its time is only known then.
    pending_twin: tuple[list[Any], datetime] | None = None
    for index in range(applications):
        u = next(uniforms)
        queued_seconds = times.seconds(u)
        queued_at = _EPOCH + timedelta(seconds=queued_seconds)
        if pending_twin is not None:
            twin, twin_at = pending_twin
            twin_at = min(twin_at, queued_at)  # never after the next application's slot
            twin[_QUEUED_AT] = twin_at
            twin[_STATUS_CHANGED_AT] = twin[_SUSPENDED_AT] or twin_at
            app_buffer.rows.append(tuple(twin))
            pending_twin = None
            app_id += 1
            number += 1
            continue
        queued_day = (queued_seconds + _KZ_OFFSET) // _DAY + _EPOCH_ORDINAL
        delay = 3 + int(rng.expovariate(1 / 150))  # most families apply in the first months
        birth_ordinal = queued_day - delay
        if birth_ordinal < oldest_birth:
            birth_ordinal = rng.between(oldest_birth, queued_day - 3)
        birth = date.fromordinal(birth_ordinal)

        need = "general"
        roll = rng.random()
        if roll < CORRECTIONAL_SHARE:
            need = "correctional"
        elif roll < CORRECTIONAL_SHARE + SANATORIUM_SHARE:
            need = "sanatorium"

        # the family: new, or one whose older child already attends a kindergarten (R11)
        family: _Family | None = None
        anchor = rng.between(0, len(kgs) - 1)
        sibling_here = False
        if need == "general" and rng.random() < SIBLING_SHARE:
            pool = kgs[anchor].families
            older = [i for i, (_, b) in enumerate(pool) if b <= birth_ordinal - 300]
            if older:
                family = pool.pop(rng.pick(older))[0]  # one younger child per family
                sibling_here = True
        if family is None:
            family = people.family(birth)

        if family.kazakh:
            language = "kk" if rng.random() < 0.85 else "ru"
            accepted = rng.weighted(_KAZAKH_FAMILY_ACCEPTS)
        else:
            language = "ru" if rng.random() < 0.95 else "kk"
            accepted = rng.weighted(_OTHER_FAMILY_ACCEPTS)
        if sibling_here:  # the family already takes the language of the sibling's groups
            accepted = _union(accepted, kgs[anchor].kinds)
        n_choices = rng.weighted(_CHOICE_COUNTS)
        chosen = _choices(rng, region, anchor, _wanted_bits(accepted, need), n_choices,
                          keep_anchor=sibling_here)  # fmt: skip
        if not chosen:  # no suitable group anywhere near: the family takes either language
            accepted = "kk,ru"
            chosen = _choices(rng, region, anchor, _wanted_bits(accepted, need), n_choices,
                              keep_anchor=sibling_here)  # fmt: skip
        if not chosen:  # no group of this type in the district: a general group after all
            need = "general"
            chosen = _choices(rng, region, anchor, _wanted_bits(accepted, need), n_choices,
                              keep_anchor=sibling_here)  # fmt: skip

        benefit: str | None = None
        benefit_status = "none"
        if rng.random() < EXTRAORDINARY_SHARE:
            benefit = rng.weighted(_EXTRAORDINARY_BENEFITS).value
            benefit_status = "pending" if rng.random() < PENDING_SHARE else "confirmed"
        elif need == "correctional":
            benefit, benefit_status = Benefit.SPECIAL_NEEDS.value, "confirmed"
        elif rng.random() < SOCIAL_BENEFIT_SHARE:
            benefit = rng.weighted(_SOCIAL_BENEFITS).value
            benefit_status = "confirmed"  # R13: registries confirm these at once
        category = (
            Category.GENERAL if benefit is None
            else DEFAULT_BENEFIT_RULES.category_of(Benefit(benefit))
        )  # fmt: skip

        status, confirmed_year, suspended = confirmation.state(rng, queued_seconds)
        staff_relative = kgs[chosen[0]].id if rng.random() < STAFF_RELATIVE_SHARE else None
        created_by = "desk" if rng.random() < DESK_CREATED_SHARE else "parent"
        sex: Sex = "M" if rng.random() < 0.51 else "F"

        members: list[tuple[int, int, Sex, str | None]] = [(app_id, number, sex, None)]
        # R12: twins are filed together, moments apart, and take the next id and slot
        if index < applications - 1 and rng.random() < TWIN_PAIR_SHARE:
            batches = batches_from_births(
                [(app_id, family.parent_iin, birth), (app_id + 1, family.parent_iin, birth)],
                policy,
            )
            twin_sex: Sex = sex if rng.random() < 0.5 else ("F" if sex == "M" else "M")
            members = [
                (app_id, number, sex, batches.get(app_id)),
                (app_id + 1, number + 1, twin_sex, batches.get(app_id + 1)),
            ]
            stats["twins"] += 2
        for member_id, member_number, member_sex, batch in members:
            row: list[Any] = [
                member_id, f"Q-{member_number:07d}", people.iin(birth, member_sex),
                people.child_name(family, member_sex), birth, family.parent_iin,
                family.phones[0], family.phones[1], language, benefit, benefit_status, None,
                int(category), need, accepted, None, staff_relative, batch, queued_at, status,
                suspended or queued_at, None, confirmed_year, suspended, created_by, 1,
            ]  # fmt: skip
            for rank, kg_index in enumerate(chosen, start=1):
                choice_buffer.rows.append((member_id, kgs[kg_index].id, rank, True))
            if member_id == app_id:
                app_buffer.rows.append(tuple(row))
            else:
                pending_twin = (row, queued_at + timedelta(seconds=rng.between(30, 900)))
        stats[category.name.lower()] += len(members)
        stats["siblings"] += len(members) * sibling_here
        stats["correctional"] += len(members) * (need == "correctional")
        stats["pending_benefit"] += len(members) * (benefit_status == "pending")
        stats["suspended"] += len(members) * (status == "suspended")
        app_id += 1
        number += 1
        # a pending twin's choices are already buffered: its row must be written first
        if len(app_buffer.rows) >= CHUNK_ROWS and pending_twin is None:
            app_buffer.flush()
            choice_buffer.flush()
    app_buffer.flush()
    choice_buffer.flush()
    return stats


def _union(accepted: str, kinds: int) -> str:
    """The accepted languages widened by the languages of a kindergarten's groups."""
    langs = set(accepted.split(","))
    for lang in _LANGS:
        if any(kinds & _kind_bit(lang, t) for t in _TYPES):
            langs.add(lang)
    return ",".join(lang for lang in _LANGS if lang in langs)


def _choices(
    rng: _Rng,
    region: _Region,
    anchor: int,
    wanted: int,
    count: int,
    *,
    keep_anchor: bool,
) -> list[int]:
    """Up to ``count`` distinct kindergartens near ``anchor`` (its district), ranked.

    Parents choose near home: the home one first, then a few of the nearest others, in
    order of distance. Only kindergartens with a group the child can take (R7) qualify,
    except the anchor when a sibling already attends it (the family chooses it anyway).
    """
    kgs = region.kindergartens
    near = [i for i in kgs[anchor].neighbours if kgs[i].kinds & wanted]
    if len(near) < count:  # rare kinds (correctional, sanatorium): look across the district
        start, stop = region.district_ranges[kgs[anchor].district]
        home = kgs[anchor]
        scale = math.cos(math.radians(home.lat))
        rest = sorted(
            (i for i in range(start, stop) if kgs[i].kinds & wanted and i not in near),
            key=lambda i: (kgs[i].lat - home.lat) ** 2 + ((kgs[i].lon - home.lon) * scale) ** 2,
        )
        near += rest[: count - len(near)]
    if keep_anchor:
        near = [anchor] + [i for i in near if i != anchor]
    if not near:
        return []
    first, others = near[0], near[1 : count + 2]
    picked = sorted(rng.sample(others, min(count - 1, len(others))), key=others.index)
    return [first, *picked]


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def generate(
    engine: Engine,
    *,
    kindergartens: int,
    applications: int,
    seed: int,
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
    password_hasher: PasswordHasher | None = None,
) -> DemoReport:
    """Fill an empty, migrated database with a demo region; deterministic for ``seed``.

    Everything is written in one transaction: a failure leaves the database as it was.
    Refuses (:class:`DemoDataError`) a database that already has applications, because demo
    families mixed into a real queue would take real children's places. Ids continue after
    any rows already there (a district made by hand stays), PostgreSQL's sequences and the
    ``application`` counter are moved past the generated rows so the server carries on
    after them, and a login that exists already is left alone.

    ``now`` is the server's clock: every application is queued before it, ages and the
    yearly confirmation (R5, R6, R24) are taken at it, with ``policy``'s parameters.
    ``password_hasher`` (default: argon2's ``PasswordHasher()``) hashes the demo logins,
    once per distinct password; tests pass a cheap one.
    """
    if kindergartens < 1 or applications < 0:
        raise ValueError("a demo region needs at least one kindergarten")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (the server's UTC clock)")
    started = time.perf_counter()
    # Hashed before the transaction (argon2 is slow on purpose: keep locks short), once per
    # distinct password: every head has the same demo password, so one hash serves all.
    hasher = password_hasher or PasswordHasher()
    hashes = {pw: _hash_password(hasher, pw) for pw in (ADMIN_PASSWORD, HEAD_PASSWORD)}
    rng = _Rng(seed)
    today = local_date(now)
    school_year = school_year_of(today, policy)
    people = _People(rng, today)
    phases: dict[str, float] = {}
    with engine.begin() as connection:
        existing = connection.scalar(select(func.count()).select_from(_table(Application)))
        if existing:
            raise DemoDataError(
                f"the database already holds {existing:,} applications; demo data goes "
                "only into an empty queue (use a fresh database)"
            )
        ids = {
            _table(model).name: (connection.scalar(select(func.max(_table(model).c.id))) or 0) + 1
            for model in _TABLES_WITH_IDS
        }
        counter = connection.scalar(
            select(Counter.value).where(Counter.name == APPLICATION_COUNTER)
        )
        writer = _Writer(connection)
        with _bulk_foreign_keys(connection, _BULK_TABLES), writer.background():
            mark = time.perf_counter()
            region = _write_region(
                rng, people, writer, kindergartens=kindergartens, ids=ids,
                school_year=school_year, now=now, policy=policy,
            )  # fmt: skip
            phases["region"] = time.perf_counter() - mark

            mark = time.perf_counter()
            stats = _write_queue(
                rng, people, writer, region, applications=applications, ids=ids,
                first_number=(counter or 0) + 1, school_year=school_year, now=now,
                policy=policy,
            )  # fmt: skip
        phases["queue"] = time.perf_counter() - mark  # with the wait for the last COPYs

        mark = time.perf_counter()
        _write_accounts(connection, writer, people, region, hashes, ids=ids, now=now)
        last_number = (counter or 0) + applications
        if counter is None:
            connection.execute(
                _table(Counter).insert(), {"name": APPLICATION_COUNTER, "value": last_number}
            )
        else:
            connection.execute(
                _table(Counter)
                .update()
                .where(Counter.name == APPLICATION_COUNTER)
                .values(value=last_number)
            )
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
            # fresh statistics, or the planner takes million-row tables for empty ones
            # until autovacuum comes by (the benchmarks run right after this)
            for name in writer.counts:
                connection.exec_driver_sql(f"ANALYZE {name}")
        phases["finish"] = time.perf_counter() - mark
    return DemoReport(
        dialect=engine.dialect.name,
        seconds=time.perf_counter() - started,
        counts=writer.counts,
        phases=phases,
        stats=stats,
    )


def _write_accounts(
    connection: Connection,
    writer: _Writer,
    people: _People,
    region: _Region,
    hashes: dict[str, str],
    *,
    ids: dict[str, int],
    now: datetime,
) -> None:
    """The department's admin and a head for each of the first kindergartens.

    A login that already exists is left alone (an admin created at install keeps its
    password).
    """
    heads = [kg.id for kg in region.kindergartens[:HEAD_ACCOUNTS]]
    wanted: list[tuple[str, str, str, int | None, str]] = [
        (ADMIN_LOGIN, ADMIN_PASSWORD, "admin", None, "Білім бөлімі / Отдел образования")
    ]
    wanted += [(f"head{kg}", HEAD_PASSWORD, "head", kg, people.woman_name()) for kg in heads]
    taken = set(
        connection.scalars(
            select(Account.login).where(Account.login.in_([w[0] for w in wanted]))
        ).all()
    )
    rows: list[Row] = []
    account_id = ids["account"]
    for login, password, role, kg_id, full_name in wanted:
        if login in taken:
            continue
        rows.append(
            (account_id, login, hashes[password], role, full_name, kg_id,
             None, True, now)
        )  # fmt: skip
        account_id += 1
    writer.write(_table(Account), _ACCOUNT_COLUMNS, rows)


def _hash_password(hasher: PasswordHasher, password: str) -> str:
    """The one place demo passwords are hashed (the server's auth may take this over)."""
    return hasher.hash(password)


@contextmanager
def _bulk_foreign_keys(connection: Connection, models: Sequence[type[Any]]) -> Iterator[None]:
    """On PostgreSQL, check the foreign keys of ``models`` once for all rows, not per row.

    PostgreSQL checks a foreign key with a trigger and an index probe for every inserted
    row: for a national region that is two thirds of the server's work. Inside this block
    the constraints are dropped, and re-added on leaving, which validates every row in one
    join: the same guarantee at a fraction of the cost. DDL is transactional in
    PostgreSQL, so if anything fails the rollback restores the constraints; they come back
    exactly as the migrations made them (``pg_get_constraintdef``). Elsewhere a no-op.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    dropped: list[tuple[str, str, str]] = []
    for model in models:
        dropped += [
            (str(table), str(name), str(definition))
            for name, table, definition in connection.execute(
                text(
                    "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
                    "FROM pg_constraint WHERE contype = 'f' "
                    "AND conrelid = CAST(:table AS regclass) ORDER BY conname"
                ),
                {"table": _table(model).name},
            )
        ]
    for table, name, _ in dropped:
        connection.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    for table, name, definition in dropped:
        connection.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _reset_sequences(connection: Connection) -> None:
    """After COPY with explicit ids, the serial sequences must continue after them."""
    for model in _TABLES_WITH_IDS:
        name = _table(model).name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name} "
                "HAVING max(id) IS NOT NULL"
            )
        )


def demo_kindergarten_ids(session: Session) -> list[int]:
    """Kindergartens with an active head account: where the desk demo can log in."""
    rows = session.scalars(
        select(Account.kindergarten_id)
        .where(Account.role == "head", Account.active.is_(True))
        .where(Account.kindergarten_id.is_not(None))
        .distinct()
        .order_by(Account.kindergarten_id)
    ).all()
    return [int(kg_id) for kg_id in rows if kg_id is not None]
