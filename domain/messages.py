"""The catalogue of reason codes and their messages in Kazakh, Russian and English.

Every :class:`domain.errors.DomainError` code used anywhere in Kezek (domain, server, desk,
sync) has an entry here, so a user always reads a sentence in their language and never a
code or a traceback. Templates use ``str.format`` fields filled from the error's params;
a ``status`` param (a stored value such as ``lapsed``) is said as a word of the message's
language (:data:`STATUS_WORDS`), never as the raw value.
A test checks that every entry has all three languages and that every code raised in the
code base is catalogued.
"""

from __future__ import annotations

import re
import string
from typing import Any

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "ru"

# code -> {language -> template}
CATALOGUE: dict[str, dict[str, str]] = {
    # --- identifiers (R1-R3) ---
    "IIN_FORMAT": {
        "en": "An IIN is exactly 12 digits.",
        "ru": "ИИН состоит ровно из 12 цифр.",
        "kk": "ЖСН дәл 12 цифрдан тұрады.",
    },
    "IIN_CHECKSUM": {
        "en": "This IIN is not valid: its check digit does not match. Please check the number.",
        "ru": "ИИН недействителен: не совпадает контрольная цифра. Проверьте номер.",
        "kk": "ЖСН жарамсыз: бақылау цифры сәйкес келмейді. Нөмірді тексеріңіз.",
    },
    "IIN_NEVER_ISSUED": {
        "en": "No IIN is ever issued with these digits. Please check the number.",
        "ru": "ИИН с такими цифрами не выдаётся. Проверьте номер.",
        "kk": "Мұндай цифрлары бар ЖСН берілмейді. Нөмірді тексеріңіз.",
    },
    "IIN_SAME_AS_PARENT": {
        "en": "The child's IIN must differ from the parent's IIN.",
        "ru": "ИИН ребёнка должен отличаться от ИИН родителя.",
        "kk": "Баланың ЖСН-і ата-ананың ЖСН-інен өзгеше болуы керек.",
    },
    "IIN_BIRTH_DATE_MISMATCH": {
        "en": "The birth date differs from the one encoded in the IIN; please double-check it.",
        "ru": "Дата рождения отличается от закодированной в ИИН; проверьте её.",
        "kk": "Туған күні ЖСН-дегі күннен өзгеше; оны тексеріңіз.",
    },
    # --- phones (R4) ---
    "PHONE_FORMAT": {
        "en": "A phone number must be a Kazakhstan mobile number: +7 7XX XXX XX XX.",
        "ru": "Номер телефона должен быть мобильным номером Казахстана: +7 7XX XXX XX XX.",
        "kk": "Телефон нөмірі Қазақстанның ұялы нөмірі болуы керек: +7 7XX XXX XX XX.",
    },
    "PHONE_NOT_MOBILE": {
        "en": "{code} is not a Kazakhstan mobile operator code.",
        "ru": "{code} не является кодом мобильного оператора Казахстана.",
        "kk": "{code} Қазақстанның ұялы байланыс операторының коды емес.",
    },
    # --- policy configuration ---
    "POLICY_UNKNOWN_KEY": {
        "en": "The policy file has an unknown setting: {key}.",
        "ru": "В файле политики неизвестный параметр: {key}.",
        "kk": "Саясат файлында белгісіз параметр бар: {key}.",
    },
    "POLICY_INVALID": {
        "en": "The policy setting {key} has an invalid value.",
        "ru": "Параметр политики {key} имеет недопустимое значение.",
        "kk": "{key} саясат параметрінің мәні жарамсыз.",
    },
    # --- working calendar, benefits, queue order (calendar.py, benefits.py, priority.py;
    #     R8-R14, R27). Codes a candidate is passed over with explain "why not me" to a
    #     parent, so they carry no parameters. ---
    "HOLIDAY_LIST_INVALID": {
        "en": "The published holiday list for {year} is malformed (at: {entry}).",
        "ru": "Опубликованный список праздничных дней на {year} год оформлен неверно"
        " (место: {entry}).",
        "kk": "{year} жылға жарияланған мереке күндерінің тізімі қате толтырылған (орны: {entry}).",
    },
    "BENEFIT_UNKNOWN": {
        "en": "The benefit list names an unknown benefit or category: {benefit}.",
        "ru": "В списке льгот указана неизвестная льгота или категория: {benefit}.",
        "kk": "Жеңілдіктер тізімінде белгісіз жеңілдік немесе санат көрсетілген: {benefit}.",
    },
    "BENEFIT_RULES_INVALID": {
        "en": "The entry {benefit} of the benefit list is malformed: it needs a category and,"
        " optionally, document = true or false.",
        "ru": "Запись {benefit} в списке льгот оформлена неверно: нужна категория и,"
        " при необходимости, document = true или false.",
        "kk": "Жеңілдіктер тізіміндегі {benefit} жазбасы қате: санат және қажет болса"
        " document = true немесе false көрсетілуі керек.",
    },
    "STOP_LISTED": {
        "en": "The application is on the stop list for a few days after a referral was not"
        " used, so it gets no offers for now; it keeps its place in the queue.",
        "ru": "Заявление временно в стоп-листе после неиспользованного направления и пока не"
        " получает предложений; место в очереди сохраняется.",
        "kk": "Өтініш пайдаланылмаған жолдамадан кейін уақытша тоқтату тізімінде, сондықтан"
        " әзірге ұсыныс алмайды; кезектегі орны сақталады.",
    },
    "HAS_OPEN_OFFER": {
        "en": "The application already has an open offer of a place; a new offer can come"
        " only after you answer it.",
        "ru": "По заявлению уже есть открытое предложение места; новое предложение возможно"
        " только после ответа на него.",
        "kk": "Өтініш бойынша ашық орын ұсынысы бар; жаңа ұсыныс тек оған жауап бергеннен"
        " кейін мүмкін.",
    },
    "GROUP_TYPE_MISMATCH": {
        "en": "The free place is in a group of a different type (general, correctional or"
        " sanatorium) from the one your child needs.",
        "ru": "Свободное место — в группе другого типа (общая, коррекционная или санаторная),"
        " чем нужна вашему ребёнку.",
        "kk": "Бос орын балаңызға қажетті түрден басқа топта (жалпы, түзету немесе санаторлық).",
    },
    "APPLICATION_SUSPENDED": {
        "en": "The application is suspended because it was not confirmed this year; it keeps"
        " its place but gets no offers until it is confirmed.",
        "ru": "Заявление приостановлено, так как не подтверждено в этом году; место в очереди"
        " сохраняется, но предложения не поступают до подтверждения.",
        "kk": "Өтініш осы жылы расталмағандықтан тоқтатылды; кезектегі орны сақталады, бірақ"
        " расталғанға дейін ұсыныстар түспейді.",
    },
    "BATCH_NEEDS_PLACES": {
        "en": "Your children (twins, or born at most a month apart) are offered places only"
        " together, and this group does not have enough free places for all of them at once.",
        "ru": "Вашим детям (близнецам или рождённым с разницей не более месяца) места"
        " предлагаются только вместе, а в этой группе не хватает свободных мест для всех сразу.",
        "kk": "Балаларыңызға (егіздерге немесе бір айдан аспайтын айырмамен туғандарға) орын"
        " тек бірге ұсынылады, ал бұл топта барлығына бірден жететін бос орын жоқ.",
    },
    "PRIORITY_SHARE_TURN": {
        "en": "Places are shared in turn between first-priority and general applicants in a"
        " fixed ratio; this place fell to the other group's turn.",
        "ru": "Места распределяются по очереди между первоочередниками и общей очередью в"
        " установленной пропорции; это место пришлось на очередь другой группы.",
        "kk": "Орындар бірінші кезектегілер мен жалпы кезек арасында белгіленген үлеспен"
        " кезекпен бөлінеді; бұл орын басқа топтың кезегіне тиді.",
    },
    # --- end of calendar / benefits / queue order codes ---
    # --- ages, groups, documents, vaccination (ages.py, documents.py; R5-R7, R20, R21) ---
    "AGE_TOO_YOUNG": {
        "en": "The child is not yet old enough to be offered a place.",
        "ru": "Ребёнок ещё не достиг возраста, с которого предлагается место.",
        "kk": "Бала орын ұсынылатын жасқа әлі толған жоқ.",
    },
    "AGE_AGED_OUT": {
        "en": "The child reaches school age by the start of the school year; "
        "no new place can be offered.",
        "ru": "К началу учебного года ребёнок достигает школьного возраста; "
        "новое место не предлагается.",
        "kk": "Оқу жылының басында бала мектеп жасына толады; жаңа орын ұсынылмайды.",
    },
    "GROUP_LANGUAGE_MISMATCH": {
        "en": "The group's language of instruction is not one the family accepts.",
        "ru": "Язык обучения группы не входит в языки, выбранные семьёй.",
        "kk": "Топтың оқыту тілі отбасы таңдаған тілдердің қатарында жоқ.",
    },
    # GROUP_TYPE_MISMATCH (R7), also returned by ages.group_matches, is in the section above.
    "DOC_MISSING": {
        "en": "The document was not presented.",
        "ru": "Документ не предъявлен.",
        "kk": "Құжат көрсетілмеді.",
    },
    "DOC_NUMBER_MISSING": {
        "en": "The document number is not filled in.",
        "ru": "Не указан номер документа.",
        "kk": "Құжаттың нөмірі көрсетілмеген.",
    },
    "PARENT_ID_EXPIRED": {
        "en": "The parent's identity document was valid only until {valid_until}.",
        "ru": "Документ, удостоверяющий личность родителя, действовал только до {valid_until}.",
        "kk": "Ата-ананың жеке басын куәландыратын құжаты {valid_until} дейін ғана жарамды болған.",
    },
    "PARENT_ID_IIN_MISMATCH": {
        "en": "The IIN in the parent's identity document differs from the parent's IIN "
        "in the application.",
        "ru": "ИИН в документе, удостоверяющем личность родителя, не совпадает с ИИН "
        "родителя в заявлении.",
        "kk": "Ата-ананың жеке басын куәландыратын құжатындағы ЖСН өтініштегі "
        "ата-ананың ЖСН-імен сәйкес келмейді.",
    },
    "BIRTH_CERT_IIN_MISMATCH": {
        "en": "The IIN in the birth certificate differs from the child's IIN in the application.",
        "ru": "ИИН в свидетельстве о рождении не совпадает с ИИН ребёнка в заявлении.",
        "kk": "Туу туралы куәліктегі ЖСН өтініштегі баланың ЖСН-імен сәйкес келмейді.",
    },
    "BIRTH_CERT_DATE_MISMATCH": {
        "en": "The birth date in the birth certificate differs from the one in the application.",
        "ru": "Дата рождения в свидетельстве о рождении не совпадает с датой в заявлении.",
        "kk": "Туу туралы куәліктегі туған күн өтініштегі туған күнмен сәйкес келмейді.",
    },
    "EPID_CERT_TOO_OLD": {
        "en": "The epidemiological certificate was issued on {issued} and was valid only "
        "until {valid_until}; a new one is needed.",
        "ru": "Справка об эпидокружении выдана {issued} и действовала только до {valid_until}; "
        "нужна новая справка.",
        "kk": "Эпидемиологиялық орта туралы анықтама {issued} берілген, {valid_until} дейін "
        "ғана жарамды болған; жаңа анықтама қажет.",
    },
    "EPID_CERT_FUTURE_DATE": {
        "en": "The epidemiological certificate's issue date ({issued}) is after the visit date.",
        "ru": "Дата выдачи справки об эпидокружении ({issued}) позже даты визита.",
        "kk": "Эпидемиологиялық орта туралы анықтаманың берілген күні ({issued}) "
        "келген күннен кейін.",
    },
    "VACCINATION_DECISION_REQUIRED": {
        "en": "Enrolling this child would take the group over its limit of unvaccinated "
        "children; the head's recorded decision is required.",
        "ru": "Зачисление ребёнка превысит допустимую долю непривитых детей в группе; "
        "требуется решение заведующего.",
        "kk": "Баланы қабылдау топтағы екпе алмаған балалардың рұқсат етілген үлесінен асырады; "
        "меңгерушінің шешімі қажет.",
    },
    # --- end of ages / groups / documents / vaccination codes ---
    # --- server: queue, offers, referrals, accounts and login ---
    "HAS_REFERRAL": {
        "en": "Already holds a referral to another kindergarten.",
        "ru": "Уже имеет направление в другой детский сад.",
        "kk": "Басқа балабақшаға жолдамасы бар.",
    },
    "DESIRED_START_LATER": {
        "en": "The family asked for a later start date than this place.",
        "ru": "Семья указала более позднюю желаемую дату, чем дата этого места.",
        "kk": "Отбасы бұл орынның күнінен кейінгі басталу күнін сұраған.",
    },
    "NOT_FOUND": {
        "en": "Not found.",
        "ru": "Не найдено.",
        "kk": "Табылмады.",
    },
    "FORBIDDEN": {
        "en": "You do not have the right to do this.",
        "ru": "У вас нет прав на это действие.",
        "kk": "Бұл әрекетке құқығыңыз жоқ.",
    },
    "AUTH_REQUIRED": {
        "en": "Please log in.",
        "ru": "Войдите в систему.",
        "kk": "Жүйеге кіріңіз.",
    },
    "AUTH_EXPIRED": {
        "en": "Your session has expired; please log in again.",
        "ru": "Сеанс истёк; войдите снова.",
        "kk": "Сеанс аяқталды; қайта кіріңіз.",
    },
    "AUTH_FAILED": {
        "en": "Wrong login or password.",
        "ru": "Неверный логин или пароль.",
        "kk": "Логин немесе құпия сөз қате.",
    },
    "INVALID_REQUEST": {
        "en": "The request is not valid: {fields}.",
        "ru": "Неверный запрос: {fields}.",
        "kk": "Сұрау дұрыс емес: {fields}.",
    },
    "INTERNAL": {
        "en": "Something went wrong on the server; nothing was changed. Please try again later.",
        "ru": "На сервере произошла ошибка; ничего не изменено. Повторите позже.",
        "kk": "Серверде қате болды; ештеңе өзгерген жоқ. Кейінірек қайталаңыз.",
    },
    "ACCOUNT_ROLE_INVALID": {
        "en": "Unknown role: {role}.",
        "ru": "Неизвестная роль: {role}.",
        "kk": "Белгісіз рөл: {role}.",
    },
    "ACCOUNT_NEEDS_KINDERGARTEN": {
        "en": "A head or staff account must belong to a kindergarten.",
        "ru": "Учётная запись заведующей или сотрудника должна относиться к детскому саду.",
        "kk": "Меңгерушінің немесе қызметкердің есептік жазбасы балабақшаға тиесілі болуы керек.",
    },
    "ACCOUNT_PASSWORD_WEAK": {
        "en": "The login is empty or the password is too short.",
        "ru": "Логин пуст или пароль слишком короткий.",
        "kk": "Логин бос немесе құпия сөз тым қысқа.",
    },
    "ACCOUNT_LOGIN_TAKEN": {
        "en": "The login {login} is already taken.",
        "ru": "Логин {login} уже занят.",
        "kk": "{login} логині бос емес.",
    },
    "PHONE_NOT_REGISTERED": {
        "en": "This phone is not registered for this IIN. Use the phone given in your application.",
        "ru": "Этот телефон не зарегистрирован для данного ИИН. Используйте телефон из заявления.",
        "kk": "Бұл телефон осы ЖСН-ге тіркелмеген. Өтініштегі телефонды пайдаланыңыз.",
    },
    "CODE_TOO_MANY": {
        "en": "Too many codes or attempts. Please try again in an hour.",
        "ru": "Слишком много кодов или попыток. Повторите через час.",
        "kk": "Кодтар немесе әрекеттер тым көп. Бір сағаттан кейін қайталаңыз.",
    },
    "CODE_TOO_SOON": {
        "en": "A code was just sent. Please wait {seconds} seconds before asking again.",
        "ru": "Код только что отправлен. Подождите {seconds} секунд.",
        "kk": "Код жаңа ғана жіберілді. {seconds} секунд күтіңіз.",
    },
    "CODE_EXPIRED": {
        "en": "The code has expired or was not requested. Ask for a new one.",
        "ru": "Код истёк или не запрашивался. Запросите новый.",
        "kk": "Кодтың мерзімі өтті немесе сұралмаған. Жаңасын сұраңыз.",
    },
    "CODE_WRONG": {
        "en": "Wrong code. Attempts left: {left}.",
        "ru": "Неверный код. Осталось попыток: {left}.",
        "kk": "Код қате. Қалған әрекеттер: {left}.",
    },
    "OFFER_NOT_OPEN": {
        "en": "This offer can no longer be answered (it is {status}).",
        "ru": "На это предложение уже нельзя ответить (статус: {status}).",
        "kk": "Бұл ұсынысқа енді жауап беру мүмкін емес (мәртебесі: {status}).",
    },
    "OFFER_EXPIRED": {
        "en": "The time to answer this offer has run out.",
        "ru": "Срок ответа на предложение истёк.",
        "kk": "Ұсынысқа жауап беру мерзімі өтті.",
    },
    "AUGUST_FREEZE": {
        "en": "In August groups are re-formed: no places are published and no offers or referrals are made until 1 September.",
        "ru": "В августе идёт комплектование групп: места не публикуются, предложения и направления не выдаются до 1 сентября.",
        "kk": "Тамызда топтар жасақталады: 1 қыркүйекке дейін орындар жарияланбайды, ұсыныстар мен жолдамалар берілмейді.",
    },
    "REFERRAL_NOT_ACTIVE": {
        "en": "This referral is no longer active (it is {status}).",
        "ru": "Направление уже не действует (статус: {status}).",
        "kk": "Жолдама енді жарамсыз (мәртебесі: {status}).",
    },
    "REFERRAL_LAPSED": {
        "en": "The referral has expired.",
        "ru": "Срок направления истёк.",
        "kk": "Жолдаманың мерзімі өтті.",
    },
    "POSTPONEMENT_USED": {
        "en": "The start can be postponed only once.",
        "ru": "Перенести начало можно только один раз.",
        "kk": "Басталуын тек бір рет ауыстыруға болады.",
    },
    "POSTPONEMENT_TOO_LONG": {
        "en": "The start can be postponed by up to {days} days, until {latest} at the latest.",
        "ru": "Начало можно перенести не более чем на {days} дней, не позднее {latest}.",
        "kk": "Басталуын {days} күнге дейін, ең кеші {latest} дейін ауыстыруға болады.",
    },
    # --- parents' applications and explanations (services/applications.py, explain.py;
    #     R2-R4, R12-R14, R17, R24). EXPLAIN_* are the sentences of "why this child / why
    #     not me": they name applications by number only, never a person (R28, R30). ---
    "APPLICATION_DUPLICATE": {
        "en": "This child already has an active application. A child can have only one"
        " application in the whole country.",
        "ru": "У этого ребёнка уже есть действующее заявление. У ребёнка может быть только одно"
        " заявление по всей стране.",
        "kk": "Бұл баланың қолданыстағы өтініші бар. Бір балаға бүкіл ел бойынша тек бір өтініш"
        " беріледі.",
    },
    "APPLICATION_NOT_EDITABLE": {
        "en": "This cannot be done with the application in its present state ({status}).",
        "ru": "Это действие недоступно для заявления в текущем статусе ({status}).",
        "kk": "Өтініштің қазіргі мәртебесінде ({status}) бұл әрекет қолжетімсіз.",
    },
    "PHONE_NOT_VERIFIED": {
        "en": "The phone {phone} has not been confirmed. Ask for a code to it and enter the"
        " code first.",
        "ru": "Телефон {phone} не подтверждён. Сначала запросите на него код и введите его.",
        "kk": "{phone} телефоны расталмаған. Алдымен оған код сұрап, оны енгізіңіз.",
    },
    "PHONES_COUNT": {
        "en": "Give from 1 to {max} different phone numbers.",
        "ru": "Укажите от 1 до {max} разных номеров телефона.",
        "kk": "1-ден {max}-ге дейін әртүрлі телефон нөмірін көрсетіңіз.",
    },
    "CHOICES_COUNT": {
        "en": "Choose from 1 to {max} kindergartens.",
        "ru": "Выберите от 1 до {max} детских садов.",
        "kk": "1-ден {max}-ге дейін балабақша таңдаңыз.",
    },
    "CHOICE_DUPLICATE": {
        "en": "The same kindergarten is chosen twice.",
        "ru": "Один и тот же детский сад выбран дважды.",
        "kk": "Бір балабақша екі рет таңдалған.",
    },
    "KINDERGARTEN_NOT_FOUND": {
        "en": "Kindergarten {kindergarten_id} does not exist or no longer takes applications.",
        "ru": "Детский сад {kindergarten_id} не существует или больше не принимает заявления.",
        "kk": "{kindergarten_id} балабақшасы жоқ немесе енді өтініш қабылдамайды.",
    },
    "CHOICE_DECLINED_BEFORE": {
        "en": "An offer of a place at kindergarten {kindergarten_id} was declined or left"
        " unanswered, so it cannot be chosen again.",
        "ru": "Предложение места в детском саду {kindergarten_id} было отклонено или осталось"
        " без ответа, поэтому его нельзя выбрать снова.",
        "kk": "{kindergarten_id} балабақшасындағы орын ұсынысынан бас тартылған немесе ол"
        " жауапсыз қалған, сондықтан оны қайта таңдауға болмайды.",
    },
    "BENEFIT_NOT_CONFIRMED": {
        "en": "The state registries did not confirm the benefit, so the application is in the"
        " general queue. If this is a mistake, contact the district education department.",
        "ru": "Государственные базы данных не подтвердили льготу, поэтому заявление поставлено"
        " в общую очередь. Если это ошибка, обратитесь в районный отдел образования.",
        "kk": "Мемлекеттік дерекқорлар жеңілдікті растамады, сондықтан өтініш жалпы кезекке"
        " қойылды. Қате деп ойласаңыз, аудандық білім бөліміне хабарласыңыз.",
    },
    "ACCEPTED_LANGUAGES_INVALID": {
        "en": "Choose at least one language of instruction: Kazakh, Russian or both.",
        "ru": "Выберите хотя бы один язык обучения: казахский, русский или оба.",
        "kk": "Кемінде бір оқыту тілін таңдаңыз: қазақ, орыс немесе екеуі де.",
    },
    "NEED_INVALID": {
        "en": "The group type must be general, correctional or sanatorium.",
        "ru": "Тип группы должен быть: общая, коррекционная или санаторная.",
        "kk": "Топ түрі жалпы, түзету немесе санаторлық болуы керек.",
    },
    "SMS_LANGUAGE_INVALID": {
        "en": "Messages can be sent in Kazakh or Russian.",
        "ru": "Сообщения отправляются на казахском или русском языке.",
        "kk": "Хабарламалар қазақ немесе орыс тілінде жіберіледі.",
    },
    "CHILD_NAME_REQUIRED": {
        "en": "Enter the child's full name.",
        "ru": "Укажите ФИО ребёнка.",
        "kk": "Баланың аты-жөнін көрсетіңіз.",
    },
    "BIRTH_DATE_IN_FUTURE": {
        "en": "The birth date cannot be in the future.",
        "ru": "Дата рождения не может быть в будущем.",
        "kk": "Туған күні болашақта болуы мүмкін емес.",
    },
    "DESIRED_START_PAST": {
        "en": "The desired start date has already passed.",
        "ru": "Желаемая дата начала уже прошла.",
        "kk": "Қалаған басталу күні өтіп кетті.",
    },
    "EXPLAIN_SUMMARY": {
        "en": "On {date} the place in group «{group}» ({age_group} group, {language}) was"
        " offered to application {number}; {candidates} applications were in this queue.",
        "ru": "{date} место в группе «{group}» ({age_group} группа, {language}) предложено по"
        " заявлению {number}; заявлений в этой очереди: {candidates}.",
        "kk": "{date} «{group}» тобындағы орын ({age_group} топ, {language}) {number} өтінішке"
        " ұсынылды; бұл кезектегі өтініштер саны: {candidates}.",
    },
    "EXPLAIN_AGE_GROUP_1": {"en": "early", "ru": "ясельная", "kk": "ерте жас"},
    "EXPLAIN_AGE_GROUP_2": {"en": "junior", "ru": "младшая", "kk": "кіші"},
    "EXPLAIN_AGE_GROUP_3": {"en": "middle", "ru": "средняя", "kk": "ортаңғы"},
    "EXPLAIN_AGE_GROUP_4": {"en": "senior", "ru": "старшая", "kk": "ересек"},
    "EXPLAIN_AGE_GROUP_5": {"en": "pre-school", "ru": "предшкольная", "kk": "мектепалды"},
    "EXPLAIN_LANGUAGE_KK": {"en": "Kazakh", "ru": "казахский язык", "kk": "қазақ тілі"},
    "EXPLAIN_LANGUAGE_RU": {"en": "Russian", "ru": "русский язык", "kk": "орыс тілі"},
    "EXPLAIN_CATEGORY_0": {"en": "extraordinary", "ru": "внеочередная", "kk": "кезектен тыс"},
    "EXPLAIN_CATEGORY_1": {
        "en": "first-priority",
        "ru": "первоочередная",
        "kk": "бірінші кезектегі",
    },
    "EXPLAIN_CATEGORY_2": {"en": "general", "ru": "общая", "kk": "жалпы"},
    "EXPLAIN_CHOSEN": {
        "en": "Application {number} was number {position} in this queue when the place was"
        " offered.",
        "ru": "Заявление {number} на момент предложения было в этой очереди под номером"
        " {position}.",
        "kk": "Орын ұсынылған сәтте {number} өтініш осы кезекте {position} нөмірде тұрды.",
    },
    "EXPLAIN_CHOSEN_CATEGORY": {
        "en": "Application {number} is in the {category} category.",
        "ru": "Категория заявления {number}: {category}.",
        "kk": "{number} өтініштің санаты: {category}.",
    },
    "EXPLAIN_RULE_EXTRAORDINARY": {
        "en": "Extraordinary applicants (children of military personnel and of special state"
        " bodies) are offered places before everyone else.",
        "ru": "Внеочередники (дети военнослужащих и сотрудников специальных государственных"
        " органов) получают места раньше всех остальных.",
        "kk": "Кезектен тыс құқығы барлар (әскери қызметшілер мен арнаулы мемлекеттік органдар"
        " қызметкерлерінің балалары) барлығынан бұрын орын алады.",
    },
    "EXPLAIN_RULE_SHARE": {
        "en": "After extraordinary applicants, first-priority and general applicants share"
        " places in turn, {first} to {general}; when one side has nobody who can take a place,"
        " the other side takes it.",
        "ru": "После внеочередников места распределяются по очереди между первоочередниками и"
        " общей очередью в пропорции {first}:{general}; если на одной стороне некому взять"
        " место, его получает другая.",
        "kk": "Кезектен тыс құқығы барлардан кейін орындар бірінші кезектегілер мен жалпы кезек"
        " арасында {first}:{general} үлесімен кезекпен бөлінеді; бір жақта орын алатын ешкім"
        " болмаса, орын екінші жаққа беріледі.",
    },
    "EXPLAIN_SIBLING": {
        "en": "A brother or sister of this child already attends this kindergarten, which puts"
        " the application first within its category.",
        "ru": "Брат или сестра ребёнка уже посещает этот детский сад, поэтому заявление стоит"
        " первым в своей категории.",
        "kk": "Баланың бауыры осы балабақшаға барады, сондықтан өтініш өз санатында бірінші тұр.",
    },
    "EXPLAIN_QUEUED_AT": {
        "en": "Within a category the order is the time the server received the application;"
        " this one was received on {queued_at}.",
        "ru": "Внутри категории порядок определяется временем поступления заявления на сервер;"
        " это заявление поступило {queued_at}.",
        "kk": "Санат ішінде рет өтініштің серверге түскен уақытымен анықталады; бұл өтініш"
        " {queued_at} түсті.",
    },
    "EXPLAIN_BATCH": {
        "en": "The application is one of several children of one family born at most a month"
        " apart, who are offered places together.",
        "ru": "Заявление относится к детям одной семьи, рождённым с разницей не более месяца;"
        " им места предлагаются вместе.",
        "kk": "Өтініш бір отбасының бір айдан аспайтын айырмамен туған балаларына қатысты;"
        " оларға орын бірге ұсынылады.",
    },
    "EXPLAIN_PASSED_OVER": {
        "en": "Application {number} (number {position}) was ahead but was passed over: {reason}",
        "ru": "Заявление {number} (номер {position}) стояло выше, но было пропущено: {reason}",
        "kk": "{number} өтініш ({position} нөмір) алда тұрды, бірақ өткізіп жіберілді: {reason}",
    },
    "EXPLAIN_NOBODY_PASSED": {
        "en": "No application ahead of it was passed over.",
        "ru": "Ни одно заявление, стоявшее выше, не было пропущено.",
        "kk": "Алда тұрған бірде-бір өтініш өткізіп жіберілген жоқ.",
    },
    "EXPLAIN_VIEWER_CHOSEN": {
        "en": "Your application {number} received this offer.",
        "ru": "Это предложение получило ваше заявление {number}.",
        "kk": "Бұл ұсынысты сіздің {number} өтінішіңіз алды.",
    },
    "EXPLAIN_VIEWER_PASSED_OVER": {
        "en": "Your application {number} was number {position} in this queue and was passed"
        " over: {reason}",
        "ru": "Ваше заявление {number} было в этой очереди под номером {position} и было"
        " пропущено: {reason}",
        "kk": "Сіздің {number} өтінішіңіз осы кезекте {position} нөмірде тұрды және өткізіп"
        " жіберілді: {reason}",
    },
    "EXPLAIN_BEHIND": {
        "en": "Your application {number} was behind application {chosen} (number {position})"
        " in this queue, so the place went to that one first.",
        "ru": "Ваше заявление {number} стояло в этой очереди после заявления {chosen} (номер"
        " {position}), поэтому место досталось ему.",
        "kk": "Сіздің {number} өтінішіңіз осы кезекте {chosen} өтініштен ({position} нөмір)"
        " кейін тұрды, сондықтан орын соған берілді.",
    },
    # --- end of parents' applications and explanations ---
    # --- desk, register, benefits (services/desk.py, register.py, benefits.py;
    #     R13, R15, R20-R23). Document lists in params are document kinds (parent_id,
    #     birth_certificate, epid_certificate, health_passport), never personal data. ---
    "PLACES_OVER_CAPACITY": {
        "en": "The group has room for only {available} more places: capacity {capacity},"
        " {enrolled} children enrolled, {published} places already published.",
        "ru": "В группе можно опубликовать ещё не более {available} мест: вместимость"
        " {capacity}, зачислено детей {enrolled}, уже опубликовано мест {published}.",
        "kk": "Топта тағы ең көбі {available} орын жариялауға болады: сыйымдылығы"
        " {capacity}, қабылданған балалар {enrolled}, жарияланған орындар {published}.",
    },
    "GROUP_INACTIVE": {
        "en": "The group is closed; places cannot be published in it.",
        "ru": "Группа закрыта; публиковать в ней места нельзя.",
        "kk": "Топ жабық; онда орын жариялауға болмайды.",
    },
    "PLACE_ALREADY_OFFERED": {
        "en": "The place has already been offered to a family and cannot be withdrawn.",
        "ru": "Место уже предложено семье, его нельзя отозвать.",
        "kk": "Орын отбасыға ұсынылып қойған, оны кері қайтаруға болмайды.",
    },
    "PLACE_NOT_FREE": {
        "en": "Only a free place can be withdrawn (this one is {status}).",
        "ru": "Отозвать можно только свободное место (статус этого места: {status}).",
        "kk": "Тек бос орынды кері қайтаруға болады (бұл орынның мәртебесі: {status}).",
    },
    "VISIT_DATE_INVALID": {
        "en": "The visit date {visit} must lie between the day the referral was issued and today.",
        "ru": "Дата визита {visit} должна быть не раньше даты выдачи направления и не позже"
        " сегодняшнего дня.",
        "kk": "Келу күні ({visit}) жолдама берілген күннен ерте және бүгіннен кеш болмауы керек.",
    },
    "DOCUMENTS_NOT_CHECKED": {
        "en": "Not every document has been checked on a visit within this referral: {documents}.",
        "ru": "Не все документы проверены в период действия направления: {documents}.",
        "kk": "Жолдаманың мерзімі ішінде барлық құжаттар тексерілмеген: {documents}.",
    },
    "DOCUMENTS_FAILED": {
        "en": "The latest check of these documents failed; the family must bring corrected"
        " ones: {documents}.",
        "ru": "Последняя проверка этих документов не пройдена; семье нужно принести"
        " исправленные: {documents}.",
        "kk": "Бұл құжаттардың соңғы тексеруі өтпеді; отбасы түзетілген құжаттарды әкелуі"
        " керек: {documents}.",
    },
    "CHILD_ALREADY_LEFT": {
        "en": "The child has already left the kindergarten.",
        "ru": "Ребёнок уже выбыл из детского сада.",
        "kk": "Бала балабақшадан шығып кеткен.",
    },
    "LEAVE_DATE_INVALID": {
        "en": "The leaving date {day} must lie between the enrollment day and today.",
        "ru": "Дата выбытия {day} должна быть не раньше даты зачисления и не позже"
        " сегодняшнего дня.",
        "kk": "Шығу күні ({day}) қабылданған күннен ерте және бүгіннен кеш болмауы керек.",
    },
    "CAPACITY_BELOW_ENROLLED": {
        "en": "The capacity cannot be {capacity}: {enrolled} children are enrolled and"
        " {published} places are published.",
        "ru": "Вместимость не может быть {capacity}: зачислено детей {enrolled},"
        " опубликовано мест {published}.",
        "kk": "Сыйымдылық {capacity} бола алмайды: {enrolled} бала қабылданған, {published}"
        " орын жарияланған.",
    },
    "OPEN_PLACES_EXIST": {
        "en": "{count} published places are still open (free, offered or reserved);"
        " withdraw or fill them first.",
        "ru": "Ещё открыто опубликованных мест: {count} (свободные, предложенные или"
        " забронированные); сначала отзовите или заполните их.",
        "kk": "Жарияланған {count} орын әлі ашық (бос, ұсынылған немесе брондалған);"
        " алдымен оларды кері қайтарыңыз немесе толтырыңыз.",
    },
    "ACCOUNT_SELF_DEACTIVATE": {
        "en": "You cannot deactivate your own account.",
        "ru": "Нельзя отключить собственную учётную запись.",
        "kk": "Өз есептік жазбаңызды өшіруге болмайды.",
    },
    "BENEFIT_NOT_PENDING": {
        "en": "The benefit is not awaiting confirmation (it is {status}).",
        "ru": "Льгота не ожидает подтверждения (статус: {status}).",
        "kk": "Жеңілдік растауды күтіп тұрған жоқ (мәртебесі: {status}).",
    },
    # --- end of desk, register, benefits codes ---
    # --- desk local store and sync (desktop/models: store.py, keys.py, usecases.py,
    #     sync_store.py; R30). Store codes name no path or key; PENDING_SYNC and the
    #     SYNC_* codes concern the desk's own outbox. ---
    "STORE_KEY_WRONG": {
        "en": "The local data cannot be opened with this passphrase or key. Check the passphrase and try again.",
        "ru": "Локальные данные не открываются с этой парольной фразой или ключом. Проверьте парольную фразу и повторите.",
        "kk": "Жергілікті деректер осы құпия фразамен немесе кілтпен ашылмайды. Құпия фразаны тексеріп, қайталаңыз.",
    },
    "STORE_KEY_MISSING": {
        "en": "The key of the local data is not in this computer's keyring, so they cannot be opened here. Sign in under a new profile and sync to get the data from the server.",
        "ru": "Ключа локальных данных нет в хранилище ключей этого компьютера, поэтому их нельзя открыть здесь. Войдите под новым профилем и синхронизируйтесь, чтобы получить данные с сервера.",
        "kk": "Жергілікті деректердің кілті осы компьютердің кілттер қоймасында жоқ, сондықтан оларды мұнда ашу мүмкін емес. Деректерді серверден алу үшін жаңа профильмен кіріп, синхрондаңыз.",
    },
    "STORE_KEYRING_UNAVAILABLE": {
        "en": "The system keyring cannot be reached (it may be locked). Unlock it and try again.",
        "ru": "Системное хранилище ключей недоступно (возможно, оно заблокировано). Разблокируйте его и повторите.",
        "kk": "Жүйелік кілттер қоймасы қолжетімсіз (мүмкін, ол құлыпталған). Оны ашып, қайталаңыз.",
    },
    "STORE_PASSPHRASE_REQUIRED": {
        "en": "This computer has no secure keyring, so the local data are protected by a passphrase: please enter it.",
        "ru": "На этом компьютере нет защищённого хранилища ключей, поэтому локальные данные защищены парольной фразой: введите её.",
        "kk": "Бұл компьютерде қорғалған кілттер қоймасы жоқ, сондықтан жергілікті деректер құпия фразамен қорғалған: оны енгізіңіз.",
    },
    "STORE_PASSPHRASE_WEAK": {
        "en": "The passphrase must have at least {min} characters.",
        "ru": "Парольная фраза должна содержать не менее {min} символов.",
        "kk": "Құпия фраза кемінде {min} таңбадан тұруы керек.",
    },
    "STORE_HEADER_INVALID": {
        "en": "The description file of the local data is damaged; the data cannot be opened. Sign in under a new profile and sync.",
        "ru": "Файл описания локальных данных повреждён; данные нельзя открыть. Войдите под новым профилем и синхронизируйтесь.",
        "kk": "Жергілікті деректердің сипаттама файлы бүлінген; деректерді ашу мүмкін емес. Жаңа профильмен кіріп, синхрондаңыз.",
    },
    "STORE_LOCKED": {
        "en": "The local data are busy in another window or program of the desk. Close it, or wait a moment and try again.",
        "ru": "Локальные данные заняты другим окном или программой рабочего места. Закройте его или подождите и повторите.",
        "kk": "Жергілікті деректерді жұмыс орнының басқа терезесі немесе бағдарламасы пайдаланып тұр. Оны жабыңыз немесе біраз күтіп, қайталаңыз.",
    },
    "STORE_MIGRATION_FAILED": {
        "en": "The local data could not be updated to this version of the desk; they were left unchanged. Please contact support.",
        "ru": "Не удалось обновить локальные данные до этой версии программы; они оставлены без изменений. Обратитесь в поддержку.",
        "kk": "Жергілікті деректерді бағдарламаның осы нұсқасына жаңарту мүмкін болмады; олар өзгеріссіз қалды. Қолдау қызметіне хабарласыңыз.",
    },
    "STORE_TOO_NEW": {
        "en": "The local data were written by a newer version of the desk. Please update the program.",
        "ru": "Локальные данные записаны более новой версией программы. Обновите программу.",
        "kk": "Жергілікті деректер бағдарламаның жаңарақ нұсқасымен жазылған. Бағдарламаны жаңартыңыз.",
    },
    "STORE_IO_FAILED": {
        "en": "The local data cannot be written: the disk is full or not writable.",
        "ru": "Не удаётся записать локальные данные: диск заполнен или недоступен для записи.",
        "kk": "Жергілікті деректерді жазу мүмкін емес: диск толы немесе жазуға қолжетімсіз.",
    },
    "PROFILE_NAME_INVALID": {
        "en": "A profile name may contain only Latin letters, digits, dots, dashes and underscores (up to 64).",
        "ru": "Имя профиля может содержать только латинские буквы, цифры, точки, дефисы и подчёркивания (до 64).",
        "kk": "Профиль атауында тек латын әріптері, цифрлар, нүкте, сызықша және астыңғы сызық болуы мүмкін (64-ке дейін).",
    },
    "PROFILE_OTHER_KINDERGARTEN": {
        "en": "This profile holds another kindergarten's data. Use a separate profile for this kindergarten.",
        "ru": "В этом профиле данные другого детского сада. Используйте для этого сада отдельный профиль.",
        "kk": "Бұл профильде басқа балабақшаның деректері бар. Бұл балабақша үшін бөлек профильді пайдаланыңыз.",
    },
    "DESK_NOT_REGISTERED": {
        "en": "This desk is not yet connected to a kindergarten: sign in once while online.",
        "ru": "Рабочее место ещё не подключено к детскому саду: войдите один раз при наличии интернета.",
        "kk": "Жұмыс орны әлі балабақшаға қосылмаған: интернет бар кезде бір рет кіріңіз.",
    },
    "PENDING_SYNC": {
        "en": "This record has not reached the server yet; you can change it after the next sync.",
        "ru": "Эта запись ещё не передана на сервер; изменить её можно после следующей синхронизации.",
        "kk": "Бұл жазба серверге әлі жіберілмеген; оны келесі синхрондаудан кейін өзгертуге болады.",
    },
    "CONFLICT_ALREADY_RESOLVED": {
        "en": "This conflict has already been resolved.",
        "ru": "Этот конфликт уже разрешён.",
        "kk": "Бұл қайшылық шешіліп қойған.",
    },
    "SYNC_REJECTED": {
        "en": "The server did not accept this change and gave no reason.",
        "ru": "Сервер не принял это изменение и не указал причину.",
        "kk": "Сервер бұл өзгерісті қабылдамады және себебін көрсетпеді.",
    },
    "SYNC_DATA_INVALID": {
        "en": "The server sent data this version of the desk cannot read; nothing was changed. Please update the program.",
        "ru": "Сервер прислал данные, которые эта версия программы не может прочитать; ничего не изменено. Обновите программу.",
        "kk": "Сервер бағдарламаның бұл нұсқасы оқи алмайтын деректер жіберді; ештеңе өзгертілген жоқ. Бағдарламаны жаңартыңыз.",
    },
    "SYNC_KINDERGARTEN_MISMATCH": {
        "en": "The server sent another kindergarten's data to this profile; they were not saved.",
        "ru": "Сервер прислал в этот профиль данные другого детского сада; они не сохранены.",
        "kk": "Сервер бұл профильге басқа балабақшаның деректерін жіберді; олар сақталмады.",
    },
    # --- end of desk local store and sync codes ---
    # --- sync protocol (server side: server_stub/services/sync.py, api/sync.py) ---
    "PROTOCOL_UNSUPPORTED": {
        "en": "This desk speaks sync protocol version {version}; the server supports {supported}. Please update the desk application; it keeps working offline meanwhile.",
        "ru": "Рабочее место использует протокол синхронизации версии {version}, а сервер поддерживает {supported}. Обновите приложение; пока можно работать без сети.",
        "kk": "Жұмыс орны синхрондау хаттамасының {version} нұсқасын қолданады, ал сервер {supported} нұсқасын қолдайды. Қосымшаны жаңартыңыз; әзірге желісіз жұмыс істей беруге болады.",
    },
    "CURSOR_TOO_OLD": {
        "en": "The server no longer keeps the changes after position {cursor} (it keeps them from {oldest}); the desk downloads a full copy again and keeps its unsent work.",
        "ru": "Сервер больше не хранит изменения после позиции {cursor} (хранит с {oldest}); рабочее место заново загрузит полную копию, неотправленная работа сохранится.",
        "kk": "Сервер {cursor} позициясынан кейінгі өзгерістерді енді сақтамайды ({oldest} позициясынан бастап сақтайды); жұмыс орны толық көшірмені қайта жүктейді, жіберілмеген жұмыс сақталады.",
    },
    "CURSOR_UNKNOWN": {
        "en": "The desk's sync position {cursor} is ahead of this server's ({latest}), e.g. after the server was restored; the desk downloads a full copy again and keeps its unsent work.",
        "ru": "Позиция синхронизации рабочего места {cursor} опережает позицию сервера ({latest}), например после восстановления сервера; рабочее место заново загрузит полную копию, неотправленная работа сохранится.",
        "kk": "Жұмыс орнының синхрондау позициясы {cursor} сервердің позициясынан ({latest}) алда, мысалы сервер қалпына келтірілгеннен кейін; жұмыс орны толық көшірмені қайта жүктейді, жіберілмеген жұмыс сақталады.",
    },
    "SYNC_RETRY_LATER": {
        "en": "The server is busy: {processed} changes were accepted, the rest will be sent again shortly.",
        "ru": "Сервер занят: принято изменений — {processed}, остальные будут отправлены повторно чуть позже.",
        "kk": "Сервер бос емес: {processed} өзгеріс қабылданды, қалғандары сәл кейін қайта жіберіледі.",
    },
    "SYNC_OP_ID_REUSED": {
        "en": "This change carries the id of an earlier, different change ({kind}); it was not applied.",
        "ru": "Это изменение имеет идентификатор более раннего, другого изменения ({kind}); оно не применено.",
        "kk": "Бұл өзгерістің идентификаторы бұрынғы басқа өзгерістікі ({kind}); ол қолданылмады.",
    },
    "BODY_ENCODING_INVALID": {
        "en": "The request body could not be decompressed; it was damaged on the way. It will be sent again.",
        "ru": "Тело запроса не удалось распаковать: оно повреждено при передаче. Оно будет отправлено повторно.",
        "kk": "Сұраныс денесін ашу мүмкін болмады: ол жолда бүлінген. Ол қайта жіберіледі.",
    },
    "CONTENT_ENCODING_UNSUPPORTED": {
        "en": "The request is compressed as {encoding}; the server accepts gzip only.",
        "ru": "Запрос сжат методом {encoding}; сервер принимает только gzip.",
        "kk": "Сұраныс {encoding} әдісімен сығылған; сервер тек gzip қабылдайды.",
    },
    "BODY_TOO_LARGE": {
        "en": "The request is larger than {max} bytes; send fewer changes at a time.",
        "ru": "Запрос больше {max} байт; отправляйте меньше изменений за раз.",
        "kk": "Сұраныс {max} байттан үлкен; бір мезгілде азырақ өзгеріс жіберіңіз.",
    },
    # --- end of sync protocol (server side) ---
    # --- sync engine (desk side) ---
    "SYNC_OFFLINE": {
        "en": "The server cannot be reached. Your work is saved on this computer and will be sent at the next sync.",
        "ru": "Сервер недоступен. Ваша работа сохранена на этом компьютере и будет отправлена при следующей синхронизации.",
        "kk": "Серверге қосылу мүмкін емес. Жұмысыңыз осы компьютерде сақталды және келесі синхрондауда жіберіледі.",
    },
    "SYNC_AUTH": {
        "en": "The server did not accept the login. Log in again to sync; nothing is lost.",
        "ru": "Сервер не принял вход. Войдите снова, чтобы синхронизировать; ничего не потеряно.",
        "kk": "Сервер кіруді қабылдамады. Синхрондау үшін қайта кіріңіз; ештеңе жоғалған жоқ.",
    },
    "SYNC_RUNNING": {
        "en": "A sync is already running for this desk.",
        "ru": "Синхронизация этого рабочего места уже идёт.",
        "kk": "Бұл жұмыс орнының синхрондауы жүріп жатыр.",
    },
    "SYNC_PROTOCOL": {
        "en": "The server gave an answer this desk does not understand. Please tell your administrator; your work is kept.",
        "ru": "Сервер дал ответ, который это рабочее место не понимает. Сообщите администратору; ваша работа сохранена.",
        "kk": "Сервер бұл жұмыс орны түсінбейтін жауап берді. Әкімшіге хабарлаңыз; жұмысыңыз сақталды.",
    },
    "SYNC_UPDATE_REQUIRED": {
        "en": "This desk is too old for the server. Please update it; meanwhile you can keep working offline.",
        "ru": "Эта версия рабочего места устарела для сервера. Обновите её; пока можно работать без сети.",
        "kk": "Бұл жұмыс орнының нұсқасы сервер үшін ескі. Жаңартыңыз; әзірге желісіз жұмыс істей беруге болады.",
    },
    "SYNC_INTERNAL": {
        "en": "The sync stopped on an unexpected error. Your work is kept on this computer; please tell your administrator.",
        "ru": "Синхронизация остановилась из-за непредвиденной ошибки. Ваша работа сохранена на этом компьютере; сообщите администратору.",
        "kk": "Синхрондау күтпеген қатеге байланысты тоқтады. Жұмысыңыз осы компьютерде сақталды; әкімшіге хабарлаңыз.",
    },
    # --- end of sync engine (desk side) ---
    # --- the desk's command line (desktop/cli.py): sentences it prints, by key, so a
    #     scheduled ``python -m desktop sync`` speaks the user's language too ---
    "CLI_SUMMARY": {
        "en": "Sync done: sent {pushed} (applied {applied}, already on the server {duplicates}, refused {rejected}), received {pulled}, conflicts {conflicts}.",
        "ru": "Синхронизация завершена: отправлено {pushed} (применено {applied}, уже на сервере {duplicates}, отклонено {rejected}), получено {pulled}, конфликтов {conflicts}.",
        "kk": "Синхрондау аяқталды: жіберілді {pushed} (қолданылды {applied}, серверде бар {duplicates}, қабылданбады {rejected}), алынды {pulled}, қайшылықтар {conflicts}.",
    },
    "CLI_SNAPSHOT": {
        "en": "A full copy of the kindergarten's data was downloaded.",
        "ru": "Загружена полная копия данных детского сада.",
        "kk": "Балабақша деректерінің толық көшірмесі жүктелді.",
    },
    "CLI_REQUEUED": {
        "en": "The server was restored from a backup; changes it had already received, sent again: {count}.",
        "ru": "Сервер восстановлен из резервной копии; повторно отправлено изменений, которые он уже получал: {count}.",
        "kk": "Сервер резервтік көшірмеден қалпына келтірілді; ол бұрын алған, қайта жіберілген өзгерістер: {count}.",
    },
    "CLI_CONFLICTS_HINT": {
        "en": "Changes the server refused: {count}; open the Conflicts page of the desk to see why.",
        "ru": "Изменений, отклонённых сервером: {count}; откройте страницу «Конфликты» рабочего места, чтобы узнать причину.",
        "kk": "Сервер қабылдамаған өзгерістер: {count}; себебін білу үшін жұмыс орнының «Қайшылықтар» бетін ашыңыз.",
    },
    "CLI_CLOCK_SKEW": {
        "en": "Warning: this computer's clock differs from the server's by {minutes} min. Please set the correct time.",
        "ru": "Внимание: часы этого компьютера расходятся с часами сервера на {minutes} мин. Установите правильное время.",
        "kk": "Назар аударыңыз: осы компьютердің сағаты сервер сағатынан {minutes} мин өзгеше. Дұрыс уақытты орнатыңыз.",
    },
    "CLI_PENDING": {
        "en": "Changes kept on this computer for the next sync: {count}.",
        "ru": "Изменений, сохранённых на этом компьютере до следующей синхронизации: {count}.",
        "kk": "Келесі синхрондауға дейін осы компьютерде сақталған өзгерістер: {count}.",
    },
    "CLI_PROGRESS_META": {
        "en": "Connecting to the server…",
        "ru": "Подключение к серверу…",
        "kk": "Серверге қосылу…",
    },
    "CLI_PROGRESS_PUSH": {
        "en": "Sending changes: {done} of {total}",
        "ru": "Отправка изменений: {done} из {total}",
        "kk": "Өзгерістер жіберілуде: {total} ішінен {done}",
    },
    "CLI_PROGRESS_SNAPSHOT": {
        "en": "Downloading the full copy…",
        "ru": "Загрузка полной копии…",
        "kk": "Толық көшірме жүктелуде…",
    },
    "CLI_PROGRESS_PULL": {
        "en": "Receiving changes: {done}",
        "ru": "Получение изменений: {done}",
        "kk": "Өзгерістер алынуда: {done}",
    },
    "CLI_PROGRESS_RETRY": {
        "en": "No answer from the server, trying again ({done} of {total})…",
        "ru": "Сервер не ответил, повторная попытка ({done} из {total})…",
        "kk": "Сервер жауап бермеді, қайта әрекет ({total} ішінен {done})…",
    },
    "CLI_SYNC_FAILED": {
        "en": "The sync did not finish. {reason}",
        "ru": "Синхронизация не завершена. {reason}",
        "kk": "Синхрондау аяқталмады. {reason}",
    },
    "CLI_CANCELLED": {
        "en": "The sync was stopped. Nothing is lost: the rest is sent at the next sync.",
        "ru": "Синхронизация остановлена. Ничего не потеряно: остальное будет отправлено при следующей синхронизации.",
        "kk": "Синхрондау тоқтатылды. Ештеңе жоғалған жоқ: қалғаны келесі синхрондауда жіберіледі.",
    },
    "CLI_LOGIN_DONE": {
        "en": "Signed in as {login} on {server}; profile {profile} is ready to sync.",
        "ru": "Выполнен вход как {login} на {server}; профиль {profile} готов к синхронизации.",
        "kk": "{server} серверіне {login} ретінде кірдіңіз; {profile} профилі синхрондауға дайын.",
    },
    "CLI_LOGIN_HINT": {
        "en": "To sign in: python -m desktop login --server ADDRESS --login LOGIN --profile {profile}",
        "ru": "Чтобы войти: python -m desktop login --server АДРЕС --login ЛОГИН --profile {profile}",
        "kk": "Кіру үшін: python -m desktop login --server МЕКЕНЖАЙ --login ЛОГИН --profile {profile}",
    },
    "CLI_PASSWORD_REQUIRED": {
        "en": "A password is needed: type it when asked (in a terminal), or set KEZEK_DESK_PASSWORD for the command. Never put it on the command line.",
        "ru": "Нужен пароль: введите его по запросу (в терминале) или задайте KEZEK_DESK_PASSWORD для команды. Никогда не указывайте его в командной строке.",
        "kk": "Құпия сөз қажет: сұралғанда енгізіңіз (терминалда) немесе команда үшін KEZEK_DESK_PASSWORD орнатыңыз. Оны ешқашан командалық жолға жазбаңыз.",
    },
    "CLI_PASSWORD_PROMPT": {
        "en": "Password for {login}: ",
        "ru": "Пароль для {login}: ",
        "kk": "{login} құпия сөзі: ",
    },
    "CLI_PASSPHRASE_PROMPT": {
        "en": "Passphrase of the local data (profile {profile}): ",
        "ru": "Парольная фраза локальных данных (профиль {profile}): ",
        "kk": "Жергілікті деректердің құпия фразасы ({profile} профилі): ",
    },
    "CLI_PASSPHRASE_REPEAT": {
        "en": "Repeat the passphrase: ",
        "ru": "Повторите парольную фразу: ",
        "kk": "Құпия фразаны қайталаңыз: ",
    },
    "CLI_PASSPHRASE_MISMATCH": {
        "en": "The two passphrases differ; nothing was created.",
        "ru": "Парольные фразы не совпадают; ничего не создано.",
        "kk": "Құпия фразалар сәйкес емес; ештеңе жасалған жоқ.",
    },
    "CLI_PASSPHRASE_HINT": {
        "en": "For a scheduled sync give the passphrase in the KEZEK_DESK_PASSPHRASE variable of the task's environment, never on the command line.",
        "ru": "Для синхронизации по расписанию передайте парольную фразу в переменной окружения задачи KEZEK_DESK_PASSPHRASE, никогда — в командной строке.",
        "kk": "Кесте бойынша синхрондау үшін құпия фразаны тапсырма ортасының KEZEK_DESK_PASSPHRASE айнымалысында беріңіз, ешқашан командалық жолда емес.",
    },
    "CLI_SERVER_URL_INVALID": {
        "en": "The server address must start with https:// (http:// only for this computer itself), e.g. https://kezek.example.kz.",
        "ru": "Адрес сервера должен начинаться с https:// (http:// — только для этого же компьютера), например https://kezek.example.kz.",
        "kk": "Сервер мекенжайы https:// деп басталуы керек (http:// тек осы компьютердің өзі үшін), мысалы https://kezek.example.kz.",
    },
    "CLI_NOT_A_DESK_ACCOUNT": {
        "en": "This account does not belong to a kindergarten's desk; sign in with the head's or a staff member's login.",
        "ru": "Эта учётная запись не относится к рабочему месту детского сада; войдите под логином заведующей или сотрудника.",
        "kk": "Бұл тіркелгі балабақшаның жұмыс орнына тиесілі емес; меңгерушінің немесе қызметкердің логинімен кіріңіз.",
    },
    "CLI_UI_MISSING": {
        "en": "The desk window is not installed in this copy of Kezek. To sync from a terminal: python -m desktop sync",
        "ru": "Окно рабочего места не установлено в этой копии Kezek. Для синхронизации из терминала: python -m desktop sync",
        "kk": "Kezek-тің бұл көшірмесінде жұмыс орнының терезесі орнатылмаған. Терминалдан синхрондау үшін: python -m desktop sync",
    },
    "CLI_UNEXPECTED": {
        "en": "Something unexpected went wrong ({kind}). Your work is kept on this computer; please tell your administrator.",
        "ru": "Произошла непредвиденная ошибка ({kind}). Ваша работа сохранена на этом компьютере; сообщите администратору.",
        "kk": "Күтпеген қате орын алды ({kind}). Жұмысыңыз осы компьютерде сақталды; әкімшіге хабарлаңыз.",
    },
    # --- end of the desk's command line ---
}


# What a ``{status}`` param of a code names (the record whose status it is) ...
STATUS_OF_CODE: dict[str, str] = {
    "REFERRAL_NOT_ACTIVE": "referral",
    "OFFER_NOT_OPEN": "offer",
    "APPLICATION_NOT_EDITABLE": "application",
    "PLACE_NOT_FREE": "place",
    "BENEFIT_NOT_PENDING": "benefit",
}

# ... and each stored status as a word of each language, lower case, to sit inside a
# sentence ("Направление уже не действует (статус: истекло)."). Unknown values (a newer
# server's) are shown as they are.
STATUS_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "referral": {
        "active": {"en": "active", "ru": "действует", "kk": "белсенді"},
        "postponed": {"en": "postponed", "ru": "отложено", "kk": "шегерілді"},
        "enrolled": {"en": "enrolled", "ru": "зачислен", "kk": "қабылданды"},
        "lapsed": {"en": "lapsed", "ru": "истекло", "kk": "мерзімі өтті"},
        "cancelled": {"en": "cancelled", "ru": "отменено", "kk": "күшін жойды"},
    },
    "offer": {
        "open": {"en": "open", "ru": "открыто", "kk": "ашық"},
        "accepted": {"en": "accepted", "ru": "принято", "kk": "қабылданды"},
        "declined": {"en": "declined", "ru": "отклонено", "kk": "бас тартылды"},
        "expired": {"en": "expired", "ru": "истёк срок ответа", "kk": "жауап мерзімі өтті"},
        "cancelled": {"en": "cancelled", "ru": "отменено", "kk": "күшін жойды"},
    },
    "application": {
        "queued": {"en": "in the queue", "ru": "в очереди", "kk": "кезекте"},
        "offered": {"en": "offered a place", "ru": "предложено место", "kk": "орын ұсынылды"},
        "referred": {"en": "referred", "ru": "выдано направление", "kk": "жолдама берілді"},
        "enrolled": {"en": "enrolled", "ru": "зачислен", "kk": "қабылданды"},
        "suspended": {"en": "suspended", "ru": "приостановлено", "kk": "тоқтатылды"},
        "stop_listed": {
            "en": "on the stop list",
            "ru": "в стоп-листе",
            "kk": "тоқтату тізімінде",
        },
        "pending_benefit": {
            "en": "benefit being confirmed",
            "ru": "льгота подтверждается",
            "kk": "жеңілдік расталуда",
        },
        "withdrawn": {"en": "withdrawn", "ru": "отозвано", "kk": "кері қайтарылды"},
        "aged_out": {"en": "aged out", "ru": "вышел по возрасту", "kk": "жасы асып кетті"},
        "closed": {"en": "closed", "ru": "закрыто", "kk": "жабылды"},
    },
    "place": {
        "free": {"en": "free", "ru": "свободно", "kk": "бос"},
        "offered": {"en": "offered", "ru": "предложено", "kk": "ұсынылды"},
        "reserved": {"en": "reserved", "ru": "забронировано", "kk": "брондалды"},
        "filled": {"en": "filled", "ru": "занято", "kk": "толтырылды"},
        "withdrawn": {"en": "withdrawn", "ru": "отозвано", "kk": "кері қайтарылды"},
    },
    "benefit": {
        "none": {"en": "not claimed", "ru": "не заявлена", "kk": "мәлімделмеген"},
        "pending": {
            "en": "awaiting confirmation",
            "ru": "ожидает подтверждения",
            "kk": "растауды күтуде",
        },
        "confirmed": {"en": "confirmed", "ru": "подтверждена", "kk": "расталды"},
        "rejected": {"en": "rejected", "ru": "отклонена", "kk": "қабылданбады"},
    },
}


def status_word(code: str, status: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The ``status`` param of ``code`` as a word of ``lang`` (unknown: as it is)."""
    words = STATUS_WORDS.get(STATUS_OF_CODE.get(code, ""), {}).get(str(status))
    if words is None:
        return str(status)
    return words.get(lang) or words.get(DEFAULT_LANGUAGE) or words["en"]


def _localised(code: str, lang: str, params: dict[str, Any]) -> dict[str, Any]:
    if "status" in params and code in STATUS_OF_CODE:
        return {**params, "status": status_word(code, params["status"], lang)}
    return params


def _template(code: str, lang: str) -> str | None:
    """``code``'s sentence in ``lang``, else Russian, else English (None: no such code)."""
    entry = CATALOGUE.get(code)
    if entry is None:
        return None
    return entry.get(lang) or entry.get(DEFAULT_LANGUAGE) or entry["en"]


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def message(code: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The user-facing sentence for ``code`` in ``lang``.

    An unknown language falls back to Russian, then English; an unknown code yields the
    code itself, so a missing entry degrades to something searchable rather than a crash.
    A known ``status`` value is said in ``lang`` (:func:`status_word`).
    """
    template = _template(code, lang)
    if template is None:
        return code
    try:
        return template.format(**_localised(code, lang, params))
    except (KeyError, IndexError, ValueError):
        return template


# "(it is {status})": an aside that says only a value
_VALUE_ASIDE = re.compile(r"\s*\([^()]*\{[^{}]*\}[^()]*\)")


def message_without_values(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """``code``'s sentence where its values are not known (the audit keeps the code
    only): an aside made of a value is left out, any other value shows as "…"."""
    template = _template(code, lang)
    if template is None:
        return code
    template = _VALUE_ASIDE.sub("", template)
    return template.format(**dict.fromkeys(_fields(template), "…"))


def _pattern(template: str) -> re.Pattern[str] | None:
    """A template as a regular expression with a named group per field."""
    parts: list[str] = []
    seen: set[str] = set()
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            return None
        parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
        seen.add(field)
    return re.compile("".join(parts), re.DOTALL)


def params_of(code: str, lang: str, text: str) -> dict[str, str] | None:
    """The params a sentence ``text`` of ``code`` in ``lang`` was made with (the inverse
    of :func:`message`; a status word comes back as the stored value), or None when the
    text is not such a sentence. With it a sentence kept as text (a refusal the server
    worded in one language) can be said again in another."""
    template = CATALOGUE.get(code, {}).get(lang)
    pattern = _pattern(template) if template is not None else None
    found = pattern.fullmatch(text) if pattern is not None else None
    if found is None:
        return None
    params = dict(found.groupdict())
    if "status" in params and code in STATUS_OF_CODE:
        vocabulary = STATUS_WORDS.get(STATUS_OF_CODE[code], {})
        for value, words in vocabulary.items():
            if words.get(lang) == params["status"]:
                params["status"] = value
                break
    return params


def translated(code: str, text: str, source: str, lang: str) -> str:
    """``text``, a sentence of ``code`` worded in ``source``, said in ``lang``: made again
    from the code alone when the sentence needs no values, else with the params read back
    from ``text`` (a raw status value in an older text comes out as a word too); when
    they cannot be read back, or the code is not known here, ``text`` itself."""
    template = _template(code, lang)
    if template is None:
        return text
    if not _fields(template):
        return message(code, lang)
    params = params_of(code, source, text)
    if params is None:
        return text
    return message(code, lang, **params)


def negotiate_language(accept_language: str | None) -> str:
    """Pick kk, ru or en from an HTTP Accept-Language header (quality values honoured)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, str] | None = None
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, q_part = piece.partition(";")
        lang = tag.strip().lower().split("-")[0]
        quality = 1.0
        if q_part.strip().startswith("q="):
            try:
                quality = float(q_part.strip()[2:])
            except ValueError:
                quality = 0.0
        if lang in LANGUAGES and (best is None or quality > best[0]):
            best = (quality, lang)
    return best[1] if best else DEFAULT_LANGUAGE
