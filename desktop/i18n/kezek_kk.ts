<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong in the desk. Your saved work is safe. If it happens again, restart the desk; if it persists, tell your administrator.</source>
        <translation>Жұмыс орнында қате болды. Сақталған жұмысыңыз аман. Қайталанса, бағдарламаны қайта іске қосыңыз; қате кетпесе, әкімшіге хабарлаңыз.</translation>
    </message>
    <message>
        <source>Start a new profile “%1” now? The data come back from the server with the first sync; the old file is left as it is.</source>
        <translation>«%1» жаңа профилін қазір бастау керек пе? Деректер бірінші синхрондауда серверден қайтады; ескі файл сол күйінде қалады.</translation>
    </message>
    <message>
        <source>Try again now?</source>
        <translation>Қазір қайталау керек пе?</translation>
    </message>
    <message>
        <source>The desk will close now. Nothing was lost: the previous version of the desk still opens these data.</source>
        <translation>Бағдарлама қазір жабылады. Ештеңе жоғалған жоқ: бағдарламаның алдыңғы нұсқасы бұл деректерді әлі де ашады.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>When</source>
        <translation>Қашан</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кім</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Не</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Жазба</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Толығырақ</translation>
    </message>
    <message>
        <source>sync</source>
        <translation>синхрондау</translation>
    </message>
    <message>
        <source>account {id}</source>
        <translation>пайдаланушы {id}</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Аудит журналы</translation>
    </message>
    <message>
        <source>&amp;Record:</source>
        <translation>&amp;Жазба:</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>any</source>
        <translation>кез келген</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>Барлық жазбалар</translation>
    </message>
    <message>
        <source>Nothing recorded yet. Every view and change of a child&apos;s data appears here.</source>
        <translation>Әзірге ештеңе жазылмаған. Бала деректерін әрбір қарау мен өзгерту осында көрсетіледі.</translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) shown</source>
        <translation>
            <numerusform>%n жолдама көрсетілді</numerusform>
            <numerusform>%n жолдама көрсетілді</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren) shown</source>
        <translation>
            <numerusform>%n бала көрсетілді</numerusform>
            <numerusform>%n бала көрсетілді</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n walk-in(s) shown</source>
        <translation>
            <numerusform>%n тікелей өтініш көрсетілді</numerusform>
            <numerusform>%n тікелей өтініш көрсетілді</numerusform>
        </translation>
    </message>
    <message>
        <source>search by IIN</source>
        <translation>ЖСН бойынша іздеу</translation>
    </message>
    <message>
        <source>search by number</source>
        <translation>нөмір бойынша іздеу</translation>
    </message>
    <message>
        <source>search by name</source>
        <translation>аты-жөні бойынша іздеу</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s)</source>
        <translation>
            <numerusform>%n орын</numerusform>
            <numerusform>%n орын</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n өзгеріс</numerusform>
            <numerusform>%n өзгеріс</numerusform>
        </translation>
    </message>
    <message>
        <source>free from {day}</source>
        <translation>{day} бастап бос</translation>
    </message>
    <message>
        <source>visit of {day}</source>
        <translation>{day} күнгі келу</translation>
    </message>
    <message>
        <source>group: {name}</source>
        <translation>топ: {name}</translation>
    </message>
    <message>
        <source>place {id}</source>
        <translation>орын {id}</translation>
    </message>
    <message>
        <source>with the head&apos;s decision on vaccination</source>
        <translation>меңгерушінің екпе туралы шешімімен</translation>
    </message>
    <message>
        <source>kindergartens chosen: {ids}</source>
        <translation>таңдалған балабақшалар: {ids}</translation>
    </message>
    <message>
        <source>does not match: {documents}</source>
        <translation>сәйкес емес: {documents}</translation>
    </message>
    <message>
        <source>matches: {documents}</source>
        <translation>сәйкес: {documents}</translation>
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
        <translation>Баланың ЖСН:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Туған күні:</translation>
    </message>
    <message>
        <source>Type the 12 digits of the child&apos;s IIN on the certificate.</source>
        <translation>Куәліктегі баланың ЖСН-ін (12 цифр) енгізіңіз.</translation>
    </message>
    <message>
        <source>Type the birth date as dd.mm.yyyy.</source>
        <translation>Туған күнін кк.аа.жжжж түрінде енгізіңіз.</translation>
    </message>
</context>
<context>
    <name>ChildrenModel</name>
    <message>
        <source>Child</source>
        <translation>Бала</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ЖСН</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Туған күні</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Топ</translation>
    </message>
    <message>
        <source>Vaccination</source>
        <translation>Екпелер</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Қабылданған күні</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Шықты</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхрондау</translation>
    </message>
</context>
<context>
    <name>ChildrenPage</name>
    <message>
        <source>Children</source>
        <translation>Балалар</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Іздеу:</translation>
    </message>
    <message>
        <source>IIN or name</source>
        <translation>ЖСН немесе аты-жөні</translation>
    </message>
    <message>
        <source>&amp;Include children who left</source>
        <translation>&amp;Шыққан балаларды да көрсету</translation>
    </message>
    <message>
        <source>The selected child leaves</source>
        <translation>Таңдалған бала шығады</translation>
    </message>
    <message>
        <source>Left &amp;on:</source>
        <translation>&amp;Шыққан күні:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Себебі:</translation>
    </message>
    <message>
        <source>Moved to another kindergarten</source>
        <translation>Басқа балабақшаға ауысты</translation>
    </message>
    <message>
        <source>Went to school</source>
        <translation>Мектепке барды</translation>
    </message>
    <message>
        <source>The family moved away</source>
        <translation>Отбасы көшіп кетті</translation>
    </message>
    <message>
        <source>The parents&apos; decision</source>
        <translation>Ата-ананың шешімі</translation>
    </message>
    <message>
        <source>Health reasons</source>
        <translation>Денсаулығына байланысты</translation>
    </message>
    <message>
        <source>Record leaving</source>
        <translation>Шығуын тіркеу</translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren)</source>
        <translation>
            <numerusform>%n бала</numerusform>
            <numerusform>%n бала</numerusform>
        </translation>
    </message>
    <message>
        <source>No child matches “{query}”. Search by IIN or name.</source>
        <translation>«{query}» бойынша бала табылмады. ЖСН немесе аты-жөні бойынша іздеңіз.</translation>
    </message>
    <message>
        <source>No children yet. Children appear here when they are enrolled on the Document check page, or after a sync (F5).</source>
        <translation>Әзірге балалар жоқ. Балалар «Құжаттарды тексеру» бетінде қабылданғанда немесе синхрондаудан (F5) кейін осында пайда болады.</translation>
    </message>
    <message>
        <source>Record that {child} left on {day}?</source>
        <translation>{child} {day} шықты деп тіркеу керек пе?</translation>
    </message>
    <message>
        <source>{child} has left. The seat is free: publish it on the Groups and places page when you are ready. Waiting to sync.</source>
        <translation>{child} шықты. Орын бос: дайын болғанда оны «Топтар мен орындар» бетінде жариялаңыз. Синхрондауды күтуде.</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>What was attempted:</source>
        <translation>Не істелмек болды:</translation>
    </message>
    <message>
        <source>Why the server refused:</source>
        <translation>Сервер неге қабылдамады:</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Не істеу керек:</translation>
    </message>
    <message>
        <source>On the server now:</source>
        <translation>Қазір серверде:</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>Шешілді:</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Қабылданбады</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Өзгеріс</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Себебі</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Күйі</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>шешілді</translation>
    </message>
    <message>
        <source>to resolve</source>
        <translation>шешу керек</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Қайшылықтар</translation>
    </message>
    <message>
        <source>Show &amp;resolved ones</source>
        <translation>&amp;Шешілгендерін көрсету</translation>
    </message>
    <message>
        <source>The selected conflict</source>
        <translation>Таңдалған қайшылық</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ескертпе:</translation>
    </message>
    <message>
        <source>What you did about it (e.g. called the family, published again)</source>
        <translation>Бұл бойынша не істедіңіз (мысалы, отбасына қоңырау шалдыңыз, қайта жарияладыңыз)</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>Шешілді деп белгілеу</translation>
    </message>
    <message>
        <source>No conflicts. When the server refuses something recorded here, it appears here with the reason and what to do.</source>
        <translation>Қайшылықтар жоқ. Сервер осында жазылған бір нәрсені қабылдамаса, ол себебімен және не істеу керегімен осында шығады.</translation>
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
        <translation>әлі жоқ</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) in {group} free from {day}</source>
        <translation>
            <numerusform>{group}: {day} бастап бос %n орын</numerusform>
            <numerusform>{group}: {day} бастап бос %n орын</numerusform>
        </translation>
    </message>
    <message>
        <source>place {place}</source>
        <translation>{place} орны</translation>
    </message>
    <message>
        <source>referral {referral}, visit of {day}</source>
        <translation>{referral} жолдамасы, {day} келуі</translation>
    </message>
    <message>
        <source>referral {referral}, with the head&apos;s decision</source>
        <translation>{referral} жолдамасы, меңгерушінің шешімімен</translation>
    </message>
    <message>
        <source>referral {referral}</source>
        <translation>{referral} жолдамасы</translation>
    </message>
    <message>
        <source>child record {child}, left on {day}</source>
        <translation>{child} бала жазбасы, шыққан күні {day}</translation>
    </message>
    <message>
        <source>{entity} {id}: no longer here</source>
        <translation>{entity} {id}: енді жоқ</translation>
    </message>
    <message>
        <source>{entity} {label}: {status}</source>
        <translation>{entity} {label}: {status}</translation>
    </message>
    <message>
        <source>nothing that concerns it</source>
        <translation>оған қатысты ештеңе жоқ</translation>
    </message>
    <message>
        <source>The referral had lapsed on the server before this change arrived. Call the family: their application returns to the queue after the 10-day stop list.</source>
        <translation>Бұл өзгеріс келгенге дейін серверде жолдаманың мерзімі өтіп кеткен. Отбасына қоңырау шалыңыз: олардың өтініші 10 күндік тоқтату тізімінен кейін кезекке оралады.</translation>
    </message>
    <message>
        <source>The referral was already closed on the server. Check the family on the Referrals page before doing anything else.</source>
        <translation>Серверде жолдама жабылып қойған. Басқа әрекет жасамас бұрын «Жолдамалар» бетінде отбасын тексеріңіз.</translation>
    </message>
    <message>
        <source>The group has fewer free seats on the server. Look at Groups and places and publish again what is really free.</source>
        <translation>Серверде топта бос орын азырақ. «Топтар мен орындар» бетін қарап, шынымен бос орындарды қайта жариялаңыз.</translation>
    </message>
    <message>
        <source>No places are published in August. Publish them again from 1 September.</source>
        <translation>Тамызда орындар жарияланбайды. Оларды 1 қыркүйектен бастап қайта жариялаңыз.</translation>
    </message>
    <message>
        <source>A family was already offered this place, so it stays in the queue. Nothing to undo.</source>
        <translation>Бұл орын бір отбасына ұсынылып қойған, сондықтан ол кезекте қалады. Ештеңені қайтарудың қажеті жоқ.</translation>
    </message>
    <message>
        <source>The place is no longer free on the server. Nothing to undo.</source>
        <translation>Серверде бұл орын енді бос емес. Ештеңені қайтарудың қажеті жоқ.</translation>
    </message>
    <message>
        <source>The server did not accept the documents as checked. Check them again with the family, then enroll again.</source>
        <translation>Сервер құжаттарды тексерілген деп қабылдамады. Оларды отбасымен бірге қайта тексеріп, содан кейін қайта қабылдаңыз.</translation>
    </message>
    <message>
        <source>The epidemiological certificate was too old by then. Ask the family for a new one, check it, then enroll again.</source>
        <translation>Ол кезде эпидемиологиялық анықтаманың мерзімі өтіп кеткен. Отбасынан жаңасын сұрап, тексеріңіз, содан кейін қайта қабылдаңыз.</translation>
    </message>
    <message>
        <source>The group is over its share of unvaccinated children. Enroll again with the head&apos;s decision.</source>
        <translation>Топтағы екпе алмаған балалардың үлесі асып кетті. Меңгерушінің шешімімен қайта қабылдаңыз.</translation>
    </message>
    <message>
        <source>The child already has an application in the queue. Tell the family; nothing else to do.</source>
        <translation>Баланың кезекте өтініші бар. Отбасына хабарлаңыз; басқа ештеңе істеудің қажеті жоқ.</translation>
    </message>
    <message>
        <source>Only the head of the kindergarten may do this.</source>
        <translation>Мұны тек балабақша меңгерушісі жасай алады.</translation>
    </message>
    <message>
        <source>The server already has this child as left. Nothing to do.</source>
        <translation>Серверде бұл бала шыққан ретінде тіркеліп қойған. Ештеңе істеудің қажеті жоқ.</translation>
    </message>
    <message>
        <source>Look at what the server has now, do what is needed, then mark the conflict resolved with a note.</source>
        <translation>Серверде қазір не бар екенін қарап, қажетін істеңіз, содан кейін қайшылықты ескертпемен шешілді деп белгілеңіз.</translation>
    </message>
    <message>
        <source>Conflict resolved; your note is kept.</source>
        <translation>Қайшылық шешілді; ескертпеңіз сақталды.</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>dd.mm.yyyy</source>
        <translation>кк.аа.жжжж</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Sync cancelled; nothing is lost.</source>
        <translation>Синхрондау тоқтатылды; ештеңе жоғалған жоқ.</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 received, %3 conflicts.</source>
        <translation>Синхрондалды: %1 жіберілді, %2 алынды, %3 қайшылық.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Қосылуда…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Өзгерістер жіберілуде…</translation>
    </message>
    <message>
        <source>Downloading all data…</source>
        <translation>Барлық деректер жүктелуде…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Өзгерістер алынуда…</translation>
    </message>
    <message>
        <source>Updating the district&apos;s kindergartens…</source>
        <translation>Аудан балабақшаларының тізімі жаңартылуда…</translation>
    </message>
    <message>
        <source>No answer, retrying…</source>
        <translation>Жауап жоқ, қайталануда…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Дайын</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Қайта кіру</translation>
    </message>
    <message>
        <source>The server refused the saved sign-in (Ctrl+L)</source>
        <translation>Сервер сақталған кіруді қабылдамады (Ctrl+L)</translation>
    </message>
    <message>
        <source>Connection: checking…</source>
        <translation>Байланыс: тексерілуде…</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Желіде</translation>
    </message>
    <message>
        <source>○ Offline: working locally</source>
        <translation>○ Желіден тыс: осы компьютерде жұмыс</translation>
    </message>
    <message>
        <source>● Online: sign in again to sync</source>
        <translation>● Желіде: синхрондау үшін қайта кіріңіз</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Кіру орындалмаған</translation>
    </message>
    <message>
        <source>Cancel sync (Shift+F5)</source>
        <translation>Синхрондауды тоқтату (Shift+F5)</translation>
    </message>
    <message>
        <source>Sync (F5)</source>
        <translation>Синхрондау (F5)</translation>
    </message>
    <message>
        <source>Pending changes: %1</source>
        <translation>Жіберілмеген өзгерістер: %1</translation>
    </message>
    <message>
        <source>⚠ This computer&apos;s clock is %1 min ahead of the server&apos;s</source>
        <translation>⚠ Осы компьютердің сағаты серверден %1 мин алда</translation>
    </message>
    <message>
        <source>⚠ This computer&apos;s clock is %1 min behind the server&apos;s</source>
        <translation>⚠ Осы компьютердің сағаты серверден %1 мин артта</translation>
    </message>
    <message>
        <source>Deadlines are counted by the server&apos;s clock; set this computer&apos;s date and time correctly.</source>
        <translation>Мерзімдер сервердің сағаты бойынша есептеледі; осы компьютердің күні мен уақытын дұрыстап қойыңыз.</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Әлі синхрондалмаған</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Соңғы синхрондау: %1</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Yes</source>
        <translation>Иә</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Жоқ</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Жарайды</translation>
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
        <translation>Бала:</translation>
    </message>
    <message>
        <source>Child&apos;s IIN:</source>
        <translation>Баланың ЖСН:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Туған күні:</translation>
    </message>
    <message>
        <source>Parent&apos;s IIN:</source>
        <translation>Ата-ананың ЖСН:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Телефондар:</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Топ:</translation>
    </message>
    <message>
        <source>Referral:</source>
        <translation>Жолдама:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Жарамдылық мерзімі:</translation>
    </message>
    <message>
        <source>Working days left:</source>
        <translation>Қалған жұмыс күндері:</translation>
    </message>
    <message>
        <source>Postponed until:</source>
        <translation>Шегерілген күн:</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Құжаттарды тексеру</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Отбасы</translation>
    </message>
    <message>
        <source>&amp;Visit date:</source>
        <translation>&amp;Келген күні:</translation>
    </message>
    <message>
        <source>The day the family brought the documents (today).</source>
        <translation>Отбасы құжаттарды әкелген күн (бүгін).</translation>
    </message>
    <message>
        <source>&amp;Save check</source>
        <translation>Тексеруді &amp;сақтау</translation>
    </message>
    <message>
        <source>&amp;Enroll</source>
        <translation>&amp;Қабылдау</translation>
    </message>
    <message>
        <source>No family open. Find the family by IIN (Ctrl+F), or choose a referral on the Referrals page and press Enter.</source>
        <translation>Отбасы ашылмаған. Отбасын ЖСН бойынша табыңыз (Ctrl+F) немесе «Жолдамалар» бетінде жолдаманы таңдап, Enter басыңыз.</translation>
    </message>
    <message>
        <source>{number} ({status})</source>
        <translation>{number} ({status})</translation>
    </message>
    <message>
        <source>no</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Әзірге ештеңе жазылмаған.</translation>
    </message>
    <message>
        <source>Recorded {day}: passes.</source>
        <translation>{day} жазылды: сәйкес.</translation>
    </message>
    <message>
        <source>Recorded {day}: fails.</source>
        <translation>{day} жазылды: сәйкес емес.</translation>
    </message>
    <message>
        <source>The visit date is today or an earlier day of this referral (dd.mm.yyyy).</source>
        <translation>Келген күні — бүгін немесе осы жолдаманың ертерек күні (кк.аа.жжжж).</translation>
    </message>
    <message>
        <source>Type a valid visit date first.</source>
        <translation>Алдымен дұрыс келген күнін енгізіңіз.</translation>
    </message>
    <message>
        <source>Matches the application.</source>
        <translation>Өтінішпен сәйкес келеді.</translation>
    </message>
    <message>
        <source>Not brought yet.</source>
        <translation>Әлі әкелінбеген.</translation>
    </message>
    <message>
        <source>Passed at a visit; not needed again.</source>
        <translation>Бұрынғы келуде тексерілді; қайта қажет емес.</translation>
    </message>
    <message>
        <source>This child is enrolled.</source>
        <translation>Бұл бала қабылданған.</translation>
    </message>
    <message>
        <source>Check saved: every document passes.</source>
        <translation>Тексеру сақталды: барлық құжат сәйкес.</translation>
    </message>
    <message numerus="yes">
        <source>Check saved. %n document(s) do not pass: the family can bring corrected ones while the referral is valid.</source>
        <translation>
            <numerusform>Тексеру сақталды. %n құжат сәйкес емес: жолдама жарамды кезде отбасы түзетілгендерін әкеле алады.</numerusform>
            <numerusform>Тексеру сақталды. %n құжат сәйкес емес: жолдама жарамды кезде отбасы түзетілгендерін әкеле алады.</numerusform>
        </translation>
    </message>
    <message>
        <source>{child} is enrolled in {group}. Waiting to sync.</source>
        <translation>{child} қабылданды: {group}. Синхрондауды күтуде.</translation>
    </message>
    <message>
        <source>Not enrolled: the head&apos;s decision is needed (R21).</source>
        <translation>Қабылданбады: меңгерушінің шешімі қажет (R21).</translation>
    </message>
</context>
<context>
    <name>DocumentForm</name>
    <message>
        <source>Number:</source>
        <translation>Нөмірі:</translation>
    </message>
</context>
<context>
    <name>EpidCertificateForm</name>
    <message>
        <source>Issued on:</source>
        <translation>Берілген күні:</translation>
    </message>
    <message>
        <source>Type the issue date as dd.mm.yyyy.</source>
        <translation>Берілген күнін кк.аа.жжжж түрінде енгізіңіз.</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Sign in again</source>
        <translation>Қайта кіру</translation>
    </message>
    <message>
        <source>The server did not accept the saved sign-in. Enter the password to sync again; the data and unsent work on this computer are kept.</source>
        <translation>Сервер сақталған кіруді қабылдамады. Қайта синхрондау үшін құпия сөзді енгізіңіз; осы компьютердегі деректер мен жіберілмеген жұмыс сақталады.</translation>
    </message>
    <message>
        <source>Welcome to Kezek</source>
        <translation>Kezek-ке қош келдіңіз</translation>
    </message>
    <message>
        <source>Connect this desk to your kindergarten. Sign in once with the head&apos;s or staff account; afterwards the desk works without the Internet and needs the server only to sync.</source>
        <translation>Осы жұмыс орнын балабақшаңызға қосыңыз. Меңгерушінің немесе қызметкердің есептік жазбасымен бір рет кіріңіз; кейін жұмыс орны интернетсіз жұмыс істейді, сервер тек синхрондау үшін қажет.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Тіл:</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>&amp;Сервер мекенжайы:</translation>
    </message>
    <message>
        <source>e.g. https://kezek.example.kz</source>
        <translation>мысалы, https://kezek.example.kz</translation>
    </message>
    <message>
        <source>L&amp;ogin:</source>
        <translation>Ло&amp;гин:</translation>
    </message>
    <message>
        <source>head or staff account</source>
        <translation>меңгерушінің немесе қызметкердің есептік жазбасы</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Құпия сөз:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Шығу</translation>
    </message>
    <message>
        <source>Continue without data</source>
        <translation>Деректерсіз жалғастыру</translation>
    </message>
    <message>
        <source>Sync again</source>
        <translation>Қайта синхрондау</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Кіру</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Кіру орындалуда…</translation>
    </message>
    <message>
        <source>Downloading the kindergarten&apos;s data…</source>
        <translation>Балабақша деректері жүктелуде…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Қосылуда…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Өзгерістер жіберілуде…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Өзгерістер алынуда…</translation>
    </message>
    <message>
        <source>Updating the district&apos;s kindergartens…</source>
        <translation>Аудан балабақшаларының тізімі жаңартылуда…</translation>
    </message>
    <message>
        <source>No answer, retrying…</source>
        <translation>Жауап жоқ, қайталануда…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Дайын</translation>
    </message>
    <message>
        <source>Fill in the server address, the login and the password.</source>
        <translation>Сервер мекенжайын, логинді және құпия сөзді толтырыңыз.</translation>
    </message>
    <message>
        <source>This is not a server address. Enter it like https://kezek.example.kz.</source>
        <translation>Бұл сервер мекенжайы емес. Оны https://kezek.example.kz сияқты енгізіңіз.</translation>
    </message>
    <message>
        <source>The server %1 does not answer. Check the address and the Internet connection, then try again.</source>
        <translation>%1 сервері жауап бермейді. Мекенжай мен интернет байланысын тексеріп, қайталаңыз.</translation>
    </message>
    <message>
        <source>This account is not a kindergarten head&apos;s or staff account. Sign in with your kindergarten&apos;s desk account.</source>
        <translation>Бұл балабақша меңгерушісінің немесе қызметкерінің есептік жазбасы емес. Балабақшаңыздың жұмыс орны есептік жазбасымен кіріңіз.</translation>
    </message>
    <message>
        <source>The server answered with an error. Try again later or ask your administrator.</source>
        <translation>Сервер қатемен жауап берді. Кейінірек қайталаңыз немесе әкімшіге хабарласыңыз.</translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <source>Group</source>
        <translation>Топ</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Жасы</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Тілі</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Сыйымдылығы</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Балалар</translation>
    </message>
    <message>
        <source>Unvaccinated</source>
        <translation>Екпе алмаған</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Жарияланды</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Бос</translation>
    </message>
    <message>
        <source>Can publish</source>
        <translation>Жариялауға болады</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхрондау</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Орын</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Free from</source>
        <translation>Бос болатын күні</translation>
    </message>
    <message>
        <source>Groups and places</source>
        <translation>Топтар мен орындар</translation>
    </message>
    <message>
        <source>Publish free places in the selected group</source>
        <translation>Таңдалған топта бос орындарды жариялау</translation>
    </message>
    <message>
        <source>&amp;Places:</source>
        <translation>&amp;Орындар:</translation>
    </message>
    <message>
        <source>Free &amp;from:</source>
        <translation>&amp;Бос болатын күні:</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Жариялау</translation>
    </message>
    <message>
        <source>&amp;Withdraw the place</source>
        <translation>Орынды &amp;кері қайтару</translation>
    </message>
    <message>
        <source>No groups yet — sync (F5) to receive them from the server.</source>
        <translation>Әзірге топтар жоқ — оларды серверден алу үшін синхрондаңыз (F5).</translation>
    </message>
    <message>
        <source>No places published in this group. Publish free places above (Ctrl+P).</source>
        <translation>Бұл топта жарияланған орындар жоқ. Бос орындарды жоғарыда жариялаңыз (Ctrl+P).</translation>
    </message>
    <message>
        <source>Open places</source>
        <translation>Ашық орындар</translation>
    </message>
    <message>
        <source>Open places of {group}</source>
        <translation>Ашық орындар: {group}</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) published in {group} from {day}. Waiting to sync: the server offers them to the queue then.</source>
        <translation>
            <numerusform>{group}: {day} бастап %n орын жарияланды. Синхрондауды күтуде: сервер содан кейін оларды кезекке ұсынады.</numerusform>
            <numerusform>{group}: {day} бастап %n орын жарияланды. Синхрондауды күтуде: сервер содан кейін оларды кезекке ұсынады.</numerusform>
        </translation>
    </message>
    <message>
        <source>Withdraw place {place}? It leaves the queue at the next sync.</source>
        <translation>{place} орнын кері қайтару керек пе? Ол келесі синхрондауда кезектен шығады.</translation>
    </message>
    <message>
        <source>Place {place} withdrawn. Waiting to sync.</source>
        <translation>{place} орны кері қайтарылды. Синхрондауды күтуде.</translation>
    </message>
</context>
<context>
    <name>HeadDecisionDialog</name>
    <message>
        <source>The head&apos;s decision</source>
        <translation>Меңгерушінің шешімі</translation>
    </message>
    <message>
        <source>Write the head&apos;s decision (who decided and why). It is recorded with the enrollment. Ctrl+Enter: enroll with it; Esc: cancel.</source>
        <translation>Меңгерушінің шешімін жазыңыз (кім және неге шешті). Ол қабылдаумен бірге жазылады. Ctrl+Enter: осы шешіммен қабылдау; Esc: бас тарту.</translation>
    </message>
    <message>
        <source>Enroll with this decision</source>
        <translation>Осы шешіммен қабылдау</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
</context>
<context>
    <name>HealthPassportForm</name>
    <message>
        <source>Vaccinations:</source>
        <translation>Екпелер:</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— таңдаңыз —</translation>
    </message>
    <message>
        <source>Choose the vaccination status in the passport.</source>
        <translation>Паспорттағы екпе жағдайын таңдаңыз.</translation>
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
        <translation>Kezek — балабақшаның жұмыс орны</translation>
    </message>
    <message>
        <source>&amp;IIN (Ctrl+F):</source>
        <translation>&amp;ЖСН (Ctrl+F):</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>Type or scan an IIN anywhere in the window to find the family</source>
        <translation>Отбасын табу үшін терезенің кез келген жерінде ЖСН-ді теріңіз немесе сканерлеңіз</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Беттер</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Жұмыс орны</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Өту</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Тіл</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Анықтама</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Қазір &amp;синхрондау</translation>
    </message>
    <message>
        <source>&amp;Cancel sync</source>
        <translation>Синхрондауды &amp;тоқтату</translation>
    </message>
    <message>
        <source>&amp;Find by IIN</source>
        <translation>ЖСН бойынша &amp;табу</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>Қайта &amp;кіру…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Шығу</translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation>&amp;Келесі бет</translation>
    </message>
    <message>
        <source>&amp;Previous page</source>
        <translation>&amp;Алдыңғы бет</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Пернетақта тіркесімдері</translation>
    </message>
    <message>
        <source>&amp;About Kezek</source>
        <translation>Kezek &amp;туралы</translation>
    </message>
    <message>
        <source>No referral or child with IIN %1 here. A family without a referral can be registered on the Walk-in page.</source>
        <translation>Мұнда %1 ЖСН-і бар жолдама да, бала да жоқ. Жолдамасыз отбасын «Тікелей өтініш» бетінде тіркеуге болады.</translation>
    </message>
    <message>
        <source>Type or scan 12 digits anywhere: find the family by IIN</source>
        <translation>Кез келген жерде 12 цифрды теріңіз немесе сканерлеңіз: отбасын ЖСН бойынша табу</translation>
    </message>
    <message>
        <source>Ctrl+F or F3: the IIN field</source>
        <translation>Ctrl+F немесе F3: ЖСН өрісі</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+9: pages; Ctrl+PgUp / Ctrl+PgDown: previous / next</source>
        <translation>Ctrl+1 … Ctrl+9: беттер; Ctrl+PgUp / Ctrl+PgDown: алдыңғы / келесі</translation>
    </message>
    <message>
        <source>F5: sync now; Shift+F5: cancel the sync</source>
        <translation>F5: қазір синхрондау; Shift+F5: синхрондауды тоқтату</translation>
    </message>
    <message>
        <source>Ctrl+L: sign in again</source>
        <translation>Ctrl+L: қайта кіру</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K / R / E: Kazakh / Russian / English</source>
        <translation>Ctrl+Shift+K / R / E: қазақша / орысша / ағылшынша</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab: next / previous field; Enter: the main action</source>
        <translation>Tab / Shift+Tab: келесі / алдыңғы өріс; Enter: негізгі әрекет</translation>
    </message>
    <message>
        <source>Ctrl+Q: quit</source>
        <translation>Ctrl+Q: шығу</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Пернетақта тіркесімдері</translation>
    </message>
    <message>
        <source>Kezek: the kindergarten e-queue desk. Works offline; the server is needed only to sync.</source>
        <translation>Kezek: балабақшаға электрондық кезектің жұмыс орны. Желісіз жұмыс істейді; сервер тек синхрондау үшін қажет.</translation>
    </message>
    <message>
        <source>About Kezek</source>
        <translation>Kezek туралы</translation>
    </message>
</context>
<context>
    <name>ParentIdForm</name>
    <message>
        <source>IIN:</source>
        <translation>ЖСН:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Жарамдылық мерзімі:</translation>
    </message>
    <message>
        <source>Leave empty when the document has no expiry date.</source>
        <translation>Құжаттың жарамдылық мерзімі болмаса, бос қалдырыңыз.</translation>
    </message>
    <message>
        <source>Type the 12 digits of the IIN on the document.</source>
        <translation>Құжаттағы ЖСН-нің 12 цифрын енгізіңіз.</translation>
    </message>
    <message>
        <source>Type the expiry date as dd.mm.yyyy, or leave it empty when there is none.</source>
        <translation>Жарамдылық мерзімін кк.аа.жжжж түрінде енгізіңіз немесе ол болмаса, бос қалдырыңыз.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase of the local data</source>
        <translation>Жергілікті деректердің құпия фразасы</translation>
    </message>
    <message>
        <source>This computer has no secure keyring, so the children&apos;s data on it are protected by a passphrase. Choose one of at least %1 characters and keep it safe: a forgotten passphrase cannot be recovered (the data then come back only by a sync).</source>
        <translation>Бұл компьютерде қорғалған кілттер қоймасы жоқ, сондықтан ондағы балалардың деректері құпия фразамен қорғалады. Кемінде %1 таңбадан тұратын фраза таңдап, оны сенімді жерде сақтаңыз: ұмытылған құпия фразаны қалпына келтіру мүмкін емес (деректер тек синхрондау арқылы қайтады).</translation>
    </message>
    <message>
        <source>Enter the passphrase of the local data (profile %1).</source>
        <translation>Жергілікті деректердің құпия фразасын енгізіңіз (%1 профилі).</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Құпия фраза:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Қайталаңыз:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>The passphrase must have at least %1 characters.</source>
        <translation>Құпия фраза кемінде %1 таңбадан тұруы керек.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type them again.</source>
        <translation>Екі құпия фраза әртүрлі. Оларды қайта теріңіз.</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Құпия фразаны енгізіңіз.</translation>
    </message>
</context>
<context>
    <name>PendingBadge</name>
    <message>
        <source>Waiting to sync</source>
        <translation>Синхрондауды күтуде</translation>
    </message>
    <message>
        <source>Recorded on this computer; the server gets it at the next sync.</source>
        <translation>Осы компьютерде жазылды; сервер оны келесі синхрондауда алады.</translation>
    </message>
</context>
<context>
    <name>ReferralsModel</name>
    <message>
        <source>Number</source>
        <translation>Нөмірі</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Бала</translation>
    </message>
    <message>
        <source>Child&apos;s IIN</source>
        <translation>Баланың ЖСН</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Туған күні</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Топ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Жарамдылық мерзімі</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Қалған күн</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхрондау</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <source>Referrals</source>
        <translation>Жолдамалар</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Іздеу:</translation>
    </message>
    <message>
        <source>IIN, referral or application number, or name</source>
        <translation>ЖСН, жолдама не өтініш нөмірі немесе аты-жөні</translation>
    </message>
    <message>
        <source>S&amp;ort:</source>
        <translation>&amp;Сұрыптау:</translation>
    </message>
    <message>
        <source>Deadline: soonest first</source>
        <translation>Ең жақын мерзім</translation>
    </message>
    <message>
        <source>Deadline: latest first</source>
        <translation>Ең кеш мерзім</translation>
    </message>
    <message>
        <source>Issued: newest first</source>
        <translation>Жаңа берілгендер</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Нөмірі</translation>
    </message>
    <message>
        <source>Child&apos;s name: A to Z</source>
        <translation>Аты-жөні: А → Я</translation>
    </message>
    <message>
        <source>Child&apos;s name: Z to A</source>
        <translation>Аты-жөні: Я → А</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Open in Document check</source>
        <translation>Құжаттарды тексеруде ашу</translation>
    </message>
    <message>
        <source>Enter: check this family&apos;s documents</source>
        <translation>Enter: осы отбасының құжаттарын тексеру</translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s)</source>
        <translation>
            <numerusform>%n жолдама</numerusform>
            <numerusform>%n жолдама</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Search by IIN, referral or application number, or the child&apos;s name.</source>
        <translation>«{query}» бойынша ештеңе табылмады. ЖСН, жолдама не өтініш нөмірі немесе баланың аты бойынша іздеңіз.</translation>
    </message>
    <message>
        <source>No referrals yet — sync (F5) to receive them from the server.</source>
        <translation>Әзірге жолдамалар жоқ — оларды серверден алу үшін синхрондаңыз (F5).</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Recorded</source>
        <translation>Жазылды</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Өзгеріс</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Әрекеттер</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>Соңғы ақау</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Жіберілді</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Қолданылды</translation>
    </message>
    <message>
        <source>Already there</source>
        <translation>Бұрыннан бар</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Қабылданбады</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Алынды</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Басталды</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Нәтиже</translation>
    </message>
    <message>
        <source>Full copy</source>
        <translation>Толық көшірме</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>иә</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Ақау</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхрондау</translation>
    </message>
    <message>
        <source>Sync now (F5)</source>
        <translation>Қазір синхрондау (F5)</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Жіберуді күтуде</translation>
    </message>
    <message>
        <source>Syncs</source>
        <translation>Синхрондаулар</translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the server has everything recorded here.</source>
        <translation>Жіберуді күтіп тұрған ештеңе жоқ: осында жазылғанның бәрі серверде бар.</translation>
    </message>
    <message>
        <source>This desk has not synced yet. Press F5 to sync now.</source>
        <translation>Бұл жұмыс орны әлі синхрондалмаған. Қазір синхрондау үшін F5 басыңыз.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait to be sent.</source>
        <translation>
            <numerusform>%n өзгеріс жіберуді күтуде.</numerusform>
            <numerusform>%n өзгеріс жіберуді күтуде.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything recorded here is on the server.</source>
        <translation>Осында жазылғанның бәрі серверде.</translation>
    </message>
    <message>
        <source>Last successful sync: {moment}.</source>
        <translation>Соңғы сәтті синхрондау: {moment}.</translation>
    </message>
    <message>
        <source>Syncing is available in the desk window.</source>
        <translation>Синхрондау жұмыс орнының терезесінде қолжетімді.</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Active</source>
        <translation>Белсенді</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Шегерілді</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Қабылданды</translation>
    </message>
    <message>
        <source>Lapsed</source>
        <translation>Мерзімі өтті</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Күшін жойды</translation>
    </message>
    <message>
        <source>Waiting to sync</source>
        <translation>Синхрондауды күтуде</translation>
    </message>
    <message>
        <source>In the queue</source>
        <translation>Кезекте</translation>
    </message>
    <message>
        <source>Offered a place</source>
        <translation>Орын ұсынылды</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Жолдама берілді</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Тоқтатылды</translation>
    </message>
    <message>
        <source>Stop list</source>
        <translation>Тоқтату тізімі</translation>
    </message>
    <message>
        <source>Benefit being confirmed</source>
        <translation>Жеңілдік расталуда</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Кері қайтарылды</translation>
    </message>
    <message>
        <source>Aged out</source>
        <translation>Жасы асып кетті</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Жабылды</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Бос</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Ұсынылды</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Брондалды</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Толтырылды</translation>
    </message>
    <message>
        <source>Parent&apos;s identity document</source>
        <translation>Ата-ананың жеке куәлігі</translation>
    </message>
    <message>
        <source>Birth certificate</source>
        <translation>Туу туралы куәлік</translation>
    </message>
    <message>
        <source>Epidemiological certificate</source>
        <translation>Эпидемиологиялық анықтама</translation>
    </message>
    <message>
        <source>Health passport</source>
        <translation>Денсаулық паспорты</translation>
    </message>
    <message>
        <source>Vaccinated</source>
        <translation>Екпе алған</translation>
    </message>
    <message>
        <source>Not fully vaccinated</source>
        <translation>Екпелері толық емес</translation>
    </message>
    <message>
        <source>Medical exemption</source>
        <translation>Медициналық қарсы көрсетілім</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Жалпы</translation>
    </message>
    <message>
        <source>Correctional</source>
        <translation>Түзету</translation>
    </message>
    <message>
        <source>Sanatorium</source>
        <translation>Санаторлық</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>Қазақ тілі</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Орыс тілі</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Ағылшын тілі</translation>
    </message>
    <message>
        <source>Early (1)</source>
        <translation>Бөбекжай (1)</translation>
    </message>
    <message>
        <source>Junior (2)</source>
        <translation>Кіші (2)</translation>
    </message>
    <message>
        <source>Middle (3)</source>
        <translation>Ортаңғы (3)</translation>
    </message>
    <message>
        <source>Senior (4)</source>
        <translation>Ересек (4)</translation>
    </message>
    <message>
        <source>Pre-school (5)</source>
        <translation>Мектепалды (5)</translation>
    </message>
    <message>
        <source>Military family</source>
        <translation>Әскери қызметшінің отбасы</translation>
    </message>
    <message>
        <source>Special state body family</source>
        <translation>Арнаулы мемлекеттік орган қызметкерінің отбасы</translation>
    </message>
    <message>
        <source>Parent fell in service</source>
        <translation>Ата-анасы қызметте қаза тапқан</translation>
    </message>
    <message>
        <source>Parent with a disability</source>
        <translation>Мүгедектігі бар ата-ана</translation>
    </message>
    <message>
        <source>Without parental care</source>
        <translation>Ата-ана қамқорлығынсыз</translation>
    </message>
    <message>
        <source>Orphan</source>
        <translation>Жетім</translation>
    </message>
    <message>
        <source>Large family</source>
        <translation>Көп балалы отбасы</translation>
    </message>
    <message>
        <source>Special educational needs</source>
        <translation>Ерекше білім беру қажеттіліктері</translation>
    </message>
    <message>
        <source>Publish places</source>
        <translation>Орындарды жариялау</translation>
    </message>
    <message>
        <source>Withdraw a place</source>
        <translation>Орынды кері қайтару</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Құжаттарды тексеру</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>Қабылдау</translation>
    </message>
    <message>
        <source>Child leaving</source>
        <translation>Баланың шығуы</translation>
    </message>
    <message>
        <source>Walk-in application</source>
        <translation>Тікелей өтініш</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Дайын</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Сәтсіз</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Жүріп жатыр</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Жолдама</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Бала</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Топ</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Орын</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Қайшылық</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Өтініш</translation>
    </message>
    <message>
        <source>Kindergarten</source>
        <translation>Балабақша</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Жүйеге кірді</translation>
    </message>
    <message>
        <source>Published places</source>
        <translation>Орындарды жариялады</translation>
    </message>
    <message>
        <source>Withdrew a place</source>
        <translation>Орынды кері қайтарды</translation>
    </message>
    <message>
        <source>Checked documents</source>
        <translation>Құжаттарды тексерді</translation>
    </message>
    <message>
        <source>Enrolled a child</source>
        <translation>Баланы қабылдады</translation>
    </message>
    <message>
        <source>Recorded a child leaving</source>
        <translation>Баланың шығуын тіркеді</translation>
    </message>
    <message>
        <source>Registered a walk-in</source>
        <translation>Тікелей өтінішті тіркеді</translation>
    </message>
    <message>
        <source>Resolved a conflict</source>
        <translation>Қайшылықты шешті</translation>
    </message>
    <message>
        <source>Server refused a change</source>
        <translation>Сервер өзгерісті қабылдамады</translation>
    </message>
    <message>
        <source>Viewed the referral list</source>
        <translation>Жолдамалар тізімін қарады</translation>
    </message>
    <message>
        <source>Viewed a referral</source>
        <translation>Жолдаманы қарады</translation>
    </message>
    <message>
        <source>Viewed the children list</source>
        <translation>Балалар тізімін қарады</translation>
    </message>
    <message>
        <source>Viewed a child</source>
        <translation>Баланың деректерін қарады</translation>
    </message>
    <message>
        <source>Viewed walk-ins</source>
        <translation>Тікелей өтініштерді қарады</translation>
    </message>
    <message>
        <source>Queued changes again for the server</source>
        <translation>Өзгерістерді серверге қайта кезекке қойды</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Child</source>
        <translation>Бала</translation>
    </message>
    <message>
        <source>Child&apos;s IIN</source>
        <translation>Баланың ЖСН</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Жолдама</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Топ</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Жарамдылық мерзімі</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>Қалған жұмыс күндері</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхрондау</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Сыйымдылығы</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Балалар</translation>
    </message>
    <message>
        <source>Published, free</source>
        <translation>Жарияланған, бос</translation>
    </message>
    <message>
        <source>Can publish</source>
        <translation>Жариялауға болады</translation>
    </message>
    <message>
        <source>last day</source>
        <translation>соңғы күн</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Бүгін</translation>
    </message>
    <message>
        <source>Families expected</source>
        <translation>Күтілетін отбасылар</translation>
    </message>
    <message>
        <source>Places by group</source>
        <translation>Топтар бойынша орындар</translation>
    </message>
    <message>
        <source>Work to finish</source>
        <translation>Аяқталатын жұмыс</translation>
    </message>
    <message>
        <source>Open &amp;conflicts</source>
        <translation>&amp;Қайшылықтарды ашу</translation>
    </message>
    <message>
        <source>Check this family&apos;s documents</source>
        <translation>Осы отбасының құжаттарын тексеру</translation>
    </message>
    <message>
        <source>Enter: check this family&apos;s documents</source>
        <translation>Enter: осы отбасының құжаттарын тексеру</translation>
    </message>
    <message>
        <source>No families are expected: there is no live referral. New referrals arrive with a sync (F5).</source>
        <translation>Күтілетін отбасылар жоқ: жарамды жолдама жоқ. Жаңа жолдамалар синхрондаумен келеді (F5).</translation>
    </message>
    <message>
        <source>No groups yet — sync (F5) to receive them from the server.</source>
        <translation>Әзірге топтар жоқ — оларды серверден алу үшін синхрондаңыз (F5).</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>Бүгін, {day}</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) refused by the server need a decision.</source>
        <translation>
            <numerusform>Сервер қабылдамаған %n өзгеріс шешімді қажет етеді.</numerusform>
            <numerusform>Сервер қабылдамаған %n өзгеріс шешімді қажет етеді.</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>Қайшылықтар жоқ.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) recorded here wait for the next sync (F5).</source>
        <translation>
            <numerusform>Осында жазылған %n өзгеріс келесі синхрондауды күтуде (F5).</numerusform>
            <numerusform>Осында жазылған %n өзгеріс келесі синхрондауды күтуде (F5).</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the server has all of this desk&apos;s work.</source>
        <translation>Жіберуді күтіп тұрған ештеңе жоқ: осы жұмыс орнының барлық жұмысы серверде.</translation>
    </message>
    <message>
        <source>Last sync: {moment}</source>
        <translation>Соңғы синхрондау: {moment}</translation>
    </message>
    <message>
        <source>This desk has not synced yet.</source>
        <translation>Бұл жұмыс орны әлі синхрондалмаған.</translation>
    </message>
</context>
<context>
    <name>VerdictBadge</name>
    <message>
        <source>Passes</source>
        <translation>Сәйкес</translation>
    </message>
    <message>
        <source>Fails</source>
        <translation>Сәйкес емес</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Тексерілмеген</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>Толық емес</translation>
    </message>
</context>
<context>
    <name>WalkInPage</name>
    <message>
        <source>Child&apos;s &amp;IIN:</source>
        <translation>Баланың &amp;ЖСН:</translation>
    </message>
    <message>
        <source>Child&apos;s &amp;name:</source>
        <translation>Баланың &amp;аты-жөні:</translation>
    </message>
    <message>
        <source>&amp;Born:</source>
        <translation>&amp;Туған күні:</translation>
    </message>
    <message>
        <source>&amp;Parent&apos;s IIN:</source>
        <translation>&amp;Ата-ананың ЖСН:</translation>
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
        <translation>&amp;Балабақшалар:</translation>
    </message>
    <message>
        <source>Languages:</source>
        <translation>Тілдер:</translation>
    </message>
    <message>
        <source>N&amp;eed:</source>
        <translation>&amp;Қажеттілік:</translation>
    </message>
    <message>
        <source>Bene&amp;fit:</source>
        <translation>&amp;Жеңілдік:</translation>
    </message>
    <message>
        <source>S&amp;MS language:</source>
        <translation>S&amp;MS тілі:</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Бала</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ЖСН</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Нөмірі</translation>
    </message>
    <message>
        <source>In the queue since</source>
        <translation>Кезекте тұрған күні</translation>
    </message>
    <message>
        <source>Walk-in application</source>
        <translation>Тікелей өтініш</translation>
    </message>
    <message>
        <source>A new application</source>
        <translation>Жаңа өтініш</translation>
    </message>
    <message>
        <source>Registered at this desk</source>
        <translation>Осы жұмыс орнында тіркелген</translation>
    </message>
    <message>
        <source>Surname, name, patronymic</source>
        <translation>Тегі, аты, әкесінің аты</translation>
    </message>
    <message>
        <source>+7 7XX XXX XX XX</source>
        <translation>+7 7XX XXX XX XX</translation>
    </message>
    <message>
        <source>Optional: a second number</source>
        <translation>Міндетті емес: екінші нөмір</translation>
    </message>
    <message>
        <source>name, number or address</source>
        <translation>атауы, нөмірі немесе мекенжайы</translation>
    </message>
    <message>
        <source>No benefit</source>
        <translation>Жеңілдік жоқ</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Тіркеу</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>Жаңа өтініш</translation>
    </message>
    <message>
        <source>No walk-in applications yet. Register one with the form (Ctrl+S); it gets its number and queue time at the next sync.</source>
        <translation>Әзірге тікелей өтініштер жоқ. Оны формамен тіркеңіз (Ctrl+S); нөмірі мен кезекке тұрған уақыты келесі синхрондауда беріледі.</translation>
    </message>
    <message>
        <source>The district&apos;s kindergartens are not downloaded yet: sync once (F5) to choose from them. Until then only this kindergarten can be chosen.</source>
        <translation>Аудан балабақшаларының тізімі әлі жүктелмеген: одан таңдау үшін бір рет синхрондаңыз (F5). Оған дейін тек осы балабақшаны таңдауға болады.</translation>
    </message>
    <message>
        <source>No kindergartens to choose from yet: sync once (F5) to download the district&apos;s kindergartens.</source>
        <translation>Әзірге таңдайтын балабақша жоқ: аудан балабақшаларын жүктеу үшін бір рет синхрондаңыз (F5).</translation>
    </message>
    <message>
        <source>Choice {number}: no such kindergarten in the district&apos;s list. Type part of its name, number or address and pick it from the list (Enter).</source>
        <translation>{number}-таңдау: аудан тізімінде мұндай балабақша жоқ. Атауының, нөмірінің немесе мекенжайының бір бөлігін жазып, оны тізімнен таңдаңыз (Enter).</translation>
    </message>
    <message>
        <source>Type all 12 digits.</source>
        <translation>Барлық 12 цифрды теріңіз.</translation>
    </message>
    <message>
        <source>Valid IIN.</source>
        <translation>ЖСН дұрыс.</translation>
    </message>
    <message>
        <source>The IIN says {day}.</source>
        <translation>ЖСН бойынша: {day}.</translation>
    </message>
    <message>
        <source>Type the date as dd.mm.yyyy.</source>
        <translation>Күнді кк.аа.жжжж түрінде енгізіңіз.</translation>
    </message>
    <message>
        <source>Kept as {phone}</source>
        <translation>{phone} ретінде сақталды</translation>
    </message>
    <message>
        <source>{child} is registered. Waiting to sync: the number and the place in the queue come from the server at the next sync.</source>
        <translation>{child} тіркелді. Синхрондауды күтуде: нөмір мен кезектегі орын келесі синхрондауда серверден келеді.</translation>
    </message>
</context>
</TS>
