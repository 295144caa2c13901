<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong in the desk. Your saved work is safe. If it happens again, restart the desk; if it persists, tell your administrator.</source>
        <translation>Something went wrong in the desk. Your saved work is safe. If it happens again, restart the desk; if it persists, tell your administrator.</translation>
    </message>
    <message>
        <source>Start a new profile “%1” now? The data come back from the server with the first sync; the old file is left as it is.</source>
        <translation>Start a new profile “%1” now? The data come back from the server with the first sync; the old file is left as it is.</translation>
    </message>
    <message>
        <source>Try again now?</source>
        <translation>Try again now?</translation>
    </message>
    <message>
        <source>The desk will close now. Nothing was lost: the previous version of the desk still opens these data.</source>
        <translation>The desk will close now. Nothing was lost: the previous version of the desk still opens these data.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>sync</source>
        <translation>sync</translation>
    </message>
    <message>
        <source>account {id}</source>
        <translation>account {id}</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>&amp;Record:</source>
        <translation>&amp;Record:</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;Id:</translation>
    </message>
    <message>
        <source>any</source>
        <translation>any</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>All records</translation>
    </message>
    <message>
        <source>Nothing recorded yet. Every view and change of a child&apos;s data appears here.</source>
        <translation>Nothing recorded yet. Every view and change of a child&apos;s data appears here.</translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) shown</source>
        <translation>
            <numerusform>%n referral shown</numerusform>
            <numerusform>%n referrals shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren) shown</source>
        <translation>
            <numerusform>%n child shown</numerusform>
            <numerusform>%n children shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n walk-in(s) shown</source>
        <translation>
            <numerusform>%n walk-in shown</numerusform>
            <numerusform>%n walk-ins shown</numerusform>
        </translation>
    </message>
    <message>
        <source>search by IIN</source>
        <translation>search by IIN</translation>
    </message>
    <message>
        <source>search by number</source>
        <translation>search by number</translation>
    </message>
    <message>
        <source>search by name</source>
        <translation>search by name</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s)</source>
        <translation>
            <numerusform>%n place</numerusform>
            <numerusform>%n places</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message>
        <source>free from {day}</source>
        <translation>free from {day}</translation>
    </message>
    <message>
        <source>visit of {day}</source>
        <translation>visit of {day}</translation>
    </message>
    <message>
        <source>group: {name}</source>
        <translation>group: {name}</translation>
    </message>
    <message>
        <source>place {id}</source>
        <translation>place {id}</translation>
    </message>
    <message>
        <source>with the head&apos;s decision on vaccination</source>
        <translation>with the head&apos;s decision on vaccination</translation>
    </message>
    <message>
        <source>kindergartens chosen: {ids}</source>
        <translation>kindergartens chosen: {ids}</translation>
    </message>
    <message>
        <source>does not match: {documents}</source>
        <translation>does not match: {documents}</translation>
    </message>
    <message>
        <source>matches: {documents}</source>
        <translation>matches: {documents}</translation>
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
        <translation>Child&apos;s IIN:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Born:</translation>
    </message>
    <message>
        <source>Type the 12 digits of the child&apos;s IIN on the certificate.</source>
        <translation>Type the 12 digits of the child&apos;s IIN on the certificate.</translation>
    </message>
    <message>
        <source>Type the birth date as dd.mm.yyyy.</source>
        <translation>Type the birth date as dd.mm.yyyy.</translation>
    </message>
</context>
<context>
    <name>ChildrenModel</name>
    <message>
        <source>Child</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>IIN</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Vaccination</source>
        <translation>Vaccination</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>ChildrenPage</name>
    <message>
        <source>Children</source>
        <translation>Children</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>IIN or name</source>
        <translation>IIN or name</translation>
    </message>
    <message>
        <source>&amp;Include children who left</source>
        <translation>&amp;Include children who left</translation>
    </message>
    <message>
        <source>The selected child leaves</source>
        <translation>The selected child leaves</translation>
    </message>
    <message>
        <source>Left &amp;on:</source>
        <translation>Left &amp;on:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Moved to another kindergarten</source>
        <translation>Moved to another kindergarten</translation>
    </message>
    <message>
        <source>Went to school</source>
        <translation>Went to school</translation>
    </message>
    <message>
        <source>The family moved away</source>
        <translation>The family moved away</translation>
    </message>
    <message>
        <source>The parents&apos; decision</source>
        <translation>The parents&apos; decision</translation>
    </message>
    <message>
        <source>Health reasons</source>
        <translation>Health reasons</translation>
    </message>
    <message>
        <source>Record leaving</source>
        <translation>Record leaving</translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren)</source>
        <translation>
            <numerusform>%n child</numerusform>
            <numerusform>%n children</numerusform>
        </translation>
    </message>
    <message>
        <source>No child matches “{query}”. Search by IIN or name.</source>
        <translation>No child matches “{query}”. Search by IIN or name.</translation>
    </message>
    <message>
        <source>No children yet. Children appear here when they are enrolled on the Document check page, or after a sync (F5).</source>
        <translation>No children yet. Children appear here when they are enrolled on the Document check page, or after a sync (F5).</translation>
    </message>
    <message>
        <source>Record that {child} left on {day}?</source>
        <translation>Record that {child} left on {day}?</translation>
    </message>
    <message>
        <source>{child} has left. The seat is free: publish it on the Groups and places page when you are ready. Waiting to sync.</source>
        <translation>{child} has left. The seat is free: publish it on the Groups and places page when you are ready. Waiting to sync.</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>What was attempted:</source>
        <translation>What was attempted:</translation>
    </message>
    <message>
        <source>Why the server refused:</source>
        <translation>Why the server refused:</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>What to do:</translation>
    </message>
    <message>
        <source>On the server now:</source>
        <translation>On the server now:</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>Resolved:</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>resolved</translation>
    </message>
    <message>
        <source>to resolve</source>
        <translation>to resolve</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Show &amp;resolved ones</source>
        <translation>Show &amp;resolved ones</translation>
    </message>
    <message>
        <source>The selected conflict</source>
        <translation>The selected conflict</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>What you did about it (e.g. called the family, published again)</source>
        <translation>What you did about it (e.g. called the family, published again)</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>Mark resolved</translation>
    </message>
    <message>
        <source>No conflicts. When the server refuses something recorded here, it appears here with the reason and what to do.</source>
        <translation>No conflicts. When the server refuses something recorded here, it appears here with the reason and what to do.</translation>
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
        <translation>not yet</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) in {group} free from {day}</source>
        <translation>
            <numerusform>%n place in {group} free from {day}</numerusform>
            <numerusform>%n places in {group} free from {day}</numerusform>
        </translation>
    </message>
    <message>
        <source>place {place}</source>
        <translation>place {place}</translation>
    </message>
    <message>
        <source>referral {referral}, visit of {day}</source>
        <translation>referral {referral}, visit of {day}</translation>
    </message>
    <message>
        <source>referral {referral}, with the head&apos;s decision</source>
        <translation>referral {referral}, with the head&apos;s decision</translation>
    </message>
    <message>
        <source>referral {referral}</source>
        <translation>referral {referral}</translation>
    </message>
    <message>
        <source>child record {child}, left on {day}</source>
        <translation>child record {child}, left on {day}</translation>
    </message>
    <message>
        <source>{entity} {id}: no longer here</source>
        <translation>{entity} {id}: no longer here</translation>
    </message>
    <message>
        <source>{entity} {label}: {status}</source>
        <translation>{entity} {label}: {status}</translation>
    </message>
    <message>
        <source>nothing that concerns it</source>
        <translation>nothing that concerns it</translation>
    </message>
    <message>
        <source>The referral had lapsed on the server before this change arrived. Call the family: their application returns to the queue after the 10-day stop list.</source>
        <translation>The referral had lapsed on the server before this change arrived. Call the family: their application returns to the queue after the 10-day stop list.</translation>
    </message>
    <message>
        <source>The referral was already closed on the server. Check the family on the Referrals page before doing anything else.</source>
        <translation>The referral was already closed on the server. Check the family on the Referrals page before doing anything else.</translation>
    </message>
    <message>
        <source>The group has fewer free seats on the server. Look at Groups and places and publish again what is really free.</source>
        <translation>The group has fewer free seats on the server. Look at Groups and places and publish again what is really free.</translation>
    </message>
    <message>
        <source>No places are published in August. Publish them again from 1 September.</source>
        <translation>No places are published in August. Publish them again from 1 September.</translation>
    </message>
    <message>
        <source>A family was already offered this place, so it stays in the queue. Nothing to undo.</source>
        <translation>A family was already offered this place, so it stays in the queue. Nothing to undo.</translation>
    </message>
    <message>
        <source>The place is no longer free on the server. Nothing to undo.</source>
        <translation>The place is no longer free on the server. Nothing to undo.</translation>
    </message>
    <message>
        <source>The server did not accept the documents as checked. Check them again with the family, then enroll again.</source>
        <translation>The server did not accept the documents as checked. Check them again with the family, then enroll again.</translation>
    </message>
    <message>
        <source>The epidemiological certificate was too old by then. Ask the family for a new one, check it, then enroll again.</source>
        <translation>The epidemiological certificate was too old by then. Ask the family for a new one, check it, then enroll again.</translation>
    </message>
    <message>
        <source>The group is over its share of unvaccinated children. Enroll again with the head&apos;s decision.</source>
        <translation>The group is over its share of unvaccinated children. Enroll again with the head&apos;s decision.</translation>
    </message>
    <message>
        <source>The child already has an application in the queue. Tell the family; nothing else to do.</source>
        <translation>The child already has an application in the queue. Tell the family; nothing else to do.</translation>
    </message>
    <message>
        <source>Only the head of the kindergarten may do this.</source>
        <translation>Only the head of the kindergarten may do this.</translation>
    </message>
    <message>
        <source>The server already has this child as left. Nothing to do.</source>
        <translation>The server already has this child as left. Nothing to do.</translation>
    </message>
    <message>
        <source>Look at what the server has now, do what is needed, then mark the conflict resolved with a note.</source>
        <translation>Look at what the server has now, do what is needed, then mark the conflict resolved with a note.</translation>
    </message>
    <message>
        <source>Conflict resolved; your note is kept.</source>
        <translation>Conflict resolved; your note is kept.</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>dd.mm.yyyy</source>
        <translation>dd.mm.yyyy</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Sync cancelled; nothing is lost.</source>
        <translation>Sync cancelled; nothing is lost.</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 received, %3 conflicts.</source>
        <translation>Synced: %1 sent, %2 received, %3 conflicts.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Sending changes…</translation>
    </message>
    <message>
        <source>Downloading all data…</source>
        <translation>Downloading all data…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Receiving changes…</translation>
    </message>
    <message>
        <source>Updating the district&apos;s kindergartens…</source>
        <translation>Updating the district&apos;s kindergartens…</translation>
    </message>
    <message>
        <source>No answer, retrying…</source>
        <translation>No answer, retrying…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>The server refused the saved sign-in (Ctrl+L)</source>
        <translation>The server refused the saved sign-in (Ctrl+L)</translation>
    </message>
    <message>
        <source>Connection: checking…</source>
        <translation>Connection: checking…</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>○ Offline: working locally</source>
        <translation>○ Offline: working locally</translation>
    </message>
    <message>
        <source>● Online: sign in again to sync</source>
        <translation>● Online: sign in again to sync</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Cancel sync (Shift+F5)</source>
        <translation>Cancel sync (Shift+F5)</translation>
    </message>
    <message>
        <source>Sync (F5)</source>
        <translation>Sync (F5)</translation>
    </message>
    <message>
        <source>Pending changes: %1</source>
        <translation>Pending changes: %1</translation>
    </message>
    <message>
        <source>⚠ This computer&apos;s clock is %1 min ahead of the server&apos;s</source>
        <translation>⚠ This computer&apos;s clock is %1 min ahead of the server&apos;s</translation>
    </message>
    <message>
        <source>⚠ This computer&apos;s clock is %1 min behind the server&apos;s</source>
        <translation>⚠ This computer&apos;s clock is %1 min behind the server&apos;s</translation>
    </message>
    <message>
        <source>Deadlines are counted by the server&apos;s clock; set this computer&apos;s date and time correctly.</source>
        <translation>Deadlines are counted by the server&apos;s clock; set this computer&apos;s date and time correctly.</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
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
        <translation>Child:</translation>
    </message>
    <message>
        <source>Child&apos;s IIN:</source>
        <translation>Child&apos;s IIN:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Born:</translation>
    </message>
    <message>
        <source>Parent&apos;s IIN:</source>
        <translation>Parent&apos;s IIN:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Phones:</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Group:</translation>
    </message>
    <message>
        <source>Referral:</source>
        <translation>Referral:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <source>Working days left:</source>
        <translation>Working days left:</translation>
    </message>
    <message>
        <source>Postponed until:</source>
        <translation>Postponed until:</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Document check</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>&amp;Visit date:</source>
        <translation>&amp;Visit date:</translation>
    </message>
    <message>
        <source>The day the family brought the documents (today).</source>
        <translation>The day the family brought the documents (today).</translation>
    </message>
    <message>
        <source>&amp;Save check</source>
        <translation>&amp;Save check</translation>
    </message>
    <message>
        <source>&amp;Enroll</source>
        <translation>&amp;Enroll</translation>
    </message>
    <message>
        <source>No family open. Find the family by IIN (Ctrl+F), or choose a referral on the Referrals page and press Enter.</source>
        <translation>No family open. Find the family by IIN (Ctrl+F), or choose a referral on the Referrals page and press Enter.</translation>
    </message>
    <message>
        <source>{number} ({status})</source>
        <translation>{number} ({status})</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Nothing recorded yet.</translation>
    </message>
    <message>
        <source>Recorded {day}: passes.</source>
        <translation>Recorded {day}: passes.</translation>
    </message>
    <message>
        <source>Recorded {day}: fails.</source>
        <translation>Recorded {day}: fails.</translation>
    </message>
    <message>
        <source>The visit date is today or an earlier day of this referral (dd.mm.yyyy).</source>
        <translation>The visit date is today or an earlier day of this referral (dd.mm.yyyy).</translation>
    </message>
    <message>
        <source>Type a valid visit date first.</source>
        <translation>Type a valid visit date first.</translation>
    </message>
    <message>
        <source>Matches the application.</source>
        <translation>Matches the application.</translation>
    </message>
    <message>
        <source>Not brought yet.</source>
        <translation>Not brought yet.</translation>
    </message>
    <message>
        <source>Passed at a visit; not needed again.</source>
        <translation>Passed at a visit; not needed again.</translation>
    </message>
    <message>
        <source>This child is enrolled.</source>
        <translation>This child is enrolled.</translation>
    </message>
    <message>
        <source>Check saved: every document passes.</source>
        <translation>Check saved: every document passes.</translation>
    </message>
    <message numerus="yes">
        <source>Check saved. %n document(s) do not pass: the family can bring corrected ones while the referral is valid.</source>
        <translation>
            <numerusform>Check saved. %n document does not pass: the family can bring a corrected one while the referral is valid.</numerusform>
            <numerusform>Check saved. %n documents do not pass: the family can bring corrected ones while the referral is valid.</numerusform>
        </translation>
    </message>
    <message>
        <source>{child} is enrolled in {group}. Waiting to sync.</source>
        <translation>{child} is enrolled in {group}. Waiting to sync.</translation>
    </message>
    <message>
        <source>Not enrolled: the head&apos;s decision is needed (R21).</source>
        <translation>Not enrolled: the head&apos;s decision is needed (R21).</translation>
    </message>
</context>
<context>
    <name>DocumentForm</name>
    <message>
        <source>Number:</source>
        <translation>Number:</translation>
    </message>
</context>
<context>
    <name>EpidCertificateForm</name>
    <message>
        <source>Issued on:</source>
        <translation>Issued on:</translation>
    </message>
    <message>
        <source>Type the issue date as dd.mm.yyyy.</source>
        <translation>Type the issue date as dd.mm.yyyy.</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>The server did not accept the saved sign-in. Enter the password to sync again; the data and unsent work on this computer are kept.</source>
        <translation>The server did not accept the saved sign-in. Enter the password to sync again; the data and unsent work on this computer are kept.</translation>
    </message>
    <message>
        <source>Welcome to Kezek</source>
        <translation>Welcome to Kezek</translation>
    </message>
    <message>
        <source>Connect this desk to your kindergarten. Sign in once with the head&apos;s or staff account; afterwards the desk works without the Internet and needs the server only to sync.</source>
        <translation>Connect this desk to your kindergarten. Sign in once with the head&apos;s or staff account; afterwards the desk works without the Internet and needs the server only to sync.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>&amp;Server address:</translation>
    </message>
    <message>
        <source>e.g. https://kezek.example.kz</source>
        <translation>e.g. https://kezek.example.kz</translation>
    </message>
    <message>
        <source>L&amp;ogin:</source>
        <translation>L&amp;ogin:</translation>
    </message>
    <message>
        <source>head or staff account</source>
        <translation>head or staff account</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Continue without data</source>
        <translation>Continue without data</translation>
    </message>
    <message>
        <source>Sync again</source>
        <translation>Sync again</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Downloading the kindergarten&apos;s data…</source>
        <translation>Downloading the kindergarten&apos;s data…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Sending changes…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Receiving changes…</translation>
    </message>
    <message>
        <source>Updating the district&apos;s kindergartens…</source>
        <translation>Updating the district&apos;s kindergartens…</translation>
    </message>
    <message>
        <source>No answer, retrying…</source>
        <translation>No answer, retrying…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Fill in the server address, the login and the password.</source>
        <translation>Fill in the server address, the login and the password.</translation>
    </message>
    <message>
        <source>This is not a server address. Enter it like https://kezek.example.kz.</source>
        <translation>This is not a server address. Enter it like https://kezek.example.kz.</translation>
    </message>
    <message>
        <source>The server %1 does not answer. Check the address and the Internet connection, then try again.</source>
        <translation>The server %1 does not answer. Check the address and the Internet connection, then try again.</translation>
    </message>
    <message>
        <source>This account is not a kindergarten head&apos;s or staff account. Sign in with your kindergarten&apos;s desk account.</source>
        <translation>This account is not a kindergarten head&apos;s or staff account. Sign in with your kindergarten&apos;s desk account.</translation>
    </message>
    <message>
        <source>The server answered with an error. Try again later or ask your administrator.</source>
        <translation>The server answered with an error. Try again later or ask your administrator.</translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Children</translation>
    </message>
    <message>
        <source>Unvaccinated</source>
        <translation>Unvaccinated</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Can publish</source>
        <translation>Can publish</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Free from</source>
        <translation>Free from</translation>
    </message>
    <message>
        <source>Groups and places</source>
        <translation>Groups and places</translation>
    </message>
    <message>
        <source>Publish free places in the selected group</source>
        <translation>Publish free places in the selected group</translation>
    </message>
    <message>
        <source>&amp;Places:</source>
        <translation>&amp;Places:</translation>
    </message>
    <message>
        <source>Free &amp;from:</source>
        <translation>Free &amp;from:</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>&amp;Withdraw the place</source>
        <translation>&amp;Withdraw the place</translation>
    </message>
    <message>
        <source>No groups yet — sync (F5) to receive them from the server.</source>
        <translation>No groups yet — sync (F5) to receive them from the server.</translation>
    </message>
    <message>
        <source>No places published in this group. Publish free places above (Ctrl+P).</source>
        <translation>No places published in this group. Publish free places above (Ctrl+P).</translation>
    </message>
    <message>
        <source>Open places</source>
        <translation>Open places</translation>
    </message>
    <message>
        <source>Open places of {group}</source>
        <translation>Open places of {group}</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) published in {group} from {day}. Waiting to sync: the server offers them to the queue then.</source>
        <translation>
            <numerusform>%n place published in {group} from {day}. Waiting to sync: the server offers it to the queue then.</numerusform>
            <numerusform>%n places published in {group} from {day}. Waiting to sync: the server offers them to the queue then.</numerusform>
        </translation>
    </message>
    <message>
        <source>Withdraw place {place}? It leaves the queue at the next sync.</source>
        <translation>Withdraw place {place}? It leaves the queue at the next sync.</translation>
    </message>
    <message>
        <source>Place {place} withdrawn. Waiting to sync.</source>
        <translation>Place {place} withdrawn. Waiting to sync.</translation>
    </message>
</context>
<context>
    <name>HeadDecisionDialog</name>
    <message>
        <source>The head&apos;s decision</source>
        <translation>The head&apos;s decision</translation>
    </message>
    <message>
        <source>Write the head&apos;s decision (who decided and why). It is recorded with the enrollment. Ctrl+Enter: enroll with it; Esc: cancel.</source>
        <translation>Write the head&apos;s decision (who decided and why). It is recorded with the enrollment. Ctrl+Enter: enroll with it; Esc: cancel.</translation>
    </message>
    <message>
        <source>Enroll with this decision</source>
        <translation>Enroll with this decision</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HealthPassportForm</name>
    <message>
        <source>Vaccinations:</source>
        <translation>Vaccinations:</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>Choose the vaccination status in the passport.</source>
        <translation>Choose the vaccination status in the passport.</translation>
    </message>
</context>
<context>
    <name>IinEdit</name>
    <message>
        <source>12 digits</source>
        <translation>12 digits</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Kezek — kindergarten desk</source>
        <translation>Kezek — kindergarten desk</translation>
    </message>
    <message>
        <source>&amp;IIN (Ctrl+F):</source>
        <translation>&amp;IIN (Ctrl+F):</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>Type or scan an IIN anywhere in the window to find the family</source>
        <translation>Type or scan an IIN anywhere in the window to find the family</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Desk</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>&amp;Cancel sync</source>
        <translation>&amp;Cancel sync</translation>
    </message>
    <message>
        <source>&amp;Find by IIN</source>
        <translation>&amp;Find by IIN</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>Sign &amp;in again…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation>&amp;Next page</translation>
    </message>
    <message>
        <source>&amp;Previous page</source>
        <translation>&amp;Previous page</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;About Kezek</source>
        <translation>&amp;About Kezek</translation>
    </message>
    <message>
        <source>No referral or child with IIN %1 here. A family without a referral can be registered on the Walk-in page.</source>
        <translation>No referral or child with IIN %1 here. A family without a referral can be registered on the Walk-in page.</translation>
    </message>
    <message>
        <source>Type or scan 12 digits anywhere: find the family by IIN</source>
        <translation>Type or scan 12 digits anywhere: find the family by IIN</translation>
    </message>
    <message>
        <source>Ctrl+F or F3: the IIN field</source>
        <translation>Ctrl+F or F3: the IIN field</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+9: pages; Ctrl+PgUp / Ctrl+PgDown: previous / next</source>
        <translation>Ctrl+1 … Ctrl+9: pages; Ctrl+PgUp / Ctrl+PgDown: previous / next</translation>
    </message>
    <message>
        <source>F5: sync now; Shift+F5: cancel the sync</source>
        <translation>F5: sync now; Shift+F5: cancel the sync</translation>
    </message>
    <message>
        <source>Ctrl+L: sign in again</source>
        <translation>Ctrl+L: sign in again</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K / R / E: Kazakh / Russian / English</source>
        <translation>Ctrl+Shift+K / R / E: Kazakh / Russian / English</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab: next / previous field; Enter: the main action</source>
        <translation>Tab / Shift+Tab: next / previous field; Enter: the main action</translation>
    </message>
    <message>
        <source>Ctrl+Q: quit</source>
        <translation>Ctrl+Q: quit</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Kezek: the kindergarten e-queue desk. Works offline; the server is needed only to sync.</source>
        <translation>Kezek: the kindergarten e-queue desk. Works offline; the server is needed only to sync.</translation>
    </message>
    <message>
        <source>About Kezek</source>
        <translation>About Kezek</translation>
    </message>
</context>
<context>
    <name>ParentIdForm</name>
    <message>
        <source>IIN:</source>
        <translation>IIN:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <source>Leave empty when the document has no expiry date.</source>
        <translation>Leave empty when the document has no expiry date.</translation>
    </message>
    <message>
        <source>Type the 12 digits of the IIN on the document.</source>
        <translation>Type the 12 digits of the IIN on the document.</translation>
    </message>
    <message>
        <source>Type the expiry date as dd.mm.yyyy, or leave it empty when there is none.</source>
        <translation>Type the expiry date as dd.mm.yyyy, or leave it empty when there is none.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase of the local data</source>
        <translation>Passphrase of the local data</translation>
    </message>
    <message>
        <source>This computer has no secure keyring, so the children&apos;s data on it are protected by a passphrase. Choose one of at least %1 characters and keep it safe: a forgotten passphrase cannot be recovered (the data then come back only by a sync).</source>
        <translation>This computer has no secure keyring, so the children&apos;s data on it are protected by a passphrase. Choose one of at least %1 characters and keep it safe: a forgotten passphrase cannot be recovered (the data then come back only by a sync).</translation>
    </message>
    <message>
        <source>Enter the passphrase of the local data (profile %1).</source>
        <translation>Enter the passphrase of the local data (profile %1).</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Repeat:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The passphrase must have at least %1 characters.</source>
        <translation>The passphrase must have at least %1 characters.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type them again.</source>
        <translation>The two passphrases differ. Type them again.</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Enter the passphrase.</translation>
    </message>
</context>
<context>
    <name>PendingBadge</name>
    <message>
        <source>Waiting to sync</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>Recorded on this computer; the server gets it at the next sync.</source>
        <translation>Recorded on this computer; the server gets it at the next sync.</translation>
    </message>
</context>
<context>
    <name>ReferralsModel</name>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Child&apos;s IIN</source>
        <translation>Child&apos;s IIN</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Days left</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <source>Referrals</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>IIN, referral or application number, or name</source>
        <translation>IIN, referral or application number, or name</translation>
    </message>
    <message>
        <source>S&amp;ort:</source>
        <translation>S&amp;ort:</translation>
    </message>
    <message>
        <source>Deadline: soonest first</source>
        <translation>Deadline: soonest first</translation>
    </message>
    <message>
        <source>Deadline: latest first</source>
        <translation>Deadline: latest first</translation>
    </message>
    <message>
        <source>Issued: newest first</source>
        <translation>Issued: newest first</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Child&apos;s name: A to Z</source>
        <translation>Child&apos;s name: A to Z</translation>
    </message>
    <message>
        <source>Child&apos;s name: Z to A</source>
        <translation>Child&apos;s name: Z to A</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Open in Document check</source>
        <translation>Open in Document check</translation>
    </message>
    <message>
        <source>Enter: check this family&apos;s documents</source>
        <translation>Enter: check this family&apos;s documents</translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s)</source>
        <translation>
            <numerusform>%n referral</numerusform>
            <numerusform>%n referrals</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Search by IIN, referral or application number, or the child&apos;s name.</source>
        <translation>Nothing matches “{query}”. Search by IIN, referral or application number, or the child&apos;s name.</translation>
    </message>
    <message>
        <source>No referrals yet — sync (F5) to receive them from the server.</source>
        <translation>No referrals yet — sync (F5) to receive them from the server.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Recorded</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>Last problem</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>Already there</source>
        <translation>Already there</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Full copy</source>
        <translation>Full copy</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Sync now (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Syncs</source>
        <translation>Syncs</translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the server has everything recorded here.</source>
        <translation>Nothing waits to be sent: the server has everything recorded here.</translation>
    </message>
    <message>
        <source>This desk has not synced yet. Press F5 to sync now.</source>
        <translation>This desk has not synced yet. Press F5 to sync now.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait to be sent.</source>
        <translation>
            <numerusform>%n change waits to be sent.</numerusform>
            <numerusform>%n changes wait to be sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything recorded here is on the server.</source>
        <translation>Everything recorded here is on the server.</translation>
    </message>
    <message>
        <source>Last successful sync: {moment}.</source>
        <translation>Last successful sync: {moment}.</translation>
    </message>
    <message>
        <source>Syncing is available in the desk window.</source>
        <translation>Syncing is available in the desk window.</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Postponed</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>Lapsed</source>
        <translation>Lapsed</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Waiting to sync</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>In the queue</source>
        <translation>In the queue</translation>
    </message>
    <message>
        <source>Offered a place</source>
        <translation>Offered a place</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Stop list</source>
        <translation>Stop list</translation>
    </message>
    <message>
        <source>Benefit being confirmed</source>
        <translation>Benefit being confirmed</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Aged out</source>
        <translation>Aged out</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Offered</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserved</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Filled</translation>
    </message>
    <message>
        <source>Parent&apos;s identity document</source>
        <translation>Parent&apos;s identity document</translation>
    </message>
    <message>
        <source>Birth certificate</source>
        <translation>Birth certificate</translation>
    </message>
    <message>
        <source>Epidemiological certificate</source>
        <translation>Epidemiological certificate</translation>
    </message>
    <message>
        <source>Health passport</source>
        <translation>Health passport</translation>
    </message>
    <message>
        <source>Vaccinated</source>
        <translation>Vaccinated</translation>
    </message>
    <message>
        <source>Not fully vaccinated</source>
        <translation>Not fully vaccinated</translation>
    </message>
    <message>
        <source>Medical exemption</source>
        <translation>Medical exemption</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Correctional</source>
        <translation>Correctional</translation>
    </message>
    <message>
        <source>Sanatorium</source>
        <translation>Sanatorium</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>Kazakh</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Russian</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Early (1)</source>
        <translation>Early (1)</translation>
    </message>
    <message>
        <source>Junior (2)</source>
        <translation>Junior (2)</translation>
    </message>
    <message>
        <source>Middle (3)</source>
        <translation>Middle (3)</translation>
    </message>
    <message>
        <source>Senior (4)</source>
        <translation>Senior (4)</translation>
    </message>
    <message>
        <source>Pre-school (5)</source>
        <translation>Pre-school (5)</translation>
    </message>
    <message>
        <source>Military family</source>
        <translation>Military family</translation>
    </message>
    <message>
        <source>Special state body family</source>
        <translation>Special state body family</translation>
    </message>
    <message>
        <source>Parent fell in service</source>
        <translation>Parent fell in service</translation>
    </message>
    <message>
        <source>Parent with a disability</source>
        <translation>Parent with a disability</translation>
    </message>
    <message>
        <source>Without parental care</source>
        <translation>Without parental care</translation>
    </message>
    <message>
        <source>Orphan</source>
        <translation>Orphan</translation>
    </message>
    <message>
        <source>Large family</source>
        <translation>Large family</translation>
    </message>
    <message>
        <source>Special educational needs</source>
        <translation>Special educational needs</translation>
    </message>
    <message>
        <source>Publish places</source>
        <translation>Publish places</translation>
    </message>
    <message>
        <source>Withdraw a place</source>
        <translation>Withdraw a place</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Document check</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>Enrollment</translation>
    </message>
    <message>
        <source>Child leaving</source>
        <translation>Child leaving</translation>
    </message>
    <message>
        <source>Walk-in application</source>
        <translation>Walk-in application</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Kindergarten</source>
        <translation>Kindergarten</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <source>Published places</source>
        <translation>Published places</translation>
    </message>
    <message>
        <source>Withdrew a place</source>
        <translation>Withdrew a place</translation>
    </message>
    <message>
        <source>Checked documents</source>
        <translation>Checked documents</translation>
    </message>
    <message>
        <source>Enrolled a child</source>
        <translation>Enrolled a child</translation>
    </message>
    <message>
        <source>Recorded a child leaving</source>
        <translation>Recorded a child leaving</translation>
    </message>
    <message>
        <source>Registered a walk-in</source>
        <translation>Registered a walk-in</translation>
    </message>
    <message>
        <source>Resolved a conflict</source>
        <translation>Resolved a conflict</translation>
    </message>
    <message>
        <source>Server refused a change</source>
        <translation>Server refused a change</translation>
    </message>
    <message>
        <source>Viewed the referral list</source>
        <translation>Viewed the referral list</translation>
    </message>
    <message>
        <source>Viewed a referral</source>
        <translation>Viewed a referral</translation>
    </message>
    <message>
        <source>Viewed the children list</source>
        <translation>Viewed the children list</translation>
    </message>
    <message>
        <source>Viewed a child</source>
        <translation>Viewed a child</translation>
    </message>
    <message>
        <source>Viewed walk-ins</source>
        <translation>Viewed walk-ins</translation>
    </message>
    <message>
        <source>Queued changes again for the server</source>
        <translation>Queued changes again for the server</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Child</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Child&apos;s IIN</source>
        <translation>Child&apos;s IIN</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>Working days left</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Children</translation>
    </message>
    <message>
        <source>Published, free</source>
        <translation>Published, free</translation>
    </message>
    <message>
        <source>Can publish</source>
        <translation>Can publish</translation>
    </message>
    <message>
        <source>last day</source>
        <translation>last day</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Families expected</source>
        <translation>Families expected</translation>
    </message>
    <message>
        <source>Places by group</source>
        <translation>Places by group</translation>
    </message>
    <message>
        <source>Work to finish</source>
        <translation>Work to finish</translation>
    </message>
    <message>
        <source>Open &amp;conflicts</source>
        <translation>Open &amp;conflicts</translation>
    </message>
    <message>
        <source>Check this family&apos;s documents</source>
        <translation>Check this family&apos;s documents</translation>
    </message>
    <message>
        <source>Enter: check this family&apos;s documents</source>
        <translation>Enter: check this family&apos;s documents</translation>
    </message>
    <message>
        <source>No families are expected: there is no live referral. New referrals arrive with a sync (F5).</source>
        <translation>No families are expected: there is no live referral. New referrals arrive with a sync (F5).</translation>
    </message>
    <message>
        <source>No groups yet — sync (F5) to receive them from the server.</source>
        <translation>No groups yet — sync (F5) to receive them from the server.</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>Today, {day}</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) refused by the server need a decision.</source>
        <translation>
            <numerusform>%n change refused by the server needs a decision.</numerusform>
            <numerusform>%n changes refused by the server need a decision.</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>No conflicts.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) recorded here wait for the next sync (F5).</source>
        <translation>
            <numerusform>%n change recorded here waits for the next sync (F5).</numerusform>
            <numerusform>%n changes recorded here wait for the next sync (F5).</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the server has all of this desk&apos;s work.</source>
        <translation>Nothing waits to be sent: the server has all of this desk&apos;s work.</translation>
    </message>
    <message>
        <source>Last sync: {moment}</source>
        <translation>Last sync: {moment}</translation>
    </message>
    <message>
        <source>This desk has not synced yet.</source>
        <translation>This desk has not synced yet.</translation>
    </message>
</context>
<context>
    <name>VerdictBadge</name>
    <message>
        <source>Passes</source>
        <translation>Passes</translation>
    </message>
    <message>
        <source>Fails</source>
        <translation>Fails</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>Incomplete</translation>
    </message>
</context>
<context>
    <name>WalkInPage</name>
    <message>
        <source>Child&apos;s &amp;IIN:</source>
        <translation>Child&apos;s &amp;IIN:</translation>
    </message>
    <message>
        <source>Child&apos;s &amp;name:</source>
        <translation>Child&apos;s &amp;name:</translation>
    </message>
    <message>
        <source>&amp;Born:</source>
        <translation>&amp;Born:</translation>
    </message>
    <message>
        <source>&amp;Parent&apos;s IIN:</source>
        <translation>&amp;Parent&apos;s IIN:</translation>
    </message>
    <message>
        <source>Phone &amp;1:</source>
        <translation>Phone &amp;1:</translation>
    </message>
    <message>
        <source>Phone &amp;2:</source>
        <translation>Phone &amp;2:</translation>
    </message>
    <message>
        <source>&amp;Kindergartens:</source>
        <translation>&amp;Kindergartens:</translation>
    </message>
    <message>
        <source>Languages:</source>
        <translation>Languages:</translation>
    </message>
    <message>
        <source>N&amp;eed:</source>
        <translation>N&amp;eed:</translation>
    </message>
    <message>
        <source>Bene&amp;fit:</source>
        <translation>Bene&amp;fit:</translation>
    </message>
    <message>
        <source>S&amp;MS language:</source>
        <translation>S&amp;MS language:</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>IIN</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>In the queue since</source>
        <translation>In the queue since</translation>
    </message>
    <message>
        <source>Walk-in application</source>
        <translation>Walk-in application</translation>
    </message>
    <message>
        <source>A new application</source>
        <translation>A new application</translation>
    </message>
    <message>
        <source>Registered at this desk</source>
        <translation>Registered at this desk</translation>
    </message>
    <message>
        <source>Surname, name, patronymic</source>
        <translation>Surname, name, patronymic</translation>
    </message>
    <message>
        <source>+7 7XX XXX XX XX</source>
        <translation>+7 7XX XXX XX XX</translation>
    </message>
    <message>
        <source>Optional: a second number</source>
        <translation>Optional: a second number</translation>
    </message>
    <message>
        <source>name, number or address</source>
        <translation>name, number or address</translation>
    </message>
    <message>
        <source>No benefit</source>
        <translation>No benefit</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>New application</translation>
    </message>
    <message>
        <source>No walk-in applications yet. Register one with the form (Ctrl+S); it gets its number and queue time at the next sync.</source>
        <translation>No walk-in applications yet. Register one with the form (Ctrl+S); it gets its number and queue time at the next sync.</translation>
    </message>
    <message>
        <source>The district&apos;s kindergartens are not downloaded yet: sync once (F5) to choose from them. Until then only this kindergarten can be chosen.</source>
        <translation>The district&apos;s kindergartens are not downloaded yet: sync once (F5) to choose from them. Until then only this kindergarten can be chosen.</translation>
    </message>
    <message>
        <source>No kindergartens to choose from yet: sync once (F5) to download the district&apos;s kindergartens.</source>
        <translation>No kindergartens to choose from yet: sync once (F5) to download the district&apos;s kindergartens.</translation>
    </message>
    <message>
        <source>Choice {number}: no such kindergarten in the district&apos;s list. Type part of its name, number or address and pick it from the list (Enter).</source>
        <translation>Choice {number}: no such kindergarten in the district&apos;s list. Type part of its name, number or address and pick it from the list (Enter).</translation>
    </message>
    <message>
        <source>Type all 12 digits.</source>
        <translation>Type all 12 digits.</translation>
    </message>
    <message>
        <source>Valid IIN.</source>
        <translation>Valid IIN.</translation>
    </message>
    <message>
        <source>The IIN says {day}.</source>
        <translation>The IIN says {day}.</translation>
    </message>
    <message>
        <source>Type the date as dd.mm.yyyy.</source>
        <translation>Type the date as dd.mm.yyyy.</translation>
    </message>
    <message>
        <source>Kept as {phone}</source>
        <translation>Kept as {phone}</translation>
    </message>
    <message>
        <source>{child} is registered. Waiting to sync: the number and the place in the queue come from the server at the next sync.</source>
        <translation>{child} is registered. Waiting to sync: the number and the place in the queue come from the server at the next sync.</translation>
    </message>
</context>
</TS>
