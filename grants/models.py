"""Imports every area's models so that metadata (and Alembic) sees all tables."""

from grants.admin.statement import AccessibilityStatement  # noqa: F401
from grants.auth.models import PasswordResetToken, StaffRole, StaffRoleKind, User  # noqa: F401
from grants.awards.models import Annulment, Award, AwardDecision, Objection, Ranking  # noqa: F401
from grants.calls.models import (  # noqa: F401
    CallTask,
    ChecklistItem,
    Competition,
    Criterion,
    RequiredAttachment,
    SameKindTask,
)
from grants.contracts.models import (  # noqa: F401
    Contract,
    ContractItem,
    ContractResult,
    ContractTranche,
    ContractVersion,
    Payment,
)
from grants.controls.models import ControlVisit, MisuseFinding  # noqa: F401
from grants.core.audit import AuditEntry  # noqa: F401
from grants.documents.models import StoredFile  # noqa: F401
from grants.evaluation.models import Committee, CommitteeMember, Score  # noqa: F401
from grants.formal.models import FormalCheck, FormalCheckItem, FormalCheckRound  # noqa: F401
from grants.offers.models import (  # noqa: F401
    CostItem,
    JointPartner,
    Offer,
    OfferAttachment,
    OfferVersion,
    ResultRow,
    ScheduleRow,
)
from grants.organisations.models import (  # noqa: F401
    Invitation,
    Membership,
    Organisation,
    Representative,
)
from grants.organisers.models import Organiser  # noqa: F401
from grants.procedures.models import Procedure, ProcedureDocument, Publication  # noqa: F401
from grants.reminders.models import ReminderSent  # noqa: F401
from grants.rules.models import RuleValue, TaxArrearsRate  # noqa: F401
from grants.settlements.models import ReturnPart, ReturnPayment, Settlement  # noqa: F401
from grants.smallgrants.models import (  # noqa: F401
    SmallGrantComment,
    SmallGrantOffer,
    SmallGrantYearPlan,
)
from grants.taskreports.models import (  # noqa: F401
    ReportCall,
    ReportCost,
    ReportDocument,
    ReportResult,
    ReportReview,
    ReportVersion,
    TaskReport,
)
