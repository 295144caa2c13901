"""The desk's vocabulary: stored values (statuses, kinds, actions) as words a user reads.

Why a QObject: every word goes through ``self.tr`` in one translation context ("Terms"),
so each is translated once for every page that shows it, and a page re-reads them after a
language switch simply by asking again. Unknown values come back as they are (a newer
server may send a status this desk does not know yet): readable, never a crash.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from domain.documents import DocumentKind


class Terms(QObject):
    def referral_status(self, status: str) -> str:
        return {
            "active": self.tr("Active"),
            "postponed": self.tr("Postponed"),
            "enrolled": self.tr("Enrolled"),
            "lapsed": self.tr("Lapsed"),
            "cancelled": self.tr("Cancelled"),
        }.get(status, status)

    def application_status(self, status: str) -> str:
        return {
            "pending": self.tr("Waiting to sync"),
            "queued": self.tr("In the queue"),
            "offered": self.tr("Offered a place"),
            "referred": self.tr("Referred"),
            "enrolled": self.tr("Enrolled"),
            "suspended": self.tr("Suspended"),
            "stop_listed": self.tr("Stop list"),
            "pending_benefit": self.tr("Benefit being confirmed"),
            "withdrawn": self.tr("Withdrawn"),
            "aged_out": self.tr("Aged out"),
            "closed": self.tr("Closed"),
        }.get(status, status)

    def place_status(self, status: str) -> str:
        return {
            "free": self.tr("Free"),
            "offered": self.tr("Offered"),
            "reserved": self.tr("Reserved"),
            "filled": self.tr("Filled"),
            "withdrawn": self.tr("Withdrawn"),
        }.get(status, status)

    def document(self, kind: DocumentKind | str) -> str:
        return {
            DocumentKind.PARENT_ID.value: self.tr("Parent's identity document"),
            DocumentKind.BIRTH_CERTIFICATE.value: self.tr("Birth certificate"),
            DocumentKind.EPID_CERTIFICATE.value: self.tr("Epidemiological certificate"),
            DocumentKind.HEALTH_PASSPORT.value: self.tr("Health passport"),
        }.get(str(kind), str(kind))

    def vaccination(self, status: str) -> str:
        return {
            "complete": self.tr("Vaccinated"),
            "incomplete": self.tr("Not fully vaccinated"),
            "exempt": self.tr("Medical exemption"),
        }.get(status, status)

    def group_type(self, kind: str) -> str:
        return {
            "general": self.tr("General"),
            "correctional": self.tr("Correctional"),
            "sanatorium": self.tr("Sanatorium"),
        }.get(kind, kind)

    def language(self, code: str) -> str:
        return {"kk": self.tr("Kazakh"), "ru": self.tr("Russian"), "en": self.tr("English")}.get(
            code, code
        )

    def age_group(self, number: int) -> str:
        return {
            1: self.tr("Early (1)"),
            2: self.tr("Junior (2)"),
            3: self.tr("Middle (3)"),
            4: self.tr("Senior (4)"),
            5: self.tr("Pre-school (5)"),
        }.get(number, str(number))

    def benefit(self, code: str) -> str:
        return {
            "military": self.tr("Military family"),
            "special_state_body": self.tr("Special state body family"),
            "fallen_in_service": self.tr("Parent fell in service"),
            "disabled_parent": self.tr("Parent with a disability"),
            "no_parental_care": self.tr("Without parental care"),
            "orphan": self.tr("Orphan"),
            "large_family": self.tr("Large family"),
            "special_needs": self.tr("Special educational needs"),
        }.get(code, code)

    def op_kind(self, kind: str) -> str:
        return {
            "publish_places": self.tr("Publish places"),
            "withdraw_place": self.tr("Withdraw a place"),
            "record_document_check": self.tr("Document check"),
            "enroll": self.tr("Enrollment"),
            "record_leave": self.tr("Child leaving"),
            "register_walk_in": self.tr("Walk-in application"),
        }.get(kind, kind)

    def sync_outcome(self, outcome: str) -> str:
        return {
            "ok": self.tr("Done"),
            "failed": self.tr("Failed"),
            "cancelled": self.tr("Cancelled"),
            "running": self.tr("Running"),
        }.get(outcome, outcome)

    def entity(self, name: str) -> str:
        return {
            "referral": self.tr("Referral"),
            "enrollment": self.tr("Child"),
            "group": self.tr("Group"),
            "place": self.tr("Place"),
            "conflict": self.tr("Conflict"),
            "application": self.tr("Application"),
            "kindergarten": self.tr("Kindergarten"),
            "document_check": self.tr("Document check"),
        }.get(name, name)

    def audit_action(self, action: str) -> str:
        return {
            "signed_in": self.tr("Signed in"),
            "places_published": self.tr("Published places"),
            "place_withdrawn": self.tr("Withdrew a place"),
            "documents_checked": self.tr("Checked documents"),
            "child_enrolled": self.tr("Enrolled a child"),
            "child_left": self.tr("Recorded a child leaving"),
            "walk_in_registered": self.tr("Registered a walk-in"),
            "conflict_resolved": self.tr("Resolved a conflict"),
            "op_rejected": self.tr("Server refused a change"),
            "view_referral_list": self.tr("Viewed the referral list"),
            "view_referral": self.tr("Viewed a referral"),
            "view_children": self.tr("Viewed the children list"),
            "view_child": self.tr("Viewed a child"),
            "view_walk_ins": self.tr("Viewed walk-ins"),
            "ops_requeued": self.tr("Queued changes again for the server"),
        }.get(action, action)

    def waiting_to_sync(self) -> str:
        return self.tr("Waiting to sync")
