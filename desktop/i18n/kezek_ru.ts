<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong in the desk. Your saved work is safe. If it happens again, restart the desk; if it persists, tell your administrator.</source>
        <translation>В программе произошла ошибка. Сохранённая работа в безопасности. Если это повторится, перезапустите программу; если ошибка не исчезнет, сообщите администратору.</translation>
    </message>
    <message>
        <source>Start a new profile “%1” now? The data come back from the server with the first sync; the old file is left as it is.</source>
        <translation>Создать новый профиль «%1» сейчас? Данные вернутся с сервера при первой синхронизации; старый файл останется как есть.</translation>
    </message>
    <message>
        <source>Try again now?</source>
        <translation>Повторить сейчас?</translation>
    </message>
    <message>
        <source>The desk will close now. Nothing was lost: the previous version of the desk still opens these data.</source>
        <translation>Программа сейчас закроется. Ничего не потеряно: предыдущая версия программы по-прежнему открывает эти данные.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>sync</source>
        <translation>синхронизация</translation>
    </message>
    <message>
        <source>account {id}</source>
        <translation>пользователь {id}</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>&amp;Record:</source>
        <translation>&amp;Запись:</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>any</source>
        <translation>любой</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>Все записи</translation>
    </message>
    <message>
        <source>Nothing recorded yet. Every view and change of a child&apos;s data appears here.</source>
        <translation>Пока ничего не записано. Здесь появляется каждый просмотр и каждое изменение данных ребёнка.</translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) shown</source>
        <translation>
            <numerusform>показано направлений: %n</numerusform>
            <numerusform>показано направлений: %n</numerusform>
            <numerusform>показано направлений: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren) shown</source>
        <translation>
            <numerusform>показано детей: %n</numerusform>
            <numerusform>показано детей: %n</numerusform>
            <numerusform>показано детей: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n walk-in(s) shown</source>
        <translation>
            <numerusform>показано личных обращений: %n</numerusform>
            <numerusform>показано личных обращений: %n</numerusform>
            <numerusform>показано личных обращений: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>search by IIN</source>
        <translation>поиск по ИИН</translation>
    </message>
    <message>
        <source>search by number</source>
        <translation>поиск по номеру</translation>
    </message>
    <message>
        <source>search by name</source>
        <translation>поиск по имени</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s)</source>
        <translation>
            <numerusform>%n место</numerusform>
            <numerusform>%n места</numerusform>
            <numerusform>%n мест</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n изменение</numerusform>
            <numerusform>%n изменения</numerusform>
            <numerusform>%n изменений</numerusform>
        </translation>
    </message>
    <message>
        <source>free from {day}</source>
        <translation>свободны с {day}</translation>
    </message>
    <message>
        <source>visit of {day}</source>
        <translation>визит {day}</translation>
    </message>
    <message>
        <source>group: {name}</source>
        <translation>группа: {name}</translation>
    </message>
    <message>
        <source>place {id}</source>
        <translation>место {id}</translation>
    </message>
    <message>
        <source>with the head&apos;s decision on vaccination</source>
        <translation>с решением заведующего о прививках</translation>
    </message>
    <message>
        <source>kindergartens chosen: {ids}</source>
        <translation>выбранные детские сады: {ids}</translation>
    </message>
    <message>
        <source>does not match: {documents}</source>
        <translation>не соответствует: {documents}</translation>
    </message>
    <message>
        <source>matches: {documents}</source>
        <translation>соответствует: {documents}</translation>
    </message>
    <message>
        <source>{change}: {details}</source>
        <translation>{change}: {details}</translation>
    </message>
</context>
<context>
    <name>BirthCertificateForm</name>
    <message>
        <source>Child&apos;s IIN:</source>
        <translation>ИИН ребёнка:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Дата рождения:</translation>
    </message>
    <message>
        <source>Type the 12 digits of the child&apos;s IIN on the certificate.</source>
        <translation>Введите 12 цифр ИИН ребёнка из свидетельства.</translation>
    </message>
    <message>
        <source>Type the birth date as dd.mm.yyyy.</source>
        <translation>Введите дату рождения в виде дд.мм.гггг.</translation>
    </message>
</context>
<context>
    <name>ChildrenModel</name>
    <message>
        <source>Child</source>
        <translation>Ребёнок</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ИИН</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Vaccination</source>
        <translation>Прививки</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Зачислен</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Выбыл</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхронизация</translation>
    </message>
</context>
<context>
    <name>ChildrenPage</name>
    <message>
        <source>Children</source>
        <translation>Дети</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Поиск:</translation>
    </message>
    <message>
        <source>IIN or name</source>
        <translation>ИИН или имя</translation>
    </message>
    <message>
        <source>&amp;Include children who left</source>
        <translation>Показывать &amp;выбывших детей</translation>
    </message>
    <message>
        <source>The selected child leaves</source>
        <translation>Выбытие выбранного ребёнка</translation>
    </message>
    <message>
        <source>Left &amp;on:</source>
        <translation>Дата &amp;выбытия:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Причина:</translation>
    </message>
    <message>
        <source>Moved to another kindergarten</source>
        <translation>Перевёлся в другой детский сад</translation>
    </message>
    <message>
        <source>Went to school</source>
        <translation>Пошёл в школу</translation>
    </message>
    <message>
        <source>The family moved away</source>
        <translation>Семья переехала</translation>
    </message>
    <message>
        <source>The parents&apos; decision</source>
        <translation>Решение родителей</translation>
    </message>
    <message>
        <source>Health reasons</source>
        <translation>По состоянию здоровья</translation>
    </message>
    <message>
        <source>Record leaving</source>
        <translation>Оформить выбытие</translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren)</source>
        <translation>
            <numerusform>%n ребёнок</numerusform>
            <numerusform>%n ребёнка</numerusform>
            <numerusform>%n детей</numerusform>
        </translation>
    </message>
    <message>
        <source>No child matches “{query}”. Search by IIN or name.</source>
        <translation>По запросу «{query}» дети не найдены. Ищите по ИИН или имени.</translation>
    </message>
    <message>
        <source>No children yet. Children appear here when they are enrolled on the Document check page, or after a sync (F5).</source>
        <translation>Детей пока нет. Дети появятся здесь после зачисления на странице «Проверка документов» или после синхронизации (F5).</translation>
    </message>
    <message>
        <source>Record that {child} left on {day}?</source>
        <translation>Оформить выбытие: {child}, дата {day}?</translation>
    </message>
    <message>
        <source>{child} has left. The seat is free: publish it on the Groups and places page when you are ready. Waiting to sync.</source>
        <translation>{child}: выбытие оформлено. Место свободно: опубликуйте его на странице «Группы и места», когда будете готовы. Ожидает синхронизации.</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>What was attempted:</source>
        <translation>Что пытались сделать:</translation>
    </message>
    <message>
        <source>Why the server refused:</source>
        <translation>Почему сервер отклонил:</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Что делать:</translation>
    </message>
    <message>
        <source>On the server now:</source>
        <translation>Сейчас на сервере:</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>Разрешён:</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>разрешён</translation>
    </message>
    <message>
        <source>to resolve</source>
        <translation>требует решения</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Конфликты</translation>
    </message>
    <message>
        <source>Show &amp;resolved ones</source>
        <translation>Показать &amp;разрешённые</translation>
    </message>
    <message>
        <source>The selected conflict</source>
        <translation>Выбранный конфликт</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Заметка:</translation>
    </message>
    <message>
        <source>What you did about it (e.g. called the family, published again)</source>
        <translation>Что вы сделали (например, позвонили семье, опубликовали заново)</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>Отметить разрешённым</translation>
    </message>
    <message>
        <source>No conflicts. When the server refuses something recorded here, it appears here with the reason and what to do.</source>
        <translation>Конфликтов нет. Если сервер отклонит что-то записанное здесь, это появится здесь с причиной и тем, что делать.</translation>
    </message>
    <message>
        <source>{change}: {summary}</source>
        <translation>{change}: {summary}</translation>
    </message>
    <message>
        <source>{moment}: {note}</source>
        <translation>{moment}: {note}</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) in {group} free from {day}</source>
        <translation>
            <numerusform>{group}: %n место, свободно с {day}</numerusform>
            <numerusform>{group}: %n места, свободны с {day}</numerusform>
            <numerusform>{group}: %n мест, свободны с {day}</numerusform>
        </translation>
    </message>
    <message>
        <source>place {place}</source>
        <translation>место {place}</translation>
    </message>
    <message>
        <source>referral {referral}, visit of {day}</source>
        <translation>направление {referral}, визит {day}</translation>
    </message>
    <message>
        <source>referral {referral}, with the head&apos;s decision</source>
        <translation>направление {referral}, с решением заведующего</translation>
    </message>
    <message>
        <source>referral {referral}</source>
        <translation>направление {referral}</translation>
    </message>
    <message>
        <source>child record {child}, left on {day}</source>
        <translation>запись ребёнка {child}, выбыл {day}</translation>
    </message>
    <message>
        <source>{entity} {id}: no longer here</source>
        <translation>{entity} {id}: больше нет</translation>
    </message>
    <message>
        <source>{entity} {label}: {status}</source>
        <translation>{entity} {label}: {status}</translation>
    </message>
    <message>
        <source>nothing that concerns it</source>
        <translation>ничего, что его касается</translation>
    </message>
    <message>
        <source>The referral had lapsed on the server before this change arrived. Call the family: their application returns to the queue after the 10-day stop list.</source>
        <translation>Направление истекло на сервере до того, как пришло это изменение. Позвоните семье: их заявление вернётся в очередь после 10-дневного стоп-листа.</translation>
    </message>
    <message>
        <source>The referral was already closed on the server. Check the family on the Referrals page before doing anything else.</source>
        <translation>На сервере направление уже закрыто. Прежде чем что-то делать, проверьте семью на странице «Направления».</translation>
    </message>
    <message>
        <source>The group has fewer free seats on the server. Look at Groups and places and publish again what is really free.</source>
        <translation>На сервере в группе меньше свободных мест. Откройте «Группы и места» и опубликуйте заново то, что действительно свободно.</translation>
    </message>
    <message>
        <source>No places are published in August. Publish them again from 1 September.</source>
        <translation>В августе места не публикуются. Опубликуйте их снова с 1 сентября.</translation>
    </message>
    <message>
        <source>A family was already offered this place, so it stays in the queue. Nothing to undo.</source>
        <translation>Это место уже предложено семье, поэтому оно остаётся в очереди. Отменять ничего не нужно.</translation>
    </message>
    <message>
        <source>The place is no longer free on the server. Nothing to undo.</source>
        <translation>На сервере это место уже не свободно. Отменять ничего не нужно.</translation>
    </message>
    <message>
        <source>The server did not accept the documents as checked. Check them again with the family, then enroll again.</source>
        <translation>Сервер не принял документы как проверенные. Проверьте их ещё раз вместе с семьёй и зачислите снова.</translation>
    </message>
    <message>
        <source>The epidemiological certificate was too old by then. Ask the family for a new one, check it, then enroll again.</source>
        <translation>К тому времени эпидемиологическая справка устарела. Попросите у семьи новую, проверьте её и зачислите снова.</translation>
    </message>
    <message>
        <source>The group is over its share of unvaccinated children. Enroll again with the head&apos;s decision.</source>
        <translation>В группе превышена доля непривитых детей. Зачислите снова с решением заведующего.</translation>
    </message>
    <message>
        <source>The child already has an application in the queue. Tell the family; nothing else to do.</source>
        <translation>У ребёнка уже есть заявление в очереди. Сообщите семье; больше ничего делать не нужно.</translation>
    </message>
    <message>
        <source>Only the head of the kindergarten may do this.</source>
        <translation>Это может сделать только заведующий детским садом.</translation>
    </message>
    <message>
        <source>The server already has this child as left. Nothing to do.</source>
        <translation>На сервере этот ребёнок уже отмечен выбывшим. Делать ничего не нужно.</translation>
    </message>
    <message>
        <source>Look at what the server has now, do what is needed, then mark the conflict resolved with a note.</source>
        <translation>Посмотрите, что сейчас на сервере, сделайте необходимое и отметьте конфликт разрешённым с заметкой.</translation>
    </message>
    <message>
        <source>Conflict resolved; your note is kept.</source>
        <translation>Конфликт разрешён; ваша заметка сохранена.</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>dd.mm.yyyy</source>
        <translation>дд.мм.гггг</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Sync cancelled; nothing is lost.</source>
        <translation>Синхронизация отменена; ничего не потеряно.</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 received, %3 conflicts.</source>
        <translation>Синхронизировано: отправлено %1, получено %2, конфликтов %3.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Отправка изменений…</translation>
    </message>
    <message>
        <source>Downloading all data…</source>
        <translation>Загрузка всех данных…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Получение изменений…</translation>
    </message>
    <message>
        <source>Updating the district&apos;s kindergartens…</source>
        <translation>Обновляется список детских садов района…</translation>
    </message>
    <message>
        <source>No answer, retrying…</source>
        <translation>Нет ответа, повтор…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Войти снова</translation>
    </message>
    <message>
        <source>The server refused the saved sign-in (Ctrl+L)</source>
        <translation>Сервер не принял сохранённый вход (Ctrl+L)</translation>
    </message>
    <message>
        <source>Connection: checking…</source>
        <translation>Связь: проверка…</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● В сети</translation>
    </message>
    <message>
        <source>○ Offline: working locally</source>
        <translation>○ Офлайн: работа на этом компьютере</translation>
    </message>
    <message>
        <source>● Online: sign in again to sync</source>
        <translation>● В сети: для синхронизации войдите снова</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Вход не выполнен</translation>
    </message>
    <message>
        <source>Cancel sync (Shift+F5)</source>
        <translation>Отменить синхронизацию (Shift+F5)</translation>
    </message>
    <message>
        <source>Sync (F5)</source>
        <translation>Синхронизировать (F5)</translation>
    </message>
    <message>
        <source>Pending changes: %1</source>
        <translation>Неотправленные изменения: %1</translation>
    </message>
    <message>
        <source>⚠ This computer&apos;s clock is %1 min ahead of the server&apos;s</source>
        <translation>⚠ Часы этого компьютера спешат на %1 мин относительно сервера</translation>
    </message>
    <message>
        <source>⚠ This computer&apos;s clock is %1 min behind the server&apos;s</source>
        <translation>⚠ Часы этого компьютера отстают на %1 мин от сервера</translation>
    </message>
    <message>
        <source>Deadlines are counted by the server&apos;s clock; set this computer&apos;s date and time correctly.</source>
        <translation>Сроки считаются по часам сервера; установите на этом компьютере правильные дату и время.</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Ещё не синхронизировано</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Последняя синхронизация: %1</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Kezek</source>
        <translation>Kezek</translation>
    </message>
</context>
<context>
    <name>DocumentCheckPage</name>
    <message>
        <source>Child:</source>
        <translation>Ребёнок:</translation>
    </message>
    <message>
        <source>Child&apos;s IIN:</source>
        <translation>ИИН ребёнка:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Дата рождения:</translation>
    </message>
    <message>
        <source>Parent&apos;s IIN:</source>
        <translation>ИИН родителя:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Телефоны:</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Группа:</translation>
    </message>
    <message>
        <source>Referral:</source>
        <translation>Направление:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Действует до:</translation>
    </message>
    <message>
        <source>Working days left:</source>
        <translation>Осталось рабочих дней:</translation>
    </message>
    <message>
        <source>Postponed until:</source>
        <translation>Отложено до:</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Проверка документов</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Семья</translation>
    </message>
    <message>
        <source>&amp;Visit date:</source>
        <translation>&amp;Дата визита:</translation>
    </message>
    <message>
        <source>The day the family brought the documents (today).</source>
        <translation>День, когда семья принесла документы (сегодня).</translation>
    </message>
    <message>
        <source>&amp;Save check</source>
        <translation>&amp;Сохранить проверку</translation>
    </message>
    <message>
        <source>&amp;Enroll</source>
        <translation>&amp;Зачислить</translation>
    </message>
    <message>
        <source>No family open. Find the family by IIN (Ctrl+F), or choose a referral on the Referrals page and press Enter.</source>
        <translation>Семья не открыта. Найдите семью по ИИН (Ctrl+F) или выберите направление на странице «Направления» и нажмите Enter.</translation>
    </message>
    <message>
        <source>{number} ({status})</source>
        <translation>{number} ({status})</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Пока ничего не записано.</translation>
    </message>
    <message>
        <source>Recorded {day}: passes.</source>
        <translation>Записано {day}: соответствует.</translation>
    </message>
    <message>
        <source>Recorded {day}: fails.</source>
        <translation>Записано {day}: не соответствует.</translation>
    </message>
    <message>
        <source>The visit date is today or an earlier day of this referral (dd.mm.yyyy).</source>
        <translation>Дата визита — сегодня или более ранний день действия направления (дд.мм.гггг).</translation>
    </message>
    <message>
        <source>Type a valid visit date first.</source>
        <translation>Сначала введите правильную дату визита.</translation>
    </message>
    <message>
        <source>Matches the application.</source>
        <translation>Совпадает с заявлением.</translation>
    </message>
    <message>
        <source>Not brought yet.</source>
        <translation>Ещё не принесён.</translation>
    </message>
    <message>
        <source>Passed at a visit; not needed again.</source>
        <translation>Проверен при прошлом визите; повторно не нужен.</translation>
    </message>
    <message>
        <source>This child is enrolled.</source>
        <translation>Этот ребёнок зачислен.</translation>
    </message>
    <message>
        <source>Check saved: every document passes.</source>
        <translation>Проверка сохранена: все документы соответствуют.</translation>
    </message>
    <message numerus="yes">
        <source>Check saved. %n document(s) do not pass: the family can bring corrected ones while the referral is valid.</source>
        <translation>
            <numerusform>Проверка сохранена. %n документ не соответствует: семья может принести исправленный, пока действует направление.</numerusform>
            <numerusform>Проверка сохранена. %n документа не соответствуют: семья может принести исправленные, пока действует направление.</numerusform>
            <numerusform>Проверка сохранена. %n документов не соответствуют: семья может принести исправленные, пока действует направление.</numerusform>
        </translation>
    </message>
    <message>
        <source>{child} is enrolled in {group}. Waiting to sync.</source>
        <translation>{child} зачислен(а): {group}. Ожидает синхронизации.</translation>
    </message>
    <message>
        <source>Not enrolled: the head&apos;s decision is needed (R21).</source>
        <translation>Не зачислен: нужно решение заведующего (R21).</translation>
    </message>
</context>
<context>
    <name>DocumentForm</name>
    <message>
        <source>Number:</source>
        <translation>Номер:</translation>
    </message>
</context>
<context>
    <name>EpidCertificateForm</name>
    <message>
        <source>Issued on:</source>
        <translation>Дата выдачи:</translation>
    </message>
    <message>
        <source>Type the issue date as dd.mm.yyyy.</source>
        <translation>Введите дату выдачи в виде дд.мм.гггг.</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Sign in again</source>
        <translation>Войти снова</translation>
    </message>
    <message>
        <source>The server did not accept the saved sign-in. Enter the password to sync again; the data and unsent work on this computer are kept.</source>
        <translation>Сервер не принял сохранённый вход. Введите пароль, чтобы снова синхронизироваться; данные и неотправленная работа на этом компьютере сохранятся.</translation>
    </message>
    <message>
        <source>Welcome to Kezek</source>
        <translation>Добро пожаловать в Kezek</translation>
    </message>
    <message>
        <source>Connect this desk to your kindergarten. Sign in once with the head&apos;s or staff account; afterwards the desk works without the Internet and needs the server only to sync.</source>
        <translation>Подключите это рабочее место к вашему детскому саду. Войдите один раз под учётной записью заведующего или сотрудника; дальше рабочее место работает без интернета, а сервер нужен только для синхронизации.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>&amp;Адрес сервера:</translation>
    </message>
    <message>
        <source>e.g. https://kezek.example.kz</source>
        <translation>например, https://kezek.example.kz</translation>
    </message>
    <message>
        <source>L&amp;ogin:</source>
        <translation>Ло&amp;гин:</translation>
    </message>
    <message>
        <source>head or staff account</source>
        <translation>учётная запись заведующего или сотрудника</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Continue without data</source>
        <translation>Продолжить без данных</translation>
    </message>
    <message>
        <source>Sync again</source>
        <translation>Синхронизировать снова</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Downloading the kindergarten&apos;s data…</source>
        <translation>Загрузка данных детского сада…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Отправка изменений…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Получение изменений…</translation>
    </message>
    <message>
        <source>Updating the district&apos;s kindergartens…</source>
        <translation>Обновляется список детских садов района…</translation>
    </message>
    <message>
        <source>No answer, retrying…</source>
        <translation>Нет ответа, повтор…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Fill in the server address, the login and the password.</source>
        <translation>Заполните адрес сервера, логин и пароль.</translation>
    </message>
    <message>
        <source>This is not a server address. Enter it like https://kezek.example.kz.</source>
        <translation>Это не адрес сервера. Введите его в виде https://kezek.example.kz.</translation>
    </message>
    <message>
        <source>The server %1 does not answer. Check the address and the Internet connection, then try again.</source>
        <translation>Сервер %1 не отвечает. Проверьте адрес и подключение к интернету и повторите.</translation>
    </message>
    <message>
        <source>This account is not a kindergarten head&apos;s or staff account. Sign in with your kindergarten&apos;s desk account.</source>
        <translation>Это не учётная запись заведующего или сотрудника детского сада. Войдите под учётной записью рабочего места вашего сада.</translation>
    </message>
    <message>
        <source>The server answered with an error. Try again later or ask your administrator.</source>
        <translation>Сервер ответил ошибкой. Повторите позже или обратитесь к администратору.</translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Вместимость</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Детей</translation>
    </message>
    <message>
        <source>Unvaccinated</source>
        <translation>Непривитые</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Опубликовано</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Свободно</translation>
    </message>
    <message>
        <source>Can publish</source>
        <translation>Можно опубликовать</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Free from</source>
        <translation>Свободно с</translation>
    </message>
    <message>
        <source>Groups and places</source>
        <translation>Группы и места</translation>
    </message>
    <message>
        <source>Publish free places in the selected group</source>
        <translation>Опубликовать свободные места в выбранной группе</translation>
    </message>
    <message>
        <source>&amp;Places:</source>
        <translation>&amp;Мест:</translation>
    </message>
    <message>
        <source>Free &amp;from:</source>
        <translation>Свободно &amp;с:</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <source>&amp;Withdraw the place</source>
        <translation>&amp;Снять место</translation>
    </message>
    <message>
        <source>No groups yet — sync (F5) to receive them from the server.</source>
        <translation>Групп пока нет — синхронизируйтесь (F5), чтобы получить их с сервера.</translation>
    </message>
    <message>
        <source>No places published in this group. Publish free places above (Ctrl+P).</source>
        <translation>В этой группе нет опубликованных мест. Опубликуйте свободные места выше (Ctrl+P).</translation>
    </message>
    <message>
        <source>Open places</source>
        <translation>Открытые места</translation>
    </message>
    <message>
        <source>Open places of {group}</source>
        <translation>Открытые места: {group}</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) published in {group} from {day}. Waiting to sync: the server offers them to the queue then.</source>
        <translation>
            <numerusform>{group}: опубликовано %n место с {day}. Ожидает синхронизации: затем сервер предложит его очереди.</numerusform>
            <numerusform>{group}: опубликовано %n места с {day}. Ожидает синхронизации: затем сервер предложит их очереди.</numerusform>
            <numerusform>{group}: опубликовано %n мест с {day}. Ожидает синхронизации: затем сервер предложит их очереди.</numerusform>
        </translation>
    </message>
    <message>
        <source>Withdraw place {place}? It leaves the queue at the next sync.</source>
        <translation>Снять место {place}? Оно уйдёт из очереди при следующей синхронизации.</translation>
    </message>
    <message>
        <source>Place {place} withdrawn. Waiting to sync.</source>
        <translation>Место {place} снято. Ожидает синхронизации.</translation>
    </message>
</context>
<context>
    <name>HeadDecisionDialog</name>
    <message>
        <source>The head&apos;s decision</source>
        <translation>Решение заведующего</translation>
    </message>
    <message>
        <source>Write the head&apos;s decision (who decided and why). It is recorded with the enrollment. Ctrl+Enter: enroll with it; Esc: cancel.</source>
        <translation>Запишите решение заведующего (кто и почему решил). Оно сохраняется вместе с зачислением. Ctrl+Enter: зачислить с этим решением; Esc: отмена.</translation>
    </message>
    <message>
        <source>Enroll with this decision</source>
        <translation>Зачислить с этим решением</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>HealthPassportForm</name>
    <message>
        <source>Vaccinations:</source>
        <translation>Прививки:</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
    <message>
        <source>Choose the vaccination status in the passport.</source>
        <translation>Выберите состояние прививок по паспорту.</translation>
    </message>
</context>
<context>
    <name>IinEdit</name>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Kezek — kindergarten desk</source>
        <translation>Kezek — рабочее место детского сада</translation>
    </message>
    <message>
        <source>&amp;IIN (Ctrl+F):</source>
        <translation>&amp;ИИН (Ctrl+F):</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>Type or scan an IIN anywhere in the window to find the family</source>
        <translation>Наберите или отсканируйте ИИН в любом месте окна, чтобы найти семью</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Страницы</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Рабочее место</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Переход</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Синхронизировать сейчас</translation>
    </message>
    <message>
        <source>&amp;Cancel sync</source>
        <translation>&amp;Отменить синхронизацию</translation>
    </message>
    <message>
        <source>&amp;Find by IIN</source>
        <translation>&amp;Найти по ИИН</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>&amp;Войти снова…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation>&amp;Следующая страница</translation>
    </message>
    <message>
        <source>&amp;Previous page</source>
        <translation>&amp;Предыдущая страница</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>&amp;About Kezek</source>
        <translation>&amp;О программе Kezek</translation>
    </message>
    <message>
        <source>No referral or child with IIN %1 here. A family without a referral can be registered on the Walk-in page.</source>
        <translation>Здесь нет направления или ребёнка с ИИН %1. Семью без направления можно зарегистрировать на странице «Личное обращение».</translation>
    </message>
    <message>
        <source>Type or scan 12 digits anywhere: find the family by IIN</source>
        <translation>Наберите или отсканируйте 12 цифр в любом месте: поиск семьи по ИИН</translation>
    </message>
    <message>
        <source>Ctrl+F or F3: the IIN field</source>
        <translation>Ctrl+F или F3: поле ИИН</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+9: pages; Ctrl+PgUp / Ctrl+PgDown: previous / next</source>
        <translation>Ctrl+1 … Ctrl+9: страницы; Ctrl+PgUp / Ctrl+PgDown: предыдущая / следующая</translation>
    </message>
    <message>
        <source>F5: sync now; Shift+F5: cancel the sync</source>
        <translation>F5: синхронизировать сейчас; Shift+F5: отменить синхронизацию</translation>
    </message>
    <message>
        <source>Ctrl+L: sign in again</source>
        <translation>Ctrl+L: войти снова</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K / R / E: Kazakh / Russian / English</source>
        <translation>Ctrl+Shift+K / R / E: казахский / русский / английский</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab: next / previous field; Enter: the main action</source>
        <translation>Tab / Shift+Tab: следующее / предыдущее поле; Enter: основное действие</translation>
    </message>
    <message>
        <source>Ctrl+Q: quit</source>
        <translation>Ctrl+Q: выход</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Kezek: the kindergarten e-queue desk. Works offline; the server is needed only to sync.</source>
        <translation>Kezek: рабочее место электронной очереди в детский сад. Работает без сети; сервер нужен только для синхронизации.</translation>
    </message>
    <message>
        <source>About Kezek</source>
        <translation>О программе Kezek</translation>
    </message>
</context>
<context>
    <name>ParentIdForm</name>
    <message>
        <source>IIN:</source>
        <translation>ИИН:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Действует до:</translation>
    </message>
    <message>
        <source>Leave empty when the document has no expiry date.</source>
        <translation>Оставьте пустым, если у документа нет срока действия.</translation>
    </message>
    <message>
        <source>Type the 12 digits of the IIN on the document.</source>
        <translation>Введите 12 цифр ИИН из документа.</translation>
    </message>
    <message>
        <source>Type the expiry date as dd.mm.yyyy, or leave it empty when there is none.</source>
        <translation>Введите срок действия в виде дд.мм.гггг или оставьте пустым, если его нет.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase of the local data</source>
        <translation>Парольная фраза локальных данных</translation>
    </message>
    <message>
        <source>This computer has no secure keyring, so the children&apos;s data on it are protected by a passphrase. Choose one of at least %1 characters and keep it safe: a forgotten passphrase cannot be recovered (the data then come back only by a sync).</source>
        <translation>На этом компьютере нет защищённого хранилища ключей, поэтому данные детей на нём защищаются парольной фразой. Выберите фразу не короче %1 символов и храните её надёжно: забытую парольную фразу восстановить нельзя (данные тогда вернутся только синхронизацией).</translation>
    </message>
    <message>
        <source>Enter the passphrase of the local data (profile %1).</source>
        <translation>Введите парольную фразу локальных данных (профиль %1).</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Парольная фраза:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Повторите:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The passphrase must have at least %1 characters.</source>
        <translation>Парольная фраза должна содержать не менее %1 символов.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type them again.</source>
        <translation>Парольные фразы не совпадают. Введите их заново.</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Введите парольную фразу.</translation>
    </message>
</context>
<context>
    <name>PendingBadge</name>
    <message>
        <source>Waiting to sync</source>
        <translation>Ожидает синхронизации</translation>
    </message>
    <message>
        <source>Recorded on this computer; the server gets it at the next sync.</source>
        <translation>Записано на этом компьютере; сервер получит это при следующей синхронизации.</translation>
    </message>
</context>
<context>
    <name>ReferralsModel</name>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Ребёнок</translation>
    </message>
    <message>
        <source>Child&apos;s IIN</source>
        <translation>ИИН ребёнка</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Действует до</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Осталось дней</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхронизация</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <source>Referrals</source>
        <translation>Направления</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Поиск:</translation>
    </message>
    <message>
        <source>IIN, referral or application number, or name</source>
        <translation>ИИН, номер направления или заявления, или имя</translation>
    </message>
    <message>
        <source>S&amp;ort:</source>
        <translation>&amp;Сортировка:</translation>
    </message>
    <message>
        <source>Deadline: soonest first</source>
        <translation>Срок: ближайшие сначала</translation>
    </message>
    <message>
        <source>Deadline: latest first</source>
        <translation>Срок: поздние сначала</translation>
    </message>
    <message>
        <source>Issued: newest first</source>
        <translation>Выдано: новые сначала</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Child&apos;s name: A to Z</source>
        <translation>Имя ребёнка: от А до Я</translation>
    </message>
    <message>
        <source>Child&apos;s name: Z to A</source>
        <translation>Имя ребёнка: от Я до А</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Open in Document check</source>
        <translation>Открыть в проверке документов</translation>
    </message>
    <message>
        <source>Enter: check this family&apos;s documents</source>
        <translation>Enter: проверить документы этой семьи</translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s)</source>
        <translation>
            <numerusform>%n направление</numerusform>
            <numerusform>%n направления</numerusform>
            <numerusform>%n направлений</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Search by IIN, referral or application number, or the child&apos;s name.</source>
        <translation>По запросу «{query}» ничего не найдено. Ищите по ИИН, номеру направления или заявления либо по имени ребёнка.</translation>
    </message>
    <message>
        <source>No referrals yet — sync (F5) to receive them from the server.</source>
        <translation>Направлений пока нет — синхронизируйтесь (F5), чтобы получить их с сервера.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Recorded</source>
        <translation>Записано</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>Последняя проблема</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Применено</translation>
    </message>
    <message>
        <source>Already there</source>
        <translation>Уже было</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получено</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Full copy</source>
        <translation>Полная копия</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <source>Sync now (F5)</source>
        <translation>Синхронизировать сейчас (F5)</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Ожидает отправки</translation>
    </message>
    <message>
        <source>Syncs</source>
        <translation>Синхронизации</translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the server has everything recorded here.</source>
        <translation>Ничего не ждёт отправки: на сервере есть всё записанное здесь.</translation>
    </message>
    <message>
        <source>This desk has not synced yet. Press F5 to sync now.</source>
        <translation>Это рабочее место ещё не синхронизировалось. Нажмите F5, чтобы синхронизировать сейчас.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait to be sent.</source>
        <translation>
            <numerusform>%n изменение ждёт отправки.</numerusform>
            <numerusform>%n изменения ждут отправки.</numerusform>
            <numerusform>%n изменений ждут отправки.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything recorded here is on the server.</source>
        <translation>Всё записанное здесь есть на сервере.</translation>
    </message>
    <message>
        <source>Last successful sync: {moment}.</source>
        <translation>Последняя успешная синхронизация: {moment}.</translation>
    </message>
    <message>
        <source>Syncing is available in the desk window.</source>
        <translation>Синхронизация доступна в окне рабочего места.</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Active</source>
        <translation>Действует</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Отложено</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Зачислен</translation>
    </message>
    <message>
        <source>Lapsed</source>
        <translation>Истекло</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <source>Waiting to sync</source>
        <translation>Ожидает синхронизации</translation>
    </message>
    <message>
        <source>In the queue</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>Offered a place</source>
        <translation>Предложено место</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Выдано направление</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Приостановлено</translation>
    </message>
    <message>
        <source>Stop list</source>
        <translation>Стоп-лист</translation>
    </message>
    <message>
        <source>Benefit being confirmed</source>
        <translation>Льгота подтверждается</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Отозвано</translation>
    </message>
    <message>
        <source>Aged out</source>
        <translation>Вышел по возрасту</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрыто</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Свободно</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Предложено</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Забронировано</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Занято</translation>
    </message>
    <message>
        <source>Parent&apos;s identity document</source>
        <translation>Удостоверение личности родителя</translation>
    </message>
    <message>
        <source>Birth certificate</source>
        <translation>Свидетельство о рождении</translation>
    </message>
    <message>
        <source>Epidemiological certificate</source>
        <translation>Эпидемиологическая справка</translation>
    </message>
    <message>
        <source>Health passport</source>
        <translation>Паспорт здоровья</translation>
    </message>
    <message>
        <source>Vaccinated</source>
        <translation>Привит</translation>
    </message>
    <message>
        <source>Not fully vaccinated</source>
        <translation>Привит не полностью</translation>
    </message>
    <message>
        <source>Medical exemption</source>
        <translation>Медицинский отвод</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Общая</translation>
    </message>
    <message>
        <source>Correctional</source>
        <translation>Коррекционная</translation>
    </message>
    <message>
        <source>Sanatorium</source>
        <translation>Санаторная</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>Казахский</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <source>Early (1)</source>
        <translation>Ясельная (1)</translation>
    </message>
    <message>
        <source>Junior (2)</source>
        <translation>Младшая (2)</translation>
    </message>
    <message>
        <source>Middle (3)</source>
        <translation>Средняя (3)</translation>
    </message>
    <message>
        <source>Senior (4)</source>
        <translation>Старшая (4)</translation>
    </message>
    <message>
        <source>Pre-school (5)</source>
        <translation>Предшкольная (5)</translation>
    </message>
    <message>
        <source>Military family</source>
        <translation>Семья военнослужащего</translation>
    </message>
    <message>
        <source>Special state body family</source>
        <translation>Семья сотрудника специального госоргана</translation>
    </message>
    <message>
        <source>Parent fell in service</source>
        <translation>Родитель погиб при исполнении</translation>
    </message>
    <message>
        <source>Parent with a disability</source>
        <translation>Родитель с инвалидностью</translation>
    </message>
    <message>
        <source>Without parental care</source>
        <translation>Без попечения родителей</translation>
    </message>
    <message>
        <source>Orphan</source>
        <translation>Сирота</translation>
    </message>
    <message>
        <source>Large family</source>
        <translation>Многодетная семья</translation>
    </message>
    <message>
        <source>Special educational needs</source>
        <translation>Особые образовательные потребности</translation>
    </message>
    <message>
        <source>Publish places</source>
        <translation>Публикация мест</translation>
    </message>
    <message>
        <source>Withdraw a place</source>
        <translation>Снятие места</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Проверка документов</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>Зачисление</translation>
    </message>
    <message>
        <source>Child leaving</source>
        <translation>Выбытие ребёнка</translation>
    </message>
    <message>
        <source>Walk-in application</source>
        <translation>Личное обращение</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Направление</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Ребёнок</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Конфликт</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Заявление</translation>
    </message>
    <message>
        <source>Kindergarten</source>
        <translation>Детский сад</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Вход в систему</translation>
    </message>
    <message>
        <source>Published places</source>
        <translation>Опубликовал места</translation>
    </message>
    <message>
        <source>Withdrew a place</source>
        <translation>Снял место</translation>
    </message>
    <message>
        <source>Checked documents</source>
        <translation>Проверил документы</translation>
    </message>
    <message>
        <source>Enrolled a child</source>
        <translation>Зачислил ребёнка</translation>
    </message>
    <message>
        <source>Recorded a child leaving</source>
        <translation>Оформил выбытие ребёнка</translation>
    </message>
    <message>
        <source>Registered a walk-in</source>
        <translation>Зарегистрировал личное обращение</translation>
    </message>
    <message>
        <source>Resolved a conflict</source>
        <translation>Разрешил конфликт</translation>
    </message>
    <message>
        <source>Server refused a change</source>
        <translation>Сервер отклонил изменение</translation>
    </message>
    <message>
        <source>Viewed the referral list</source>
        <translation>Просмотрел список направлений</translation>
    </message>
    <message>
        <source>Viewed a referral</source>
        <translation>Просмотрел направление</translation>
    </message>
    <message>
        <source>Viewed the children list</source>
        <translation>Просмотрел список детей</translation>
    </message>
    <message>
        <source>Viewed a child</source>
        <translation>Просмотрел данные ребёнка</translation>
    </message>
    <message>
        <source>Viewed walk-ins</source>
        <translation>Просмотрел личные обращения</translation>
    </message>
    <message>
        <source>Queued changes again for the server</source>
        <translation>Снова поставил изменения в очередь на сервер</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Child</source>
        <translation>Ребёнок</translation>
    </message>
    <message>
        <source>Child&apos;s IIN</source>
        <translation>ИИН ребёнка</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Направление</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Действует до</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>Осталось рабочих дней</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Вместимость</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Детей</translation>
    </message>
    <message>
        <source>Published, free</source>
        <translation>Опубликовано, свободно</translation>
    </message>
    <message>
        <source>Can publish</source>
        <translation>Можно опубликовать</translation>
    </message>
    <message>
        <source>last day</source>
        <translation>последний день</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Families expected</source>
        <translation>Ожидаемые семьи</translation>
    </message>
    <message>
        <source>Places by group</source>
        <translation>Места по группам</translation>
    </message>
    <message>
        <source>Work to finish</source>
        <translation>Незавершённая работа</translation>
    </message>
    <message>
        <source>Open &amp;conflicts</source>
        <translation>Открыть &amp;конфликты</translation>
    </message>
    <message>
        <source>Check this family&apos;s documents</source>
        <translation>Проверить документы этой семьи</translation>
    </message>
    <message>
        <source>Enter: check this family&apos;s documents</source>
        <translation>Enter: проверить документы этой семьи</translation>
    </message>
    <message>
        <source>No families are expected: there is no live referral. New referrals arrive with a sync (F5).</source>
        <translation>Семей не ожидается: действующих направлений нет. Новые направления приходят при синхронизации (F5).</translation>
    </message>
    <message>
        <source>No groups yet — sync (F5) to receive them from the server.</source>
        <translation>Групп пока нет — синхронизируйтесь (F5), чтобы получить их с сервера.</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>Сегодня, {day}</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) refused by the server need a decision.</source>
        <translation>
            <numerusform>%n изменение, отклонённое сервером, требует решения.</numerusform>
            <numerusform>%n изменения, отклонённые сервером, требуют решения.</numerusform>
            <numerusform>%n изменений, отклонённых сервером, требуют решения.</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>Конфликтов нет.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) recorded here wait for the next sync (F5).</source>
        <translation>
            <numerusform>%n изменение, записанное здесь, ждёт следующей синхронизации (F5).</numerusform>
            <numerusform>%n изменения, записанные здесь, ждут следующей синхронизации (F5).</numerusform>
            <numerusform>%n изменений, записанных здесь, ждут следующей синхронизации (F5).</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the server has all of this desk&apos;s work.</source>
        <translation>Ничего не ждёт отправки: вся работа этого рабочего места есть на сервере.</translation>
    </message>
    <message>
        <source>Last sync: {moment}</source>
        <translation>Последняя синхронизация: {moment}</translation>
    </message>
    <message>
        <source>This desk has not synced yet.</source>
        <translation>Это рабочее место ещё не синхронизировалось.</translation>
    </message>
</context>
<context>
    <name>VerdictBadge</name>
    <message>
        <source>Passes</source>
        <translation>Соответствует</translation>
    </message>
    <message>
        <source>Fails</source>
        <translation>Не соответствует</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Не проверен</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>Неполный</translation>
    </message>
</context>
<context>
    <name>WalkInPage</name>
    <message>
        <source>Child&apos;s &amp;IIN:</source>
        <translation>&amp;ИИН ребёнка:</translation>
    </message>
    <message>
        <source>Child&apos;s &amp;name:</source>
        <translation>&amp;ФИО ребёнка:</translation>
    </message>
    <message>
        <source>&amp;Born:</source>
        <translation>Дата &amp;рождения:</translation>
    </message>
    <message>
        <source>&amp;Parent&apos;s IIN:</source>
        <translation>ИИН &amp;родителя:</translation>
    </message>
    <message>
        <source>Phone &amp;1:</source>
        <translation>Телефон &amp;1:</translation>
    </message>
    <message>
        <source>Phone &amp;2:</source>
        <translation>Телефон &amp;2:</translation>
    </message>
    <message>
        <source>&amp;Kindergartens:</source>
        <translation>&amp;Детские сады:</translation>
    </message>
    <message>
        <source>Languages:</source>
        <translation>Языки:</translation>
    </message>
    <message>
        <source>N&amp;eed:</source>
        <translation>&amp;Потребность:</translation>
    </message>
    <message>
        <source>Bene&amp;fit:</source>
        <translation>&amp;Льгота:</translation>
    </message>
    <message>
        <source>S&amp;MS language:</source>
        <translation>Язык S&amp;MS:</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Ребёнок</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ИИН</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>In the queue since</source>
        <translation>В очереди с</translation>
    </message>
    <message>
        <source>Walk-in application</source>
        <translation>Личное обращение</translation>
    </message>
    <message>
        <source>A new application</source>
        <translation>Новое заявление</translation>
    </message>
    <message>
        <source>Registered at this desk</source>
        <translation>Зарегистрировано на этом рабочем месте</translation>
    </message>
    <message>
        <source>Surname, name, patronymic</source>
        <translation>Фамилия, имя, отчество</translation>
    </message>
    <message>
        <source>+7 7XX XXX XX XX</source>
        <translation>+7 7XX XXX XX XX</translation>
    </message>
    <message>
        <source>Optional: a second number</source>
        <translation>Необязательно: второй номер</translation>
    </message>
    <message>
        <source>name, number or address</source>
        <translation>название, номер или адрес</translation>
    </message>
    <message>
        <source>No benefit</source>
        <translation>Без льготы</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Зарегистрировать</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>Новое заявление</translation>
    </message>
    <message>
        <source>No walk-in applications yet. Register one with the form (Ctrl+S); it gets its number and queue time at the next sync.</source>
        <translation>Личных обращений пока нет. Зарегистрируйте заявление в форме (Ctrl+S); номер и время постановки в очередь оно получит при следующей синхронизации.</translation>
    </message>
    <message>
        <source>The district&apos;s kindergartens are not downloaded yet: sync once (F5) to choose from them. Until then only this kindergarten can be chosen.</source>
        <translation>Список детских садов района ещё не загружен: синхронизируйтесь один раз (F5), чтобы выбирать из него. До этого можно выбрать только этот детский сад.</translation>
    </message>
    <message>
        <source>No kindergartens to choose from yet: sync once (F5) to download the district&apos;s kindergartens.</source>
        <translation>Пока не из чего выбирать: синхронизируйтесь один раз (F5), чтобы загрузить детские сады района.</translation>
    </message>
    <message>
        <source>Choice {number}: no such kindergarten in the district&apos;s list. Type part of its name, number or address and pick it from the list (Enter).</source>
        <translation>Выбор {number}: такого детского сада нет в списке района. Введите часть названия, номера или адреса и выберите его из списка (Enter).</translation>
    </message>
    <message>
        <source>Type all 12 digits.</source>
        <translation>Введите все 12 цифр.</translation>
    </message>
    <message>
        <source>Valid IIN.</source>
        <translation>ИИН верный.</translation>
    </message>
    <message>
        <source>The IIN says {day}.</source>
        <translation>По ИИН: {day}.</translation>
    </message>
    <message>
        <source>Type the date as dd.mm.yyyy.</source>
        <translation>Введите дату в виде дд.мм.гггг.</translation>
    </message>
    <message>
        <source>Kept as {phone}</source>
        <translation>Сохранён как {phone}</translation>
    </message>
    <message>
        <source>{child} is registered. Waiting to sync: the number and the place in the queue come from the server at the next sync.</source>
        <translation>{child}: заявление зарегистрировано. Ожидает синхронизации: номер и место в очереди придут с сервера при следующей синхронизации.</translation>
    </message>
</context>
</TS>
