//! Who may do what: roles, the authenticated principal, and the one permission table that every
//! command is checked against (rule catalogue §2.1 roles and §2.3 "who fires").
//!
//! The table is data: the engine asks [`authorize`] before every command, the API's authorization
//! matrix test walks it, and `ARCHITECTURE.md` carries its rendering ([`render_markdown`]).

use crate::actor::{Actor, ActorKind};
use crate::government::GovernmentCode;
use uuid::Uuid;

string_enum! {
    /// A role a user holds in its organisation.
    Role {
        /// 政府办公室: catalogue, meeting agenda and minutes, publication.
        GovOffice = "GOV_OFFICE",
        /// 司法行政部门: catalogue compilation, legality review.
        Justice = "JUSTICE",
        /// 承办单位: drafting and consultation for the items its department sponsors.
        Sponsor = "SPONSOR",
        /// 行政首长: decisions, signing, suspension.
        Head = "HEAD",
        /// 常务会议组成人员: stance in the minutes.
        MeetingMember = "MEETING_MEMBER",
        /// 专家: own opinions only.
        Expert = "EXPERT",
        /// 市场监督管理部门: fair competition review conclusions.
        MarketRegulator = "MARKET_REGULATOR",
        /// 决策执行单位.
        Executor = "EXECUTOR",
        /// 决策后评估单位.
        Evaluator = "EVALUATOR",
        /// 审计、监督: reads everything of its government, changes nothing.
        Auditor = "AUDITOR",
        /// Users and roles only, never the procedure.
        Admin = "ADMIN",
    }
}

impl Role {
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::GovOffice => "政府办公室",
            Role::Justice => "司法行政部门",
            Role::Sponsor => "决策承办单位",
            Role::Head => "行政首长",
            Role::MeetingMember => "常务会议组成人员",
            Role::Expert => "专家",
            Role::MarketRegulator => "市场监督管理部门",
            Role::Executor => "决策执行单位",
            Role::Evaluator => "决策后评估单位",
            Role::Auditor => "审计监督",
            Role::Admin => "系统管理员",
        }
    }
}

string_enum! {
    /// Everything a principal can ask the engine to do. The catalogue-stage commands and user
    /// management exist today; the §2.3 transitions and region steps are listed so that the
    /// commands which implement them are authorized by this same table.
    Operation {
        CreateCatalogue = "CREATE_CATALOGUE",
        AddCatalogueItem = "ADD_CATALOGUE_ITEM",
        AmendCatalogueItem = "AMEND_CATALOGUE_ITEM",
        RecordCataloguePublication = "RECORD_CATALOGUE_PUBLICATION",
        ManageUsers = "MANAGE_USERS",
        StudyProposal = "T1_STUDY_PROPOSAL",
        Initiate = "T3_INITIATE",
        StartDrafting = "T4_START_DRAFTING",
        OpenConsultation = "T5_OPEN_CONSULTATION",
        SubmitForLegalityReview = "T6_SUBMIT_FOR_LEGALITY_REVIEW",
        ReturnForSupplement = "T7_RETURN_FOR_SUPPLEMENT",
        Resubmit = "T8_RESUBMIT",
        IssueLegalityOpinion = "T9_ISSUE_LEGALITY_OPINION",
        ReviseAfterOpinion = "T10_REVISE_AFTER_OPINION",
        ScheduleMeeting = "T11_SCHEDULE_MEETING",
        RecordDiscussion = "T12_RECORD_DISCUSSION",
        SignDecision = "T13_SIGN_DECISION",
        ReportToPartyCommittee = "T14_REPORT_TO_PARTY_COMMITTEE",
        Publish = "T15_PUBLISH",
        StartExecution = "T16_START_EXECUTION",
        Suspend = "T17_SUSPEND",
        Resume = "T18_RESUME",
        StartEvaluation = "T19_START_EVALUATION",
        ConcludeEvaluation = "T20_CONCLUDE_EVALUATION",
        Adjust = "T21_ADJUST",
        Terminate = "T22_TERMINATE",
        Complete = "T23_COMPLETE",
        Archive = "T24_ARCHIVE",
        RunParticipation = "RUN_PARTICIPATION",
        AssessRisk = "ASSESS_RISK",
        ConductExpertReview = "CONDUCT_EXPERT_REVIEW",
        HoldHearing = "HOLD_HEARING",
        CoordinateUnits = "COORDINATE_UNITS",
        ReviseDraft = "REVISE_DRAFT",
        RecordExpertOpinion = "RECORD_EXPERT_OPINION",
        RecordMeetingStance = "RECORD_MEETING_STANCE",
        ConcludeFairCompetitionReview = "CONCLUDE_FAIR_COMPETITION_REVIEW",
        AssignExecutionTasks = "ASSIGN_EXECUTION_TASKS",
        ReportExecutionProgress = "REPORT_EXECUTION_PROGRESS",
        ReadSupervision = "READ_SUPERVISION",
        SubmitEvaluationReport = "SUBMIT_EVALUATION_REPORT",
        ReadAuditTrail = "READ_AUDIT_TRAIL",
        VerifyAuditTrail = "VERIFY_AUDIT_TRAIL",
        SignCheckpoint = "SIGN_CHECKPOINT",
        ExportDossier = "EXPORT_DOSSIER",
        ModerateComments = "MODERATE_COMMENTS",
        AnswerOpinions = "ANSWER_OPINIONS",
        PublishFeedback = "PUBLISH_FEEDBACK",
    }
}

/// One row of the permission table.
#[derive(Debug, Clone, Copy)]
pub struct Permission {
    pub op: Operation,
    /// The roles that may perform it, in the order they are tried.
    pub roles: &'static [Role],
    /// Whether a SPONSOR may act only on items its own department sponsors.
    pub sponsor_own_items_only: bool,
    /// Where the allocation comes from.
    pub basis: &'static str,
}

use Operation as O;
use Role as R;

const fn row(op: Operation, roles: &'static [Role], sponsor_own_items_only: bool, basis: &'static str) -> Permission {
    Permission { op, roles, sponsor_own_items_only, basis }
}

/// The permission table. `GOV` (the decision organ acting collectively) of §2.3 is recorded by the
/// government office or the head; `SYSTEM` steps (T2, timers) are taken by juece itself.
pub const PERMISSIONS: &[Permission] = &[
    row(O::CreateCatalogue, &[R::Justice, R::GovOffice], false, "R-02-1：司法行政部门会同决策机关办公机构编制目录"),
    row(O::AddCatalogueItem, &[R::Justice, R::GovOffice, R::Sponsor], true, "R-02-1；R-02-2：有关部门提出事项建议"),
    row(O::AmendCatalogueItem, &[R::Justice, R::GovOffice, R::Sponsor], true, "R-02-1；R-02-2"),
    row(O::RecordCataloguePublication, &[R::GovOffice], false, "R-02-3；R-02-4：办公机构公布目录"),
    row(O::ManageUsers, &[R::Admin], false, "系统管理：只管用户和角色，不办理程序"),
    row(O::StudyProposal, &[R::Justice, R::GovOffice], false, "§2.3 T1；R-03-1"),
    row(O::Initiate, &[R::Head, R::GovOffice], false, "§2.3 T3；R-01-6；R-03-2"),
    row(O::StartDrafting, &[R::Sponsor], true, "§2.3 T4；R-03-3"),
    row(O::OpenConsultation, &[R::Sponsor], true, "§2.3 T5"),
    row(O::SubmitForLegalityReview, &[R::Sponsor], true, "§2.3 T6；R-10-2"),
    row(O::ReturnForSupplement, &[R::Justice], false, "§2.3 T7；R-10-3"),
    row(O::Resubmit, &[R::Sponsor], true, "§2.3 T8"),
    row(O::IssueLegalityOpinion, &[R::Justice], false, "§2.3 T9；R-10-1：合法性审查意见只能由司法行政部门出具"),
    row(O::ReviseAfterOpinion, &[R::Sponsor], true, "§2.3 T10"),
    row(O::ScheduleMeeting, &[R::GovOffice], false, "§2.3 T11"),
    row(O::RecordDiscussion, &[R::GovOffice, R::Head], false, "§2.3 T12；R-11-3：行政首长最后发表意见"),
    row(O::SignDecision, &[R::Head], false, "§2.3 T13"),
    row(O::ReportToPartyCommittee, &[R::GovOffice, R::Sponsor], true, "§2.3 T14；R-12-1"),
    row(O::Publish, &[R::GovOffice], false, "§2.3 T15；R-13-1"),
    row(O::StartExecution, &[R::Head, R::GovOffice], false, "§2.3 T16；R-15-1"),
    row(O::Suspend, &[R::Head], false, "§2.3 T17；R-17-2：只有行政首长可以决定暂停执行"),
    row(O::Resume, &[R::Head, R::GovOffice], false, "§2.3 T18"),
    row(O::StartEvaluation, &[R::Head, R::GovOffice], false, "§2.3 T19；R-16-1"),
    row(O::ConcludeEvaluation, &[R::Head, R::GovOffice], false, "§2.3 T20；R-16-5"),
    row(O::Adjust, &[R::Head, R::GovOffice], false, "§2.3 T21；R-17-3"),
    row(O::Terminate, &[R::Head, R::GovOffice], false, "§2.3 T22；R-17-4"),
    row(O::Complete, &[R::GovOffice], false, "§2.3 T23；R-15-2"),
    row(O::Archive, &[R::GovOffice, R::Justice], false, "§2.3 T24；R-14-1"),
    row(
        O::RunParticipation,
        &[R::Sponsor, R::GovOffice],
        true,
        "§2.4 P；R-05-4：承办单位公开征求意见，门户网站意见征集专栏由办公机构运行；R-05-8",
    ),
    row(O::AssessRisk, &[R::Sponsor], true, "§2.4 R；R-08-1：承办单位或其组织的评估单位开展风险评估；R-08-3"),
    row(O::ConductExpertReview, &[R::Sponsor], true, "§2.4 E；R-07-1：承办单位组织专家论证；R-07-3；R-07-4"),
    row(O::HoldHearing, &[R::Sponsor], true, "§2.4 H；R-06-1：承办单位组织听证；R-06-3；R-06-6"),
    row(O::CoordinateUnits, &[R::Sponsor], true, "§2.4 C；R-04-4：承办单位征求职责相关单位意见"),
    row(O::ReviseDraft, &[R::Sponsor], true, "R-05-8：承办单位完善决策草案；§2.4 重大修改使已完成环节失效"),
    row(O::RecordExpertOpinion, &[R::Expert], false, "§2.4 E；R-07-4：专家本人的论证意见"),
    row(O::RecordMeetingStance, &[R::MeetingMember], false, "§2.3 T12；R-11-5：组成人员的意见"),
    row(O::ConcludeFairCompetitionReview, &[R::MarketRegulator], false, "§2.4 F；R-09-2"),
    row(
        O::AssignExecutionTasks,
        &[R::GovOffice, R::Head, R::Sponsor],
        true,
        "R-15-1：决策机关确定执行单位，承办单位按决定分解任务",
    ),
    row(O::ReportExecutionProgress, &[R::Executor], false, "R-15-2：执行单位向决策机关报告执行情况"),
    row(
        O::ReadSupervision,
        &[R::GovOffice, R::Head, R::Justice, R::Auditor, R::Sponsor, R::Executor],
        false,
        "R-15-1：决策机关督促检查；R-18-2：久拖不决预警",
    ),
    row(O::SubmitEvaluationReport, &[R::Evaluator], false, "R-16-5"),
    row(
        O::ReadAuditTrail,
        &[R::Auditor, R::GovOffice, R::Justice],
        false,
        "R-14-1；R-18-2：全过程记录供审计监督和责任追究查阅",
    ),
    row(
        O::VerifyAuditTrail,
        &[R::Auditor, R::GovOffice, R::Justice, R::Admin],
        false,
        "R-18-4：核验记录未被改动（只报告结果，不披露内容）",
    ),
    row(O::SignCheckpoint, &[R::GovOffice, R::Admin], false, "R-18-4：按需签署检查点，交公证或第三方留存"),
    row(O::ExportDossier, &[R::GovOffice, R::Justice, R::Auditor], false, "R-14-1：决策过程材料归档"),
    row(O::ModerateComments, &[R::GovOffice, R::Sponsor], true, "R-05-4：政府办公室主办的意见征集专栏；个人信息保护法"),
    row(O::AnswerOpinions, &[R::Sponsor], true, "R-05-8：承办单位归纳整理、研究论证"),
    row(O::PublishFeedback, &[R::Sponsor, R::GovOffice], true, "R-05-9：公开意见采纳情况"),
];

/// The table row of an operation. Every operation has exactly one (a test checks).
pub fn permission(op: Operation) -> &'static Permission {
    PERMISSIONS.iter().find(|p| p.op == op).unwrap_or(&Permission {
        op: Operation::ManageUsers,
        roles: &[],
        sponsor_own_items_only: false,
        basis: "",
    })
}

/// A signed-in user as the engine sees them on one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPrincipal {
    pub user_id: Uuid,
    pub username: String,
    pub name: String,
    /// The decision organ the user's organisation belongs to.
    pub government: GovernmentCode,
    /// Its row id, so that queries can filter by it without another look-up.
    pub government_id: Uuid,
    /// The department the user belongs to, if not the government itself.
    pub department_id: Option<Uuid>,
    pub roles: Vec<Role>,
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// No credentials: the public.
    Anonymous,
    /// juece itself (seed loading, timers); never the result of a request.
    System {
        task: String,
    },
    User(UserPrincipal),
}

impl Principal {
    pub fn system(task: &str) -> Self {
        Principal::System { task: task.to_owned() }
    }

    pub fn user(&self) -> Option<&UserPrincipal> {
        match self {
            Principal::User(u) => Some(u),
            _ => None,
        }
    }

    /// Whether the principal may read the internal records of a decision organ (drafts, the
    /// audit trail): juece itself, and every user of that organ. Everybody else sees what is
    /// published.
    pub fn reads_government(&self, government: &GovernmentCode) -> bool {
        match self {
            Principal::System { .. } => true,
            Principal::User(u) => &u.government == government,
            Principal::Anonymous => false,
        }
    }
}

/// What an operation acts on.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub government: &'a GovernmentCode,
    /// The sponsoring departments involved: the item's sponsor, and a new sponsor being named.
    pub sponsors: &'a [Uuid],
}

/// Why a principal may not perform an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// No credentials were presented.
    Unauthenticated { zh: String, en: String },
    /// The credentials do not carry the right.
    Forbidden { zh: String, en: String },
}

/// Checks `op` on `target` against the permission table. On success returns the actor to record:
/// the user, their organisation and the role the step was taken in.
pub fn authorize(principal: &Principal, op: Operation, target: &Target<'_>) -> Result<Actor, Denial> {
    let user = match principal {
        Principal::System { task } => return Ok(Actor::system(task)),
        Principal::Anonymous => {
            return Err(Denial::Unauthenticated {
                zh: "此操作需要登录".into(),
                en: "this operation needs credentials".into(),
            });
        }
        Principal::User(u) => u,
    };
    if &user.government != target.government {
        return Err(Denial::Forbidden {
            zh: format!("不能办理其他决策机关（{}）的事项", target.government),
            en: format!("users of {} cannot act for another decision organ ({})", user.government, target.government),
        });
    }
    let perm = permission(op);
    let mut own_items_refusal = false;
    for role in perm.roles {
        if !user.roles.contains(role) {
            continue;
        }
        if *role == Role::Sponsor && perm.sponsor_own_items_only {
            let own = user
                .department_id
                .is_some_and(|d| !target.sponsors.is_empty() && target.sponsors.iter().all(|s| *s == d));
            if !own {
                own_items_refusal = true;
                continue;
            }
        }
        return Ok(Actor::user(user, *role));
    }
    if own_items_refusal {
        return Err(Denial::Forbidden {
            zh: "承办单位只能办理本单位承办的事项".into(),
            en: "a sponsoring unit may act only on the items it sponsors".into(),
        });
    }
    let allowed: Vec<_> = perm.roles.iter().map(|r| r.label_zh()).collect();
    Err(Denial::Forbidden {
        zh: format!("无权办理此操作（{}），须由{}办理", op, allowed.join("、")),
        en: format!(
            "not permitted to {}; it needs one of: {}",
            op,
            perm.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// The permission table as a Markdown table, for the docs.
pub fn render_markdown() -> String {
    let mut out = String::from("| operation | roles | sponsor: own items only | basis |\n|---|---|---|---|\n");
    for p in PERMISSIONS {
        let roles: Vec<_> = p.roles.iter().map(|r| format!("{} ({})", r.as_str(), r.label_zh())).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            p.op,
            roles.join(", "),
            if p.sponsor_own_items_only { "yes" } else { "" },
            p.basis
        ));
    }
    out
}

impl Actor {
    /// The actor recorded for a user acting in one of their roles.
    pub fn user(u: &UserPrincipal, role: Role) -> Self {
        Actor {
            kind: ActorKind::User,
            id: u.user_id.to_string(),
            name: format!("{}（{}）", u.name, u.username),
            org: Some(match u.department_id {
                Some(d) => format!("{}/{}", u.government, d),
                None => u.government.to_string(),
            }),
            role: Some(role.as_str().to_owned()),
        }
    }
}
